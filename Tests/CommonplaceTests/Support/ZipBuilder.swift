import Foundation

/// ZIP archives built in tests: stored entries, and entries of zeros really deflated (one dynamic-Huffman block that
/// zlib inflates), so a zip bomb is a true one, about 1,000 to 1 as the ones found in the wild, built in microseconds.
struct ZipBuilder {
    enum Content {
        case stored([UInt8])
        /// `count` zero bytes, deflated; `count` is rounded down to 1 + 258 × k.
        case zeros(count: Int)
    }

    private(set) var bytes: [UInt8] = []
    private var central: [UInt8] = []
    private var entries = 0

    mutating func add(_ name: String, _ content: Content) {
        let method: Int, data: [UInt8], size: Int, crc: UInt32
        switch content {
        case .stored(let stored):
            (method, data, size, crc) = (0, stored, stored.count, Self.crc32(stored))
        case .zeros(let count):
            let (deflated, inflated) = Self.deflatedZeros(count)
            (method, data, size, crc) = (8, deflated, inflated, Self.crc32OfZeros(inflated))
        }
        let name = Array(name.utf8)
        let offset = bytes.count
        bytes += [0x50, 0x4B, 0x03, 0x04] + u16(20) + u16(0) + u16(method) + u16(0) + u16(0x21) + u32(Int(crc))
            + u32(data.count) + u32(size) + u16(name.count) + u16(0) + name + data
        central += [0x50, 0x4B, 0x01, 0x02] + u16(20) + u16(20) + u16(0) + u16(method) + u16(0) + u16(0x21) + u32(Int(crc))
            + u32(data.count) + u32(size) + u16(name.count) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(offset) + name
        entries += 1
    }

    /// The archive: entries, central directory, end record.
    var archive: [UInt8] {
        bytes + central + [0x50, 0x4B, 0x05, 0x06] + u16(0) + u16(0) + u16(entries) + u16(entries)
            + u32(central.count) + u32(bytes.count) + u16(0)
    }

    /// A Word document's minimal parts, then `extra`.
    static func docx(_ extra: [(String, Content)] = []) -> [UInt8] {
        var zip = ZipBuilder()
        zip.add("[Content_Types].xml", .stored(Array("<?xml version=\"1.0\"?><Types/>".utf8)))
        zip.add("_rels/.rels", .stored(Array("<?xml version=\"1.0\"?><Relationships/>".utf8)))
        zip.add("word/document.xml", .stored(Array("<?xml version=\"1.0\"?><w:document/>".utf8)))
        for (name, content) in extra { zip.add(name, content) }
        return zip.archive
    }

    private func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    private func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16(v >> 16 & 0xFFFF) }

    // MARK: - Deflate

    /// Zeros as one final dynamic-Huffman block: the literal 0, then k copies of (length 258, distance 1), each two
    /// bits long, then the end of the block. Returns the compressed bytes and the exact uncompressed size, 1 + 258 k.
    static func deflatedZeros(_ count: Int) -> ([UInt8], Int) {
        let matches = max(0, (count - 1) / 258)
        var out = BitWriter()
        out.bits(1, 1)    // BFINAL
        out.bits(2, 2)    // BTYPE = dynamic Huffman
        out.bits(29, 5)   // HLIT: 286 literal/length codes
        out.bits(0, 5)    // HDIST: 1 distance code
        out.bits(14, 4)   // HCLEN: 18 code-length codes
        // Code-length code lengths in RFC 1951's order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1: 18 -> 1, 2 -> 2, 1 -> 2.
        for length in [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2] { out.bits(length, 3) }
        // Canonical code-length codes: 18 = 0, 1 = 10, 2 = 11.
        func lengthCode(_ value: Int) { if value == 1 { out.code(0b10, 2) } else { out.code(0b11, 2) } }
        func zeros(_ n: Int) { out.code(0, 1); out.bits(n - 11, 7) }  // symbol 18: 11-138 zero lengths
        lengthCode(2); zeros(138); zeros(117)   // literal 0: length 2; literals 1-255 unused
        lengthCode(2); zeros(28)                // end of block (256): length 2; lengths 257-284 unused
        lengthCode(1)                           // length 258 (code 285): length 1
        lengthCode(1)                           // distance 1 (code 0): length 1
        // Canonical literal/length codes: 285 = 0, literal 0 = 10, end = 11; distance 0 = 0.
        out.code(0b10, 2)
        for _ in 0..<matches { out.code(0, 1); out.code(0, 1) }
        out.code(0b11, 2)
        return (out.finish(), 1 + 258 * matches)
    }

    private struct BitWriter {
        var bytes: [UInt8] = []
        var current: UInt32 = 0
        var used = 0

        /// A value of `count` bits, least significant bit first (header fields and extra bits).
        mutating func bits(_ value: Int, _ count: Int) {
            for i in 0..<count { bit(UInt32(value >> i) & 1) }
        }

        /// A Huffman code of `count` bits, most significant bit first.
        mutating func code(_ value: Int, _ count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bit(UInt32(value >> i) & 1) }
        }

        mutating func bit(_ b: UInt32) {
            current |= b << used
            used += 1
            if used == 8 { bytes.append(UInt8(current)); current = 0; used = 0 }
        }

        func finish() -> [UInt8] { used > 0 ? bytes + [UInt8(current)] : bytes }
    }

    // MARK: - CRC-32

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// The CRC-32 of `count` zero bytes without reading them: the register times x^(8 count) modulo the polynomial
    /// (zlib's `multmodp` and `x2nmodp`).
    static func crc32OfZeros(_ count: Int) -> UInt32 {
        func multiply(_ a: UInt32, _ b: UInt32) -> UInt32 {
            var m: UInt32 = 1 << 31, p: UInt32 = 0, b = b
            while true {
                if a & m != 0 {
                    p ^= b
                    if a & (m - 1) == 0 { break }
                }
                m >>= 1
                b = b & 1 == 1 ? (b >> 1) ^ 0xEDB8_8320 : b >> 1
            }
            return p
        }
        var power: UInt32 = 1 << 30  // x^1; squared each step: x^(2^k)
        var result: UInt32 = 1 << 31  // x^0
        var n = count * 8
        while n > 0 {
            if n & 1 == 1 { result = multiply(power, result) }
            power = multiply(power, power)
            n >>= 1
        }
        return ~multiply(result, 0xFFFF_FFFF)
    }
}
