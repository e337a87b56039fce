import NIOCore

/// The bytes of a page as compiled templates write it: static text copied in, values escaped as they are
/// appended, into one growing block of memory that `finish()` hands over as the response body.
///
/// The block is a plain pointer rather than a `ByteBuffer`: a page is thousands of small appends, and each
/// append to a `ByteBuffer` pays for a uniqueness check and a dynamic exclusivity check on its storage class,
/// which profiled at a third of the rendering time. The writer is non-copyable, so the block has one owner and
/// is freed exactly once.
///
/// Escaping works on UTF-8 bytes: the five characters it replaces are ASCII, and ASCII bytes never occur inside
/// a multi-byte sequence, so a quote followed by a combining mark (one grapheme) is escaped all the same.
struct HTMLWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// How many bytes are written: where the output is now.
    private(set) var mark: Int = 0

    init(capacity: Int = HTMLWriter.initialCapacity) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Most pages fit; a long discussion grows the block once or twice.
    static let initialCapacity = 48 * 1024

    /// The page, as a response body (one copy of the whole page; the block is freed).
    consuming func finish() -> ByteBuffer {
        ByteBuffer(bytes: UnsafeRawBufferPointer(start: base, count: mark))
    }

    // MARK: - Appending bytes

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if mark + extra > capacity { grow(to: mark + extra) }
    }

    private mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: mark)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    @inline(__always)
    private mutating func append(_ start: UnsafePointer<UInt8>, count: Int) {
        reserve(count)
        (base + mark).update(from: start, count: count)
        mark += count
    }

    @inline(__always)
    private mutating func append(_ text: StaticString) {
        if text.hasPointerRepresentation {
            append(text.utf8Start, count: text.utf8CodeUnitCount)
        } else {
            text.withUTF8Buffer { append($0.baseAddress!, count: $0.count) }
        }
    }

    // MARK: - Text of the template

    @inline(__always)
    mutating func raw(_ text: StaticString) {
        append(text)
    }

    // MARK: - Values, escaped (`{{value}}`)

    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { escape($0) }
    }

    mutating func text(_ value: Substring) {
        var value = value
        value.withUTF8 { escape($0) }
    }

    mutating func text(_ value: Int) {
        decimal(Int64(value))
    }

    mutating func text(_ value: Int64) {
        decimal(value)
    }

    mutating func text(_ value: Bool) {
        append(value ? "true" : "false")
    }

    mutating func text(_ value: Double) {
        text(String(describing: value))
    }

    /// The visitor's CSRF token, computed the first time a page writes a form.
    mutating func text(_ value: CSRFToken) {
        text(value.value)
    }

    /// Writes a value that knows its own bytes (a date, formatted without making a string first).
    mutating func text(_ value: some HTMLWritable) {
        value.write(to: &self)
    }

    // MARK: - Values as they are (`{{{html}}}`: Markdown rendered on write, already safe)

    mutating func html(_ value: String) {
        var value = value
        value.withUTF8 { append($0.baseAddress ?? UnsafePointer(base), count: $0.count) }
    }

    mutating func html(_ value: Substring) {
        var value = value
        value.withUTF8 { append($0.baseAddress ?? UnsafePointer(base), count: $0.count) }
    }

    mutating func html(_ value: Int) {
        text(value)
    }

    mutating func html(_ value: Int64) {
        text(value)
    }

    mutating func html(_ value: Bool) {
        text(value)
    }

    // MARK: - For values that write themselves (ASCII they produce, never markup)

    /// Appends ASCII bytes that need no escaping (digits, dashes, colons).
    mutating func ascii(_ byte: UInt8) {
        reserve(1)
        base[mark] = byte
        mark += 1
    }

    /// Appends a short static text that needs no escaping.
    mutating func ascii(_ text: StaticString) {
        append(text)
    }

    /// Appends `value` in decimal, left-padded with zeros to `width` digits.
    mutating func decimal(_ value: Int64, width: Int = 1) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for any Int64 and its sign
        let magnitude = value.magnitude
        withUnsafeMutableBytes(of: &digits) { scratch in
            var cursor = scratch.count
            var rest = magnitude
            repeat {
                cursor -= 1
                scratch[cursor] = UInt8(ascii: "0") &+ UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            while scratch.count - cursor < width {
                cursor -= 1
                scratch[cursor] = UInt8(ascii: "0")
            }
            if value < 0 {
                cursor -= 1
                scratch[cursor] = UInt8(ascii: "-")
            }
            let bytes = scratch.baseAddress!.assumingMemoryBound(to: UInt8.self) + cursor
            append(bytes, count: scratch.count - cursor)
        }
    }

    private mutating func escape(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress else { return }
        reserve(bytes.count)
        var runStart = 0
        for index in 0..<bytes.count {
            let replacement: StaticString
            switch bytes[index] {
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case UInt8(ascii: "'"): replacement = "&#39;"
            default: continue
            }
            if index > runStart { append(start + runStart, count: index - runStart) }
            append(replacement)
            runStart = index + 1
        }
        if runStart < bytes.count { append(start + runStart, count: bytes.count - runStart) }
    }

    // MARK: - Indentation of standalone partials (as swift-mustache gave it)

    /// Writes `indentation` if the body that started at `start` has written something that ends a line.
    mutating func indent(_ indentation: StaticString, after start: Int) {
        if endsLine(after: start) { append(indentation) }
    }

    /// Like `indent`, but undone by `dropIndentIfNothingWritten` when the value that follows writes nothing.
    mutating func indentIfWritten(_ indentation: StaticString, after start: Int) -> (before: Int, after: Int) {
        let before = mark
        indent(indentation, after: start)
        return (before, mark)
    }

    mutating func dropIndentIfNothingWritten(_ written: (before: Int, after: Int)) {
        if mark == written.after { mark = written.before }
    }

    private func endsLine(after start: Int) -> Bool {
        mark > start && base[mark - 1] == UInt8(ascii: "\n")
    }
}

/// A value a template prints by writing its bytes straight into the page (`{{createdAt}}` of a `Moment`), with
/// no string made on the way. Its `description` must be the same text: tests render every page with swift-mustache
/// too, which prints it through `CustomStringConvertible`.
protocol HTMLWritable: CustomStringConvertible {
    /// Writes the value; the bytes must be ASCII that needs no escaping, or go through `out.text`.
    func write(to out: inout HTMLWriter)
}
