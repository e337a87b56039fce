import NIOCore

/// The bytes of a page as compiled templates write it: static text copied in, values escaped byte by byte as
/// they are appended. The buffer becomes the response body as it is, without another copy.
///
/// Escaping works on UTF-8 bytes: the five characters it replaces are ASCII, and ASCII bytes never occur inside
/// a multi-byte sequence, so a quote followed by a combining mark (one grapheme) is escaped all the same.
struct HTMLWriter {
    var buffer: ByteBuffer

    init(capacity: Int = HTMLWriter.initialCapacity) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Most pages fit; a long discussion grows the buffer a few times.
    static let initialCapacity = 32 * 1024

    // MARK: - Text of the template

    @inline(__always)
    mutating func raw(_ text: StaticString) {
        buffer.writeStaticString(text)
    }

    // MARK: - Values, escaped (`{{value}}`)

    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { escape($0) }
    }

    mutating func text(_ value: Substring) {
        text(String(value))
    }

    mutating func text(_ value: Int) {
        buffer.writeString(String(value))
    }

    mutating func text(_ value: Int64) {
        buffer.writeString(String(value))
    }

    mutating func text(_ value: Bool) {
        buffer.writeStaticString(value ? "true" : "false")
    }

    mutating func text(_ value: Double) {
        text(String(describing: value))
    }

    /// The visitor's CSRF token, computed the first time a page writes a form.
    mutating func text(_ value: CSRFToken) {
        text(value.value)
    }

    // MARK: - Values as they are (`{{{html}}}`: Markdown rendered on write, already safe)

    mutating func html(_ value: String) {
        buffer.writeString(value)
    }

    mutating func html(_ value: Substring) {
        buffer.writeSubstring(value)
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

    private mutating func escape(_ bytes: UnsafeBufferPointer<UInt8>) {
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
            if index > runStart { buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))) }
            buffer.writeStaticString(replacement)
            runStart = index + 1
        }
        if runStart < bytes.count { buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[runStart...]))) }
    }

    // MARK: - Indentation of standalone partials (as swift-mustache gave it)

    /// Where the output is now.
    var mark: Int { buffer.writerIndex }

    /// Writes `indentation` if the body that started at `start` has written something that ends a line.
    mutating func indent(_ indentation: StaticString, after start: Int) {
        if endsLine(after: start) { buffer.writeStaticString(indentation) }
    }

    /// Like `indent`, but undone by `dropIndentIfNothingWritten` when the value that follows writes nothing.
    mutating func indentIfWritten(_ indentation: StaticString, after start: Int) -> (before: Int, after: Int) {
        let before = buffer.writerIndex
        indent(indentation, after: start)
        return (before, buffer.writerIndex)
    }

    mutating func dropIndentIfNothingWritten(_ mark: (before: Int, after: Int)) {
        if buffer.writerIndex == mark.after { buffer.moveWriterIndex(to: mark.before) }
    }

    private func endsLine(after start: Int) -> Bool {
        let end = buffer.writerIndex
        return end > start && buffer.getInteger(at: end - 1, as: UInt8.self) == UInt8(ascii: "\n")
    }
}
