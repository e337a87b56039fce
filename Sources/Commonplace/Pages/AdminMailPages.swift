/// `admin/mail`: the outbox for site admins: where mail goes, how many messages are in each state, the latest ones
/// (filtered by state, paged) with the last reply of the server, and a retry button on the failed ones.
struct AdminMailPage: Sendable {
    /// Where mail goes (the SMTP server without password, or the `.eml` folder).
    let transport: String
    let statuses: [MailStatusLink]
    let messages: [AdminMailRow]
    let summary: String
    let pagination: Pagination?
    let nav = AdminNav(.mail)
}

/// A state of the outbox with its count, as a filter link.
struct MailStatusLink: Sendable {
    let label: String
    let count: Int
    let url: String
    let current: Bool
}

struct AdminMailRow: Sendable {
    let to: String
    let kind: String
    let subject: String
    let status: String
    let attempts: Int
    let lastReply: String?
    let queued: String
    let queuedISO: String
    /// When it was sent, or (still queued) when it is next tried: "sent 2 Dec 2026, 08:40".
    let when: String?
    let canRetry: Bool
    let retryURL: String
}
