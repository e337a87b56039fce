import Foundation
import GRDB
import Testing
@testable import Commonplace

/// The feed rules against every actor, and every feed list against those rules.
@Suite("Feed rules")
struct FeedGuardianTests {
    typealias ActorName = ForumGuardianTests.ActorName

    @Test("each feed rule allows exactly the actors it should")
    func matrix() async throws {
        let f = try await ForumFixture.make()
        let now = f.app.clock.now
        let (question, replies) = try await f.question(replies: 1)
        let (secret, _) = try await f.question(title: "A members-only question", in: f.privateBoard)
        var held = question, hidden = question, hiddenReply = replies[0], deletedReply = replies[0], heldReply = replies[0]
        held.heldAt = now
        hidden.hiddenAt = now
        hiddenReply.hiddenAt = now
        deletedReply.deletedAt = now
        heldReply.heldAt = now
        let resource = try await f.resource()
        var heldResource = resource, archivedResource = resource
        heldResource.heldAt = now
        archivedResource.archivedAt = now
        let all = Set(ActorName.allCases)
        let seesPrivate: Set<ActorName> = [.member, .author, .moderator, .admin, .suspended]
        let (c, pc) = (f.community, f.privateCommunity)
        try await f.expectMatrix([
            GuardianCase(rule: "showsInFeed: a listed discussion of a public community", allowed: all) { $0.showsInFeed(question, in: c) },
            GuardianCase(rule: "showsInFeed: a listed discussion of a members-only community", allowed: seesPrivate) { $0.showsInFeed(secret, in: pc) },
            GuardianCase(rule: "showsInFeed: a held discussion (not even its author or moderators)", allowed: []) { $0.showsInFeed(held, in: c) },
            GuardianCase(rule: "showsInFeed: a hidden discussion", allowed: []) { $0.showsInFeed(hidden, in: c) },
            GuardianCase(rule: "showsInFeed: a visible reply", allowed: all) { $0.showsInFeed(replies[0], of: question, in: c) },
            GuardianCase(rule: "showsInFeed: a hidden reply", allowed: []) { $0.showsInFeed(hiddenReply, of: question, in: c) },
            GuardianCase(rule: "showsInFeed: a deleted reply", allowed: []) { $0.showsInFeed(deletedReply, of: question, in: c) },
            GuardianCase(rule: "showsInFeed: a held reply", allowed: []) { $0.showsInFeed(heldReply, of: question, in: c) },
            GuardianCase(rule: "showsInFeed: a resource", allowed: all) { $0.showsInFeed(resource, in: c) },
            GuardianCase(rule: "showsInFeed: a held resource", allowed: []) { $0.showsInFeed(heldResource, in: c) },
            GuardianCase(rule: "showsInFeed: an archived resource", allowed: []) { $0.showsInFeed(archivedResource, in: c) },
            GuardianCase(rule: "canReadPrivateFeeds", allowed: all.subtracting([.anonymous, .suspended])) { $0.canReadPrivateFeeds },
            GuardianCase(rule: "ensureCanMakeFeedToken", allowed: all.subtracting([.anonymous, .suspended])) {
                (try? $0.ensureCanMakeFeedToken()) != nil
            },
            GuardianCase(rule: "ensureCanRevokeFeedToken", allowed: all.subtracting([.anonymous])) { (try? $0.ensureCanRevokeFeedToken()) != nil },
        ])
    }

    @Test("every feed list holds exactly what showsInFeed allows, for every actor")
    func listsAgree() async throws {
        // Given a forum with held, hidden and deleted rows of every kind, members-only, inactive and merged communities
        let a = try await AgreementFixture.make()
        let db = a.app.database
        // (A feed also leaves out a discussion whose opening post is not visible: the same for every actor.)
        func shown(_ d: Discussion, _ g: Guardian) -> Bool { g.showsInFeed(d, in: a.community(d.communityId)) && a.opening(d).isVisible }
        try #require(a.discussions.count <= AppDatabase.feedEntries, "the feed's bound would hide disagreements")
        for (name, _, g) in try await a.guardians() {
            // Then the site's, each community's and each board's latest discussions are exactly those the rule allows
            let site = try await db.feedDiscussions(.site, shown: g.feedDiscussionSQL())
            #expect(Set(site.map(\.discussion.id!)) == Set(a.discussions.filter { shown($0, g) }.map(\.id!)), "site, \(name)")
            for c in a.communities where g.canSee(c) {
                let rows = try await db.feedDiscussions(.community(c.id!), shown: g.feedDiscussionSQL())
                #expect(Set(rows.map(\.discussion.id!)) == Set(a.discussions.filter { $0.communityId == c.id && shown($0, g) }.map(\.id!)),
                        "community \(c.slug), \(name)")
                let resources = try await db.feedResources(communityID: c.id!)
                #expect(Set(resources.map(\.resource.id!)) == Set(a.resources.filter { $0.communityId == c.id && g.showsInFeed($0, in: c) }.map(\.id!)),
                        "resources of \(c.slug), \(name)")
            }
            for (c, b) in a.boards where g.canSee(c) {
                let rows = try await db.feedDiscussions(.board(b.id!), shown: g.feedDiscussionSQL())
                #expect(Set(rows.map(\.discussion.id!)) == Set(a.discussions.filter { $0.boardId == b.id && shown($0, g) }.map(\.id!)),
                        "board \(b.slug), \(name)")
            }
            // …and each discussion's posts and each member's posts are the visible posts of discussions it shows
            for d in a.discussions where g.showsInFeed(d, in: a.community(d.communityId)) {
                let rows = try await db.feedPosts(discussion: d)
                #expect(Set(rows.map(\.post.id!)) == Set(a.posts(of: d).filter { g.showsInFeed($0, of: d, in: a.community(d.communityId)) }.map(\.id!)),
                        "posts of \(d.id!), \(name)")
            }
            for (_, user) in a.actors {
                guard let user else { continue }
                let rows = try await db.feedPosts(authorID: user.id!, shown: g.feedDiscussionSQL())
                let expected = a.posts.filter { p in
                    guard p.authorId == user.id, let d = a.discussions.first(where: { $0.id == p.discussionId }) else { return false }
                    return g.showsInFeed(p, of: d, in: a.community(d.communityId))
                }
                #expect(Set(rows.map(\.post.id!)) == Set(expected.map(\.id!)), "posts by \(user.handle), \(name)")
            }
        }
    }
}
