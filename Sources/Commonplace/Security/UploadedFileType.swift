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

    /// Word, Excel and PowerPoint files: ZIP archives of XML parts.
    var isOffice: Bool { self == .docx || self == .xlsx || self == .pptx }

    /// The type of `fileName` (by extension) whose content is `data`, or a message saying why it is refused.
    static func check(fileName: String, data: Data) -> Result<UploadedFileType, UploadRefusal> {
        guard let named = named(fileName) else {
            let ext = (fileName as NSString).pathExtension
            return .failure(UploadRefusal("Only \(allowedList) files can be shared\(ext.isEmpty ? " (this file has no extension)" : " (not “.\(ext)”)")."))
        }
        // Before anything else reads the archive: a zip bomb is refused as too large, whatever its parts are named.
        if named.isOffice, let refusal = ZipDirectory.bombRefusal(fileName: fileName, data: data) { return .failure(refusal) }
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

/// Why an upload was refused, for the form's file field; `tooLarge` answers 413 instead of 400.
struct UploadRefusal: Error, Equatable {
    let message: String
    var tooLarge = false
    init(_ message: String, tooLarge: Bool = false) {
        self.message = message
        self.tooLarge = tooLarge
    }
}
