import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A `multipart/form-data` body (what a form with a file input sends), read as it streams in with MultipartKit's
/// parser: text fields kept in memory (each within `Limits.maxFieldBytes`), the one file written straight to a
/// temporary file, and hard limits on the whole body, the file and the number of parts.
struct MultipartForm: Sendable {
    /// The uploaded file, in a temporary file of the upload store until it is checked and kept (or discarded).
    struct File: Sendable {
        let fileName: String
        let temporaryURL: URL
        let size: Int
    }

    /// Text fields by name (the first value of a name wins).
    var fields: [String: String] = [:]
    var file: File?
}

/// The body or its file is larger than allowed: the form says so with 413.
struct UploadTooLarge: Error {}

enum MultipartReader {
    /// More parts than this is not a form of ours.
    static let maxParts = 40
    /// Room for the text fields around the file (the description is up to 20,000 characters).
    static let fieldAllowance = 256 * 1024
    /// The CSRF token must come within this many bytes of the start of the body.
    static let leadingFieldLimit = 8 * 1024
    static let malformed = "The form could not be read (the upload may have been interrupted). Please try again."

    static func isMultipart(_ request: Request) -> Bool {
        request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") ?? false
    }

    /// The boundary parameter of a `multipart/form-data` Content-Type (1 to 70 characters, RFC 2046).
    static func boundary(_ request: Request) -> String? {
        guard isMultipart(request), let type = request.headers[.contentType] else { return nil }
        let boundary = parameters(type)["boundary"] ?? ""
        return (1...70).contains(boundary.utf8.count) ? boundary : nil
    }

    // MARK: - The leading CSRF field

    /// The value of the body's first part if it is named `name` (the CSRF token, which our upload forms put
    /// first), read from the start of the stream only; the request keeps its whole body: what was read is put back
    /// in front of the rest, so nothing is buffered beyond `leadingFieldLimit` before the token is checked.
    static func leadingField(_ name: String, of request: inout Request) async throws -> String? {
        guard let boundary = boundary(request) else { return nil }
        var iterator = request.body.makeAsyncIterator()
        var consumed: [ByteBuffer] = []
        var read = 0
        let parser = MultipartParser(boundary: boundary)
        var partName: String?
        var value: [UInt8] = []
        var finished = false
        parser.onHeader = { header, headerValue in
            if !finished, header.lowercased() == "content-disposition" { partName = parameters(headerValue)["name"] }
        }
        parser.onBody = { buffer in
            if !finished, value.count <= leadingFieldLimit { value.append(contentsOf: buffer.readableBytesView) }
        }
        parser.onPartComplete = { finished = true }
        while !finished, read <= leadingFieldLimit, let chunk = try await iterator.next() {
            consumed.append(chunk)
            read += chunk.readableBytes
            do { try parser.execute(chunk) } catch { break }
        }
        request.body = RequestBody(asyncSequence: ReplayedBody(consumed: consumed, rest: .init(iterator)))
        guard finished, partName == name, value.count <= leadingFieldLimit else { return nil }
        return String(decoding: value, as: UTF8.self)
    }

    // MARK: - The whole form

    /// What is being read: a text field, the file, or a part to skip (the CSRF token, already checked).
    private enum Part {
        case field(String, [UInt8])
        case file(String, URL, FileHandle, Int)
        case skipped
    }

