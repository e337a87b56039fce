import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// Every list shows exactly the rows the Guardian's per-object rules allow, for every actor (the fixture's, plus a parent
/// community's moderator, a silenced member and a suspended moderator), over held, hidden, deleted, archived-board,
/// inactive, merged and members-only rows. Where a list leaves out more than the rule does (search never shows held or
/// hidden discussions, even to their authors), that part of its definition is written out beside the rule and is the
/// same for every actor; what depends on the actor must be the rule.
@Suite("Lists agree with the Guardian")
struct ListAgreementTests {
    typealias Fixture = AgreementFixture

    @Test("the fixture holds every kind of row and actor the agreement tests rely on")
    func fixtureHoldsEveryKind() async throws {
        let a = try await Fixture.make()
        let d = a.discussions
        #expect(d.contains(where: \.isHeld) && d.contains(where: \.isHidden) && d.contains { $0.isListed })
        #expect(d.contains { d in a.boards.contains { $0.board.id == d.boardId && $0.board.isArchived } })
        #expect(d.contains { !a.opening($0).isVisible && $0.isListed }, "a listed discussion whose opening post is deleted")
        #expect(a.posts.contains(where: \.isHidden) && a.posts.contains(where: \.isDeleted) && a.posts.contains(where: \.isHeld))
        #expect(a.resources.contains(where: \.isHeld) && a.resources.contains(where: \.isArchived))
        #expect(a.communities.contains { $0.status == .inactive && !$0.isMerged } && a.communities.contains(where: \.isMerged))
        let guardians = Dictionary(uniqueKeysWithValues: try await a.guardians().map { ($0.name, $0.guardian) })
        #expect(guardians["silenced"]!.isSilenced(in: a.f.community))
        #expect(guardians["suspendedmod"]!.isSuspended && guardians["suspendedmod"]!.isModerator(of: a.f.community))
        #expect(guardians["parentmod"]!.canSee(a.child) && !guardians["parentmod"]!.isMember(of: a.child))
        // The actors see different things: otherwise agreement would prove little.
        let seen = Set(guardians.values.map { g in Set(d.filter { g.canSee($0, in: a.community($0.communityId)) }.map(\.id!)) })
        #expect(seen.count >= 5, "\(seen.count) different views of the discussions")
    }

    @Test("the community SQL filters and the directory's links show exactly the communities canSee allows")
    func communities() async throws {
        let a = try await Fixture.make()
        let guardians = try await a.guardians()
        for (name, _, guardian) in guardians {
            let allowed = Set(a.communities.filter(guardian.canSee).map(\.id!))
            let bySQL = try await a.app.database.reader.read { db in
                Set(try Int64.fetchAll(db, SQLRequest<Int64>(literal: "SELECT t.id FROM community t WHERE \(guardian.visibleCommunitySQL(table: "t"))")))
            }
            #expect(bySQL == allowed, "visibleCommunitySQL, \(name)")
            let byRequest = try await a.app.database.reader.read { db in
                Set(try guardian.visibleCommunities(Community.all()).fetchAll(db).map(\.id!))
            }
            #expect(byRequest == allowed, "visibleCommunities, \(name)")
        }
        try await a.app.run { browser in
            for (name, user, guardian) in guardians {
                try await a.become(user, in: browser)
                let home = try await browser.get("/communities")
                try #require(home.status == .ok, "\(name)")
                // The cards follow the recent discussions, which link communities too.
                let cards = try #require(home.body.range(of: "id=\"active-heading\"")).upperBound
                let directory = home.body[cards...]
                for c in a.communities {
                    let linked = directory.contains("<a href=\"\(Paths.community(c))\">\(c.name)</a>")
                    #expect(linked == (guardian.canSee(c) && !c.isMerged), "\(c.slug), \(name)")
                    #expect(directory.contains(c.name), "every community has a card: \(c.slug), \(name)")
                }
            }
        }
    }

