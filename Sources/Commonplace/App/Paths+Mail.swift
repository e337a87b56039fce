/// Links of the outbox's administration (issue 13, delivery).
extension Paths {
    public static let adminMail = "/admin/mail"
    public static func retryMail(_ id: Int64) -> String { "/admin/mail/\(id)/retry" }

    /// The outbox, filtered by status (`queued`, `sent`, `failed`, `dropped`; empty: all) and paged.
    public static func adminMail(status: String, page: Int) -> String {
        withQuery(adminMail, [("status", status), ("page", page > 1 ? String(page) : "")])
    }
}
