import GRDB

// TEMPORARY: stands in for the watching branch's `watchAudience` until `git merge watching` (then delete this file).
struct WatchAudience: Sendable {
    var notify: Set<Int64> = []
    var muted: Set<Int64> = []
}

extension AppDatabase {
    static func watchAudience(_ db: Database, communityID: Int64, boardID: Int64, discussionID: Int64,
                              opensDiscussion: Bool) throws -> WatchAudience {
        WatchAudience()
    }
}