    @Test("search, resource search and recent discussions show exactly what canSee allows, less what no list shows anyone")
    func searchAndRecent() async throws {
        let a = try await Fixture.make()
        let guardians = try await a.guardians()
        try await a.app.run { browser in
            for (name, user, guardian) in guardians {
                try await a.become(user, in: browser)
                let response = try await browser.get("/search?q=\(Fixture.word)", headers: [.accept: "application/json"])
                try #require(response.status == .ok, "\(name)")
                let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
                let results = try #require(json["results"] as? [[String: Any]])
                #expect(json["has_more"] as? Bool == false)
                // Search indexes listed discussions' visible posts only: a held or hidden discussion is found by no one.
                // A resource found is listed once, as the resource, not again as its discussion.
                let foundResources = try (try #require(json["resources"] as? [[String: Any]])).map { Int64(try #require($0["resource_id"] as? Int)) }
                let resourceDiscussions = Set(a.resources.filter { foundResources.contains($0.id!) }.compactMap(\.discussionId))
                let expected = a.discussions.filter { d in
                    guardian.canSee(d, in: a.community(d.communityId)) && d.isListed && a.posts(of: d).contains(where: \.isVisible)
                        && !resourceDiscussions.contains(d.id!)
                }
                let found = try results.map { Int64(try #require($0["discussion_id"] as? Int)) }
                #expect(Set(found) == Set(expected.map(\.id!)), "search, \(name)")
                #expect(found.count == Set(found).count, "one result per discussion, \(name)")
                // Each result links a post whose text this actor may read.
                for result in results {
                    let id = Int64(try #require(result["discussion_id"] as? Int)), number = try #require(result["post_number"] as? Int)
                    let d = try #require(a.discussions.first { $0.id == id })
                    let post = try #require(a.posts(of: d).first { $0.number == number })
                    #expect(post.isVisible && guardian.canSeeContent(of: post, in: a.community(d.communityId)), "post \(number) of \(d.title), \(name)")
                }
                // Resources: held and archived ones are in no search.
                let resources = try #require(json["resources"] as? [[String: Any]])
                let resourceIDs = try resources.map { Int64(try #require($0["resource_id"] as? Int)) }
                let allowedResources = a.resources.filter { r in
                    guardian.canSee(r, in: a.community(r.communityId)) && !r.isHeld && !r.isArchived
                }
                #expect(allowedResources.count <= SearchEngine.resourceResults, "the fixture fits on the first page")
                #expect(Set(resourceIDs) == Set(allowedResources.map(\.id!)), "resource search, \(name)")

                // Recent discussions: every listed discussion of a community the actor can see (the home page shows the first 8).
                // Read through the key the home page uses, so actors sharing a kept list must truly see the same communities.
                let recent = try await a.app.database.recentDiscussions(visible: guardian.visibleCommunityFilter(table: "c"), limit: 100)
                let listed = a.discussions.filter { d in guardian.canSee(d, in: a.community(d.communityId)) && d.isListed }
                #expect(Set(recent.map(\.discussion.id!)) == Set(listed.map(\.id!)), "recent discussions, \(name)")
                let home = try await browser.get("/communities")
                let shown = a.discussions.filter { home.body.contains(a.tokens[$0.id!]!) }
                #expect(Set(shown.map(\.id!)).isSubset(of: Set(listed.map(\.id!))), "home page, \(name)")
                #expect(shown.count == min(8, listed.count), "home page, \(name)")
            }
        }
    }

    @Test("every board lists exactly the discussions canSee allows, and is 404 to whoever cannot see its community")
    func boards() async throws {
        let a = try await Fixture.make()
        let guardians = try await a.guardians()
        try await a.app.run { browser in
            for (name, user, guardian) in guardians {
                try await a.become(user, in: browser)
                for (community, board) in a.boards {
                    let page = try await browser.get(Paths.board(community, board))
                    guard guardian.canSee(community) else {
                        #expect(page.status == .notFound, "\(community.slug)/\(board.slug), \(name)")
                        continue
                    }
                    try #require(page.status == .ok, "\(community.slug)/\(board.slug), \(name)")
                    for d in a.discussions where d.boardId == board.id {
                        #expect(page.body.contains(a.tokens[d.id!]!) == guardian.canSee(d, in: community), "\(d.title), \(name)")
                    }
                }
            }
        }
    }

    @Test("who to ask, help requests and questions for you agree with canSee")
    func learning() async throws {
        let a = try await Fixture.make()
        let guardians = try await a.guardians()
        // Who to ask ranks the same for every viewer, so it counts only what every viewer of the community may see.
        let privacy = a.f.community
        let viewers = guardians.map(\.guardian).filter { $0.canSeeWhoToAsk(in: privacy) }
        let ranked = try await a.app.database.whoToAsk(communityID: privacy.id!, topics: [Fixture.word], now: a.app.clock.now)
        let helper = try #require(ranked.first { $0.user.id == a.helper.id })
        let seenByAll = a.discussions.filter { d in d.communityId == privacy.id && viewers.allSatisfy { $0.canSee(d, in: privacy) } }
        let acceptedAnswers = seenByAll.filter { d in
            a.posts(of: d).contains { $0.id == d.acceptedPostId && $0.authorId == a.helper.id && $0.isVisible }
        }
        #expect(helper.accepted == acceptedAnswers.count)
        let marks = seenByAll.flatMap { a.posts(of: $0) }
            .filter { p in p.authorId == a.helper.id && viewers.allSatisfy { $0.canSeeContent(of: p, in: privacy) } }
        let markCount = try await a.app.database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM helpful_mark WHERE post_id IN (SELECT value FROM json_each(?))",
                             arguments: [String(describing: marks.map(\.id!))]) ?? 0
        }
        #expect(helper.helpful == markCount)
        #expect(acceptedAnswers.count == 2 && markCount == 1, "the fixture holds answers and marks that must not count")

        try await a.app.run { browser in
            for (name, user, guardian) in guardians {
                try await a.become(user, in: browser)
                for c in a.communities where !c.isMerged {
                    let page = try await browser.get(Paths.whoToAsk(c) + "?topic=\(Fixture.word)")
                    #expect(page.status == (guardian.canSeeWhoToAsk(in: c) ? .ok : .notFound), "who to ask in \(c.slug), \(name)")
                }
                guard let user else {
                    #expect(try await browser.get(Paths.helpRequests).status == .seeOther, "anonymous: sign in first")
                    continue
                }
                // Help requests: one row per request in a community the helper can see; its question named only if visible.
                let visible = guardian.visibleCommunitySQL(table: "community")
                let rows = try await a.app.database.helpRequests(helperID: user.id!, visible: visible, limit: 1000)
                let inVisibleCommunities = a.discussions.filter { guardian.canSee(a.community($0.communityId)) }
                #expect(Set(rows.map(\.discussion.id!)) == Set(inVisibleCommunities.map(\.id!)), "help requests, \(name)")
                #expect(try await a.app.database.unseenHelpRequestCount(helperID: user.id!, visible: visible) == inVisibleCommunities.count,
                        "unread help requests, \(name)")
                let requests = try await browser.get(Paths.helpRequests)
                try #require(requests.status == .ok, "\(name)")
                #expect(requests.body.components(separatedBy: " asked you, in ").count - 1 == inVisibleCommunities.count, "\(name)")
                for d in a.discussions {
                    let named = requests.body.contains(a.tokens[d.id!]!)
                    #expect(named == guardian.canSee(d, in: a.community(d.communityId)), "help request about \(d.title), \(name)")
                }
                // Questions for you: unanswered, listed questions whose opening post matches, in one's own communities, not one's own.
                let questions = try await browser.get(Paths.questionsForYou)
                try #require(questions.status == .ok, "\(name)")
                for d in a.discussions {
                    let c = a.community(d.communityId)
                    let expected = d.kind == .question && d.acceptedPostId == nil && d.isListed && a.opening(d).isVisible
                        && guardian.isMember(of: c) && d.authorId != user.id && guardian.canSee(d, in: c)
                    #expect(questions.body.contains(a.tokens[d.id!]!) == expected, "question for you: \(d.title), \(name)")
                }
            }
        }
    }
}
