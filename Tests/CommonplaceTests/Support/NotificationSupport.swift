import Foundation
import GRDB
@testable import Commonplace

extension TestApp {
    /// Every notification of `user` (visible or not), newest first.
    func notifications(of user: User) async throws -> [NotificationRecord] {
        try await database.allNotifications(userID: user.id!)
    }

    /// The kinds of `user`'s notifications, newest first.
    func notificationKinds(of user: User) async throws -> [NotificationKind] {
        try await notifications(of: user).map(\.kind)
    }

    /// How many notification rows there are in all (a second fan-out must not add any).
    func notificationCount() async throws -> Int {
        try await database.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notification") ?? 0 }
    }

    /// The kinds of the events recorded so far, oldest first.
    func eventKinds() async throws -> [EventKind] {
        try await database.reader.read { db in
            try String.fetchAll(db, sql: "SELECT kind FROM event ORDER BY id").compactMap(EventKind.init(rawValue:))
        }
    }

    /// An account that is a member of `community`.
    func member(_ handle: String, of community: Community) async throws -> User {
        let user = try await createUser(handle: handle)
        try await database.addMember(communityID: community.id!, userID: user.id!, now: clock.now)
        return user
    }
}

extension Browser.Page {
    /// The header's unread count ("3"), nil when it shows none.
    var unreadBadge: String? {
        body.firstMatch(of: /Notifications <span class="badge count">(\d+)<span class="visually-hidden"> unread<\/span><\/span>/).map { String($0.1) }
    }
}