    /// Reads the form: at most one file (in the part named `fileField`) of at most `maxFileBytes`, written to a
    /// temporary file in `store` (which the caller keeps or discards; on any error here it is already removed).
    static func read(_ request: Request, fileField: String, maxFileBytes: Int, store: UploadStore) async throws -> MultipartForm {
        guard let boundary = boundary(request) else {
            throw AppError.badRequest("A form with a file must be sent as multipart/form-data.")
        }
        let maxBody = maxFileBytes + fieldAllowance
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBody { throw UploadTooLarge() }

        let parser = MultipartParser(boundary: boundary)
        var form = MultipartForm()
        var headers: [(String, String)] = []
        var part: Part?
        var parts = 0
        var failure: (any Error)?
        var temporary: URL?

        func begin() {
            guard part == nil, failure == nil else { return }
            parts += 1
            let disposition = headers.first { $0.0.lowercased() == "content-disposition" }.map { parameters($0.1) } ?? [:]
            headers = []
            guard parts <= maxParts, let name = disposition["name"] else {
                failure = AppError.badRequest(malformed)
                return
            }
            if let rawFileName = disposition["filename"] {
                let fileName = cleanFileName(rawFileName)
                guard name == fileField, form.file == nil, temporary == nil else {
                    failure = AppError.badRequest("Send one file at most, in the “\(fileField)” field.")
                    return
                }
                // A file input left empty still sends a part, with no name and no content.
                guard !fileName.isEmpty else { part = .skipped; return }
                do {
                    let url = try store.temporaryFile()
                    temporary = url
                    part = .file(fileName, url, try FileHandle(forWritingTo: url), 0)
                } catch { failure = error }
            } else {
                part = name == CSRFMiddleware.field ? .skipped : .field(name, [])
            }
        }

        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { buffer in
            begin()
            guard failure == nil, let current = part else { return }
            switch current {
            case .field(let name, var bytes):
                bytes.append(contentsOf: buffer.readableBytesView)
                if bytes.count > Limits.maxFieldBytes { failure = AppError.badRequest("A field of the form is longer than the server accepts.") }
                part = .field(name, bytes)
            case .file(let fileName, let url, let handle, let size):
                let newSize = size + buffer.readableBytes
                if newSize > maxFileBytes { failure = UploadTooLarge(); return }
                do { try handle.write(contentsOf: buffer.readableBytesView) } catch { failure = error }
                part = .file(fileName, url, handle, newSize)
            case .skipped: break
            }
        }
        parser.onPartComplete = {
            begin()
            guard failure == nil, let current = part else { return }
            part = nil
            switch current {
            case .field(let name, let bytes):
                guard let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0) else {
                    failure = AppError.badRequest("The form's field “\(name)” is not valid UTF-8 text.")
                    return
                }
                if form.fields[name] == nil { form.fields[name] = text }
            case .file(let fileName, let url, let handle, let size):
                do { try handle.close() } catch { failure = error; return }
                form.file = .init(fileName: fileName, temporaryURL: url, size: size)
            case .skipped: break
            }
        }

        do {
            var total = 0
            for try await chunk in request.body {
                total += chunk.readableBytes
                if total > maxBody { throw UploadTooLarge() }
                do { try parser.execute(chunk) } catch { throw AppError.badRequest(malformed) }
                if let failure { throw failure }
            }
            // A part still open means the body ended before its closing boundary.
            guard part == nil, parts > 0 else { throw AppError.badRequest(malformed) }
        } catch {
            if case .file(_, _, let handle, _) = part { try? handle.close() }
            store.discard(temporary)
            throw error
        }
        return form
    }

    // MARK: - Header parameters

    /// The parameters of a header value such as `form-data; name="file"; filename="a.pdf"` (keys lowercased;
    /// quoted strings unescaped; `filename*=UTF-8''…` decoded and preferred over `filename`).
    static func parameters(_ value: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(value)
        // Skip the leading token ("form-data", "multipart/form-data").
        rest = rest.drop { $0 != ";" }
        while rest.first == ";" {
            rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
            let keyPart = rest.prefix { $0 != "=" && $0 != ";" }
            let key = keyPart.trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest.dropFirst(keyPart.count)
            guard rest.first == "=" else { continue }
            rest = rest.dropFirst()
            var parsed = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let c = rest.first {
                    rest = rest.dropFirst()
                    if escaped { parsed.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { break } else { parsed.append(c) }
                }
                rest = rest.drop { $0 != ";" }
            } else {
                parsed = String(rest.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces)
                rest = rest.drop { $0 != ";" }
            }
            if key == "filename*" {
                let parts = parsed.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if parts.count == 3, parts[0].lowercased() == "utf-8", let decoded = parts[2].removingPercentEncoding {
                    result["filename"] = decoded
                    result["filename*"] = decoded
                }
            } else if !key.isEmpty, result[key] == nil {
                result[key] = parsed
            }
        }
        return result
    }

    /// The last path component of a browser's file name, without control characters, at most 200 characters.
    static func cleanFileName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(String.UnicodeScalarView(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
        return String(clean.trimmingCharacters(in: .whitespaces).suffix(200))
    }
}

/// A request body whose first buffers were already read: they come first, then the rest of the original stream.
struct ReplayedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let consumed: [ByteBuffer]
    let rest: Remainder

    /// The original stream's iterator. A request body is read once, by the task handling the request, so handing
    /// the iterator over to that same task's later reader is safe.
    final class Remainder: @unchecked Sendable {
        var iterator: RequestBody.AsyncIterator
        init(_ iterator: RequestBody.AsyncIterator) { self.iterator = iterator }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let consumed: [ByteBuffer]
        var index = 0
        let rest: Remainder

        mutating func next() async throws -> ByteBuffer? {
            if index < consumed.count {
                index += 1
                return consumed[index - 1]
            }
            return try await rest.iterator.next()
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(consumed: consumed, rest: rest) }
}
