import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Every actor against the notification rules, and the list and count against the rule, for every actor.
@Suite("Guardian: notifications")
struct NotificationGuardianTests {
    typealias ActorName = ForumGuardianTests.ActorName
    typealias Case = GuardianCase

    @Test("each rule allows exactly the actors it should")
    func matrix() async throws {
        let f = try await ForumFixture.make()
        let (c, pc, oc) = (f.community, f.privateCommunity, f.otherCommunity)
        let (discussion, posts) = try await f.question(replies: 1)
        let post = posts[0]  // by the member
        var hiddenPost = post
        hiddenPost.hiddenAt = f.app.clock.now
        var deletedPost = post
        deletedPost.deletedAt = f.app.clock.now
        var hiddenDiscussion = discussion  // by the author
        hiddenDiscussion.hiddenAt = f.app.clock.now
        var privateDiscussion = discussion
        privateDiscussion.communityId = pc.id!
        let all = Set(ActorName.allCases)
        let signedIn = all.subtracting([.anonymous])
        let active = signedIn.subtracting([.suspended])

        let cases: [Case] = [
            Case(rule: "see a notification of a post in a public discussion", allowed: active) {
                $0.canSeeNotification(.watching, community: c, discussion: discussion, post: post) },
            Case(rule: "see a notification of a post in a members-only community", allowed: [.member, .author, .moderator, .admin]) {
                $0.canSeeNotification(.mention, community: pc, discussion: privateDiscussion, post: post) },
            Case(rule: "see a notification of a hidden post", allowed: [.member, .moderator, .admin]) {
                $0.canSeeNotification(.postHidden, community: c, discussion: discussion, post: hiddenPost) },
            Case(rule: "see a notification of a deleted post", allowed: [.moderator, .admin]) {
                $0.canSeeNotification(.reply, community: c, discussion: discussion, post: deletedPost) },
            Case(rule: "see a notification in a hidden discussion", allowed: [.author, .moderator, .admin]) {
                $0.canSeeNotification(.reply, community: c, discussion: hiddenDiscussion, post: post) },
            Case(rule: "see a moderators' notification", allowed: [.moderator, .admin]) {
                $0.canSeeNotification(.modFlag, community: c, discussion: discussion, post: post) },
            Case(rule: "see a moderators' notification of another community", allowed: [.otherModerator, .admin]) {
                $0.canSeeNotification(.modJoin, community: oc, discussion: nil, post: nil) },
            Case(rule: "see a decided join request of a members-only community", allowed: active) {
                $0.canSeeNotification(.joinDecided, community: pc, discussion: nil, post: nil) },
            Case(rule: "see a resolved flag on a hidden post", allowed: active) {
                $0.canSeeNotification(.flagResolved, community: c, discussion: discussion, post: hiddenPost) },
            Case(rule: "see a resolved flag in a members-only community", allowed: [.member, .author, .moderator, .admin]) {
                $0.canSeeNotification(.flagResolved, community: pc, discussion: privateDiscussion, post: post) },
            Case(rule: "see one's own notifications", allowed: signedIn) { $0.canSeeOwnNotifications },
            Case(rule: "change one's notification settings", allowed: active) { $0.canChangeNotificationSettings },
            Case(rule: "see one's email settings", allowed: signedIn) { $0.canSeeEmailSettings },
            Case(rule: "change one's email settings", allowed: active) { $0.canChangeEmailSettings },
            Case(rule: "be offered the moderators' emails", allowed: [.moderator, .otherModerator, .admin]) { $0.seesModeratorEmailSettings },
        ]

        try await f.expectMatrix(cases)
    }

    @Test("the list and the header's count show exactly the notifications canSeeNotification allows, for every actor")
    func listAndCountAgree() async throws {
        // Given every actor holding notifications of every kind about every post, discussion and community of the fixture
        let a = try await AgreementFixture.make()
        let now = a.app.clock.now
        let guardians = try await a.guardians()
        try await a.app.database.writer.write { db in
            for (_, user, _) in guardians {
                guard let userID = user?.id else { continue }
                var n = 0
                func add(_ kind: NotificationKind, community: Int64, discussion: Int64?, post: Int64?) throws {
                    n += 1
                    try AppDatabase.insert(db, Delivery(
                        userID: userID, kind: kind, dedupeKey: "agree:\(n)", actorID: nil, communityID: community,
                        discussionID: discussion, postID: post), eventID: 0, createdAt: now)
                }
                for post in a.posts {
                    let discussion = a.discussions.first { $0.id == post.discussionId }!
                    for kind in [NotificationKind.accepted, .postHidden, .flagResolved, .modQueue] {
                        try add(kind, community: discussion.communityId, discussion: discussion.id, post: post.id)
                    }
                }
                for discussion in a.discussions {
                    try add(.modFlag, community: discussion.communityId, discussion: discussion.id, post: nil)
                    try add(.helpRequest, community: discussion.communityId, discussion: discussion.id, post: nil)
                }
                for community in a.communities {
                    try add(.joinDecided, community: community.id!, discussion: nil, post: nil)
                    try add(.modJoin, community: community.id!, discussion: nil, post: nil)
                }
            }
        }
        var views: Set<Set<Int64>> = []
        for (name, user, guardian) in guardians {
            guard let user else { continue }
            // When the rule is asked of each notification, and the list and the count are read
            var allowed: Set<Int64> = []
            for notification in try await a.app.notifications(of: user) {
                let (community, discussion, post) = try #require(try await a.app.database.notificationTarget(notification))
                if guardian.canSeeNotification(notification.kind, community: community, discussion: discussion, post: post) {
                    allowed.insert(notification.id!)
                }
            }
            // Then they agree
            let listed = Set(try await a.app.database.visibleNotifications(for: guardian).map(\.id!))
            #expect(listed == allowed, "list, \(name)")
            #expect(try a.app.database.unreadSummary(for: guardian).count == allowed.count, "count, \(name)")
            var paged: Set<Int64> = []
            var page = 1
            while true {
                let groups = try await a.app.database.notificationGroups(for: guardian, page: page).groups
                if groups.isEmpty { break }
                paged.formUnion(groups.compactMap(\.latest.id))
                page += 1
            }
            #expect(paged == allowed, "pages of the list (no group spans several here), \(name)")
            views.insert(allowed)
        }
        #expect(views.count >= 5, "the actors see different things: \(views.count) views")
    }
}
