import Foundation

/// Reads a ZIP archive's central directory (what unzip and Office read): each entry's name and declared sizes, with
/// bounds on every offset and count. Nothing is decompressed. Office files are ZIP archives, and one that declares
/// far more content than any document has is a zip bomb: refused before it is kept (issue 11).
enum ZipDirectory {
    /// The most entries an Office file may have: a 500-slide presentation has about 2,000.
    static let maxEntries = 10_000
    /// The most content an Office file's entries may declare in all, unpacked (the largest upload is 10 MiB by default,
    /// and Office's XML packs about ten to one).
    static let maxUnpackedBytes = 100 << 20

    struct Entry: Equatable {
        var name: String
        var compressedSize: Int
        /// As declared; 0xFFFFFFFF (ZIP64's "see the extra field") counts as 4 GiB, over any limit.
        var uncompressedSize: Int
    }

    enum Reading: Equatable {
        case entries([Entry])
        /// The end record declares more entries than `maxEntries` (they are not read).
        case tooManyEntries(Int)
        /// Not a well-formed, non-ZIP64 archive.
        case malformed
    }

    /// The entry names, or nil for anything that is not a well-formed archive of at most `maxEntries` entries.
    static func entryNames(_ data: Data) -> [String]? {
        guard case .entries(let entries) = read(data) else { return nil }
        return entries.map(\.name)
    }

    /// The 413 message for an Office file that declares too many entries or too much content, or nil.
    static func bombRefusal(fileName: String, data: Data) -> UploadRefusal? {
        let detail: String
        switch read(data) {
        case .malformed:
            return nil  // not an archive at all: the content check says what it is
        case .tooManyEntries(let count):
            detail = "holds \(grouped(count)) parts; this site accepts Office files of up to \(grouped(maxEntries)) parts"
        case .entries(let entries):
            // At most 10,000 sizes below 2^32 each: no overflow.
            let total = entries.reduce(0) { $0 + $1.uncompressedSize }
            guard total > maxUnpackedBytes else { return nil }
            detail = "would unpack to \(megabytes(total)) MB when opened; this site accepts Office files of up to "
                + "\(megabytes(maxUnpackedBytes)) MB unpacked"
        }
        return UploadRefusal("“\(fileName)” \(detail). Files like this (“zip bombs”) can freeze the computers that open them. "
            + "Nothing was saved: save the document again from its application, or share a link to it.", tooLarge: true)
    }

    static func read(_ data: Data) -> Reading {
        data.withUnsafeBytes { raw in read(raw.bindMemory(to: UInt8.self)) }
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Reading {
        let count = bytes.count
        guard count >= 22 else { return .malformed }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        // The end-of-central-directory record: within the last 22 + 65,535 (comment) bytes.
        var end = count - 22
        let lowest = max(0, count - 22 - 65_535)
        while end >= lowest {
            if bytes[end] == 0x50, bytes[end + 1] == 0x4B, bytes[end + 2] == 0x05, bytes[end + 3] == 0x06 { break }
            end -= 1
        }
        guard end >= lowest else { return .malformed }
        let entries = u16(end + 10), size = u32(end + 12), offset = u32(end + 16)
        guard entries <= maxEntries else { return .tooManyEntries(entries) }
        guard entries > 0, offset + size <= end else { return .malformed }
        var found: [Entry] = []
        found.reserveCapacity(entries)
        var at = offset
        for _ in 0..<entries {
            guard at + 46 <= offset + size,
                  bytes[at] == 0x50, bytes[at + 1] == 0x4B, bytes[at + 2] == 0x01, bytes[at + 3] == 0x02 else { return .malformed }
            let nameLength = u16(at + 28), extra = u16(at + 30), comment = u16(at + 32)
            let next = at + 46 + nameLength + extra + comment
            guard next <= offset + size else { return .malformed }
            found.append(Entry(name: String(decoding: UnsafeBufferPointer(rebasing: bytes[(at + 46)..<(at + 46 + nameLength)]), as: UTF8.self),
                               compressedSize: u32(at + 20), uncompressedSize: u32(at + 24)))
            at = next
        }
        return .entries(found)
    }

    /// "200" for 200 MiB, rounded up so a file just over the limit never reads as the limit itself.
    private static func megabytes(_ bytes: Int) -> Int {
        (bytes + (1 << 20) - 1) >> 20
    }

    /// "10,001".
    private static func grouped(_ number: Int) -> String {
        let digits = String(number)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
