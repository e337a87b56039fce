/// `admin/log`: every moderation and site-admin action, newest first, filtered by action, community and actor.
struct SiteLogPage: Sendable {
    let entries: [SiteLogEntry]
    let actionOptions: [Option]
    let community: String
    let actor: String
    let summary: String
    let isFiltered: Bool
    let pagination: Pagination?
    let action = Paths.adminLog
    let nav = AdminNav(.log)
}

struct SiteLogEntry: Sendable {
    let actorName: String
    let actorURL: String?
    let label: String
    let target: String
    let communityName: String?
    let communityURL: String?
    let reason: String?
    let when: String
    let whenISO: String
}
