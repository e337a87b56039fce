import HTTPTypes
import Hummingbird

/// Cookie values read straight from a request's `Cookie` headers. Hummingbird's `request.cookies` splits the headers
/// into every cookie and builds a `Cookie`, properties and all, on each lookup, by `Character`; a request needs one or
/// two values (the session, the visitor id), so they are found by scanning the bytes.
enum RequestCookies {
    /// The value of the first cookie called `name` (everything after its first `=`), or nil.
    static func value(of name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            if let value = value(of: name, inHeader: header) { return value }
        }
        return nil
    }

    /// The value of the first cookie called `name` in one `Cookie` header (`a=1; b=2`).
    static func value(of name: String, inHeader header: String) -> String? {
        var rest = header.utf8[...]
        while !rest.isEmpty {
            let end = rest.firstIndex(of: UInt8(ascii: ";")) ?? rest.endIndex
            var part = rest[rest.startIndex..<end]
            while let first = part.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { part = part.dropFirst() }
            if let equals = part.firstIndex(of: UInt8(ascii: "=")), part[part.startIndex..<equals].elementsEqual(name.utf8) {
                return String(Substring(part[part.index(after: equals)...]))
            }
            rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
        }
        return nil
    }
}
