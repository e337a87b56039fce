import Foundation
import Hummingbird
import NIOCore

/// Reading `application/x-www-form-urlencoded` bodies safely: size limit (413), valid UTF-8,
/// no oversized field, and decoding into a `Decodable` form struct (400 with a message otherwise).
enum FormBody {
    static let wrongContentTypeMessage = "Forms must be sent as application/x-www-form-urlencoded."

    static func isURLEncoded(_ request: Request) -> Bool {
        guard let type = request.headers[.contentType] else { return false }
        return type.lowercased().hasPrefix("application/x-www-form-urlencoded")
    }

    /// Collects the body up to the limit (413 beyond) and leaves it buffered in `request` for later readers.
    static func collect(_ request: inout Request, context: some RequestContext) async throws -> ByteBuffer {
        do {
            return try await request.collectBody(upTo: context.maxUploadSize)
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            throw AppError.tooLarge
        } catch let error as NIOTooManyBytesError {
            _ = error
            throw AppError.tooLarge
        }
    }

    /// The URL's query as browsers send GET forms: `+` is a space, `%XX` escapes are decoded; the first value of a name wins.
    static func queryParameters(_ request: Request) -> [String: String] {
        var result: [String: String] = [:]
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decode(parts[0]), result[name] == nil else { continue }
            result[name] = parts.count > 1 ? (decode(parts[1]) ?? "") : ""
        }
        return result
    }

    /// The still-encoded value of `name`, without decoding the rest (used for the CSRF token, which is hex).
    static func rawField(_ name: String, in body: ByteBuffer) -> String? {
        let text = String(decoding: body.readableBytesView, as: UTF8.self)
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, parts[0] == name { return String(parts[1]) }
        }
        return nil
    }

    /// Decodes the form into `Form`, refusing wrong content types, invalid UTF-8, oversized fields and missing fields.
    static func decode<Form: Decodable>(_ type: Form.Type, from request: Request, context: some RequestContext) async throws -> Form {
        guard isURLEncoded(request) else { throw AppError.badRequest(wrongContentTypeMessage) }
        var request = request
        let body = try await collect(&request, context: context)
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            throw AppError.badRequest("The form was not valid UTF-8 text.")
        }
        try validateFields(text)
        KeptForm.current?.keep(text)
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: text)
        } catch let DecodingError.keyNotFound(key, _) {
            throw AppError.badRequest("The form is missing the field “\(key.stringValue)”.")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
            let field = context.codingPath.last?.stringValue ?? "a field"
            throw AppError.badRequest("The form's field “\(field)” has a value that cannot be read.")
        } catch let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.last?.stringValue ?? "a field"
            throw AppError.badRequest("The form is missing a value for “\(field)”.")
        } catch {
            throw AppError.badRequest("The form could not be read.")
        }
    }

    /// Each name and value must percent-decode to valid UTF-8 with no NUL and stay under the hard field limit.
    /// One pass over the bytes (Foundation's `replacingOccurrences` and `removingPercentEncoding` per field were
    /// a twentieth of a reply).
    static func validateFields(_ text: String) throws {
        var text = text
        try text.withUTF8 { bytes in
            var field: [UInt8] = []
            field.reserveCapacity(min(bytes.count, 4096))
            var invalid = false
            var pairHasName = false  // a pair splits at its first "=" only
            func endField() throws {
                if invalid || String(validating: field, as: UTF8.self) == nil {
                    throw AppError.badRequest("The form was not valid UTF-8 text.")
                }
                if field.count > Limits.maxFieldBytes {
                    throw AppError.badRequest("A field of the form is longer than the server accepts.")
                }
                if field.contains(0) {
                    throw AppError.badRequest("The form contains a NUL character.")
                }
                field.removeAll(keepingCapacity: true)
            }
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "&"):
                    try endField()
                    pairHasName = false
                case UInt8(ascii: "=") where !pairHasName:
                    try endField()
                    pairHasName = true
                case UInt8(ascii: "+"):
                    field.append(UInt8(ascii: " "))
                case UInt8(ascii: "%"):
                    guard index + 1 < bytes.count, let high = hexValue(bytes[index]), let low = hexValue(bytes[index + 1])
                    else { invalid = true; continue }
                    field.append(high << 4 | low)
                    index += 2
                default:
                    field.append(byte)
                }
            }
            try endField()
        }
    }

    /// The value of a hex digit, or nil.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
