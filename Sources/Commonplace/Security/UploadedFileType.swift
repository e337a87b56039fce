import Foundation

/// The kinds of file a resource upload may be. A file is accepted only when its extension names an allowed
/// type AND its content is that type (magic bytes; for Office files the ZIP's central directory; for CSV
/// UTF-8 text without NUL bytes), so a renamed HTML page or program never passes as a PDF.
public enum UploadedFileType: String, CaseIterable, Sendable {
    case pdf, docx, xlsx, pptx, csv, png, jpeg

    /// The extensions (lowercased, without the dot) that name this type.
    var extensions: [String] {
        switch self {
        case .jpeg: ["jpg", "jpeg"]
        default: [rawValue]
        }
    }

    /// The Content-Type the file is stored and served with.
    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .csv: "text/csv; charset=utf-8"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        }
    }

    /// "a PDF", "a Word document (DOCX)": how messages name it.
    var label: String {
        switch self {
        case .pdf: "a PDF"
        case .docx: "a Word document (DOCX)"
        case .xlsx: "an Excel workbook (XLSX)"
        case .pptx: "a PowerPoint presentation (PPTX)"
        case .csv: "a CSV file (UTF-8 text)"
        case .png: "a PNG image"
        case .jpeg: "a JPEG image"
        }
    }

    /// Images are shown in the browser; everything else is offered as a download.
    public var isImage: Bool { self == .png || self == .jpeg }

    /// "PDF, DOCX, XLSX, PPTX, CSV, PNG and JPEG", for hints and messages.
    public static let allowedList = "PDF, DOCX, XLSX, PPTX, CSV, PNG and JPEG"

    /// The `accept` attribute of the file input (a hint for the browser; the server checks for itself).
    public static let acceptAttribute = allCases.flatMap { $0.extensions.map { "." + $0 } }.joined(separator: ",")

    /// The type a file name's extension names, or nil when the extension is not allowed.
    static func named(_ fileName: String) -> UploadedFileType? {
        let ext = (fileName as NSString).pathExtension.lowercased()
        return allCases.first { $0.extensions.contains(ext) }
    }

    /// The type of `fileName` (by extension) whose content is `data`, or a message saying why it is refused.
    static func check(fileName: String, data: Data) -> Result<UploadedFileType, UploadRefusal> {
        guard let named = named(fileName) else {
            let ext = (fileName as NSString).pathExtension
            return .failure(UploadRefusal("Only \(allowedList) files can be shared\(ext.isEmpty ? " (this file has no extension)" : " (not “.\(ext)”)")."))
        }
        if named.matches(data) { return .success(named) }
        let actual = allCases.first { $0 != .csv && $0.matches(data) }
        return .failure(UploadRefusal("The file's content is not \(named.label): it is named “\(fileName)” but "
            + (actual.map { "its content is \($0.label)." } ?? "its content is not one of the allowed types.")
            + " Choose the original file, or save it again in that format."))
    }

    /// Whether `data` really is this type.
    func matches(_ data: Data) -> Bool {
        let bytes = [UInt8](data.prefix(8))
        switch self {
        case .pdf: return bytes.starts(with: Array("%PDF-".utf8))
        case .png: return bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case .jpeg: return bytes.starts(with: [0xFF, 0xD8, 0xFF])
        case .csv: return !data.isEmpty && !data.contains(0) && String(validating: data, as: UTF8.self) != nil
        case .docx, .xlsx, .pptx:
            guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), let names = ZipDirectory.entryNames(data) else { return false }
            let folder = self == .docx ? "word/" : self == .xlsx ? "xl/" : "ppt/"
            return names.contains("[Content_Types].xml") && names.contains { $0.hasPrefix(folder) }
        }
    }
}

/// Why an upload was refused, for the form's file field.
struct UploadRefusal: Error, Equatable {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Reads the entry names of a ZIP archive from its central directory (what unzip and Office read), with bounds
/// on every offset and count; nil for anything that is not a well-formed, non-ZIP64 archive.
enum ZipDirectory {
    static let maxEntries = 20_000

    static func entryNames(_ data: Data) -> [String]? {
        let bytes = [UInt8](data)
        let count = bytes.count
        guard count >= 22 else { return nil }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        // The end-of-central-directory record: within the last 22 + 65,535 (comment) bytes.
        var end = count - 22
        let lowest = max(0, count - 22 - 65_535)
        while end >= lowest {
            if bytes[end] == 0x50, bytes[end + 1] == 0x4B, bytes[end + 2] == 0x05, bytes[end + 3] == 0x06 { break }
            end -= 1
        }
        guard end >= lowest else { return nil }
        let entries = u16(end + 10), size = u32(end + 12), offset = u32(end + 16)
        guard entries > 0, entries <= maxEntries, offset + size <= end else { return nil }
        var names: [String] = []
        var at = offset
        for _ in 0..<entries {
            guard at + 46 <= offset + size,
                  bytes[at] == 0x50, bytes[at + 1] == 0x4B, bytes[at + 2] == 0x01, bytes[at + 3] == 0x02 else { return nil }
            let nameLength = u16(at + 28), extra = u16(at + 30), comment = u16(at + 32)
            let next = at + 46 + nameLength + extra + comment
            guard next <= offset + size else { return nil }
            names.append(String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self))
            at = next
        }
        return names
    }
}
