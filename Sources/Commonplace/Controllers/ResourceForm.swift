import Foundation
import Hummingbird

/// The share and edit forms of a resource: reading them (multipart with an optional file, or URL-encoded for a
/// link), validating every field, checking the file by its content, and the form page with its messages.
struct ResourceForm {
    /// The text fields, as sent.
    struct Fields: Decodable {
        var title: String?
        var url: String?
        var description: String?
        var type: String?
        var audience: String?
        var tags: String?
        var review_by: String?
    }

    /// What was sent: the fields and, maybe, an uploaded file in a temporary file (the caller keeps or discards it).
    struct Submission {
        var fields: Fields
        var file: MultipartForm.File?
    }

    let services: AppServices

    /// Reads the submitted form. An oversized body or file throws `UploadTooLarge` (nothing kept).
    func read(_ request: Request, context: AppRequestContext) async throws -> Submission {
        if FormBody.isURLEncoded(request) {
            return Submission(fields: try await FormBody.decode(Fields.self, from: request, context: context), file: nil)
        }
        let form = try await MultipartReader.read(request, fileField: "file", maxFileBytes: services.site.maxUploadBytes,
                                                  store: services.uploads)
        let f = form.fields
        return Submission(fields: Fields(title: f["title"], url: f["url"], description: f["description"], type: f["type"],
                                         audience: f["audience"], tags: f["tags"], review_by: f["review_by"]),
                          file: form.file)
    }

    /// Validates the fields into `resource` and checks the file; returns the tags, the file's type and the status to
    /// answer with when the page has errors (413 for a file too large once unpacked, else 400).
    /// `original` is the resource being edited (nil when sharing): its file is kept when no other is chosen.
    func apply(_ submission: Submission, to resource: inout Resource, original: Resource?,
               page: inout ResourceFormPage) -> (tags: [String], fileType: UploadedFileType?, status: HTTPResponse.Status) {
        let fields = submission.fields
        resource.title = cleanText(fields.title)
        let link = cleanText(fields.url)
        resource.descriptionMarkdown = cleanText(fields.description)
        resource.audience = cleanText(fields.audience)
        let reviewText = cleanText(fields.review_by)
        page.title = resource.title
        page.url = link
        page.description = resource.descriptionMarkdown
        page.audience = resource.audience
        page.tags = cleanText(fields.tags)
        page.reviewBy = reviewText

        var errors = ResourceErrors()
        errors.title = ResourceValidation.title(resource.title)
        errors.description = ResourceValidation.description(resource.descriptionMarkdown)
        errors.audience = ResourceValidation.audience(resource.audience)
        let (tags, tagError) = ResourceValidation.tags(page.tags)
        errors.tags = tagError
        if let kind = Resource.Kind(rawValue: cleanText(fields.type)) {
            resource.type = kind
        } else {
            errors.type = "Choose what kind of resource this is: " + Resource.Kind.allCases.map(\.rawValue).joined(separator: ", ") + "."
        }
        page.types = Self.typeOptions(selected: errors.type == nil ? resource.type : nil)
        // An unchanged review date stays valid on edit even once it has passed.
        if let original, let current = original.reviewBy, reviewText == Formatting.isoDay(current) {
            resource.reviewBy = current
        } else {
            let (date, error) = ResourceValidation.reviewBy(reviewText, now: services.now)
            resource.reviewBy = date
            errors.reviewBy = error
        }

        var fileType: UploadedFileType?
        var status = HTTPResponse.Status.badRequest
        let keepsFile = original?.isFile == true
        switch (link.isEmpty, submission.file) {
        case (false, .some):
            errors.link = "Share either a link or a file, not both: clear the link, or leave the file out."
        case (true, nil) where !keepsFile:
            errors.link = "Add a link, or choose a file to upload."
        case (false, nil):
            errors.link = ResourceValidation.link(link)
            resource.url = link
        case (true, .some(let file)):
            switch check(file) {
            case .success(let type): fileType = type
            case .failure(let refusal):
                errors.file = refusal.message
                if refusal.tooLarge { status = .contentTooLarge }
            }
        case (true, nil):
            break  // editing a file resource without a new file: it keeps its file
        }
        page.errors = errors
        page.hasErrors = !errors.isEmpty
        return (tags, fileType, status)
    }

    /// The uploaded file's type, checked by its extension and its content.
    func check(_ file: MultipartForm.File) -> Result<UploadedFileType, UploadRefusal> {
        guard file.size > 0 else { return .failure(UploadRefusal("The file “\(file.fileName)” is empty.")) }
        guard let data = try? Data(contentsOf: file.temporaryURL, options: .alwaysMapped) else {
            return .failure(UploadRefusal("The file could not be read. Please try again."))
        }
        return UploadedFileType.check(fileName: file.fileName, data: data)
    }

    /// An empty form page (fields are filled in by `apply`, or from the resource being edited).
    func page(_ community: Community, heading: String, action: String, submit: String, cancel: String,
              willBeHeld: Bool) -> ResourceFormPage {
        ResourceFormPage(community: CommunityHeader(community), heading: heading, action: action, submitLabel: submit,
                         cancelURL: cancel, types: Self.typeOptions(selected: nil),
                         maxUpload: Self.size(services.site.maxUploadBytes), willBeHeld: willBeHeld)
    }

    /// The 413 page: the form again, saying how large a file may be (the body was not read, so fields are empty).
    func tooLarge(_ page: ResourceFormPage) -> ResourceFormPage {
        var page = page
        page.errors.file = "The file is larger than \(Self.size(services.site.maxUploadBytes)), the most this site accepts. "
            + "Nothing was saved: share a smaller file, or a link to where the file is kept."
        page.hasErrors = true
        return page
    }

    static func typeOptions(selected: Resource.Kind?) -> [Option] {
        [Option(value: "", label: "Choose a type", selected: selected == nil)]
            + Resource.Kind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == selected) }
    }

    /// "820 KB", "1.2 MB", "10 MB".
    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        if bytes < 1024 * 1024 { return "\(max(1, bytes / 1024)) KB" }
        let mb = Double(bytes) / 1_048_576
        return mb >= 10 || mb == mb.rounded() ? "\(Int(mb.rounded())) MB" : String(format: "%.1f MB", mb)
    }
}
