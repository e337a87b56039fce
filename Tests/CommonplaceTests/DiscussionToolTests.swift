import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// Helpers for the discussion tools' tests (private: other suites keep their own).
private extension ForumFixture {
    /// Every moderation log row, oldest first.
    func logRows() async throws -> [ModerationAction] {
        try await app.database.reader.read { db in try ModerationAction.order(Column("id")).fetchAll(db) }
    }

    /// Makes `user` a moderator of `community` as well.
    func appoint(_ user: User, in community: Community) async throws {
        try await app.database.addMember(communityID: community.id!, userID: user.id!, role: .moderator, now: app.clock.now)
    }

    func board(of community: Community, slug: String) async throws -> Board {
        try #require(try await app.database.board(communityID: community.id!, slug: slug))
    }

    /// An open flag on the discussion (or one of its posts) by `user`.
    @discardableResult
    func flag(_ discussion: Discussion, post: Post? = nil, by user: User) async throws -> Flag {
        try await app.database.writer.write { [now = app.clock.now] db in
            var flag = Flag(communityId: discussion.communityId, discussionId: discussion.id!, postId: post?.id, flaggerId: user.id!,
                            reason: .offTopic, createdAt: now)
            try flag.insert(db)
            return flag
        }
    }

    func flags() async throws -> [Flag] {
        try await app.database.reader.read { db in try Flag.order(Column("id")).fetchAll(db) }
    }

    /// The discussion's posts' ids in number order, with their numbers.
    func numbering(_ discussionID: Int64) async throws -> [(id: Int64, number: Int)] {
        try await app.database.posts(discussionID: discussionID).map { ($0.post.id!, $0.post.number) }
    }

    func discussionCount() async throws -> Int {
        try await app.database.reader.read { db in try Discussion.fetchCount(db) }
    }
}

@Suite("Discussion tools: move, merge, split")
struct DiscussionToolTests {
    // MARK: - Move

    @Test("a moderator of both communities moves a discussion to another community's board; flags, search and lists follow; one log row")
    func move() async throws {
        let f = try await ForumFixture.make()
        try await f.appoint(f.moderator, in: f.otherCommunity)
        let general = try await f.board(of: f.otherCommunity, slug: "general")
        let (d, _) = try await f.question(title: "Wombatword retention schedule", replies: 1)
        try await f.flag(d, by: f.member)
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let form = try await browser.get(Paths.moveDiscussion(d))
            #expect(form.status == .ok)
            #expect(form.body.contains("<optgroup label=\"Finance\"><option value=\"\(general.id!)\">General</option></optgroup>"))
            #expect(form.body.contains("<optgroup label=\"Security\">"))
            #expect(!form.body.contains("<optgroup label=\"Privacy\">"), "its only open board is the current one")
            let moved = try await browser.post(Paths.moveDiscussion(d), [("board", "\(general.id!)")])
            #expect(moved.status == .seeOther)
            #expect(moved.location == Paths.discussion(d))
            #expect(try await browser.get("/c/finance/b/general").body.contains("Wombatword retention schedule"))
            #expect(!(try await browser.get("/c/privacy/b/questions").body.contains("Wombatword retention schedule")))
            #expect(try await browser.get("/search?q=wombatword+in:finance").body.contains("Wombatword retention schedule"))
            #expect(try await browser.get("/search?q=wombatword+in:privacy").body.contains("No results"))
            #expect(try await browser.get(Paths.discussion(d)).body.contains("href=\"/c/finance/b/general\""))
        }
        let saved = try #require(try await f.app.database.discussion(id: d.id!))
        #expect(saved.boardId == general.id && saved.communityId == f.otherCommunity.id)
        #expect(try await f.flags().map(\.communityId) == [f.otherCommunity.id!])
        let log = try await f.logRows()
        #expect(log.count == 1)
        #expect(log.first?.action == .moveDiscussion && log.first?.communityId == f.community.id && log.first?.targetId == d.id)
        #expect(log.first?.reason == "Privacy › Questions → Finance › General")
    }

    @Test("moving is refused: members and other moderators 403 (404 where they cannot see), anonymous, unmoderated targets 403, archived, inactive or same board 409, unknown 400")
    func moveRefusals() async throws {
        let f = try await ForumFixture.make()
        let now = f.app.clock.now
        let (d, _) = try await f.question()
        let (secret, _) = try await f.question(title: "A members-only question", in: f.privateBoard)
        let finance = try await f.board(of: f.otherCommunity, slug: "general")
        let archived = try await f.app.database.createBoard(Board(communityId: f.community.id!, slug: "old", name: "Old", position: 0, createdAt: now))
        try await f.app.database.setBoardArchived(id: archived.id!, archived: true, now: now)
        var closed = Community(slug: "closed", name: "Closed", summary: "Closed.", description: "Closed.", visibility: .public,
                               joinPolicy: .open, createdAt: now, updatedAt: now)
        closed.status = .inactive
        closed = try await f.app.database.createCommunity(closed)
        let closedBoard = try await f.app.database.createBoard(Board(communityId: closed.id!, slug: "general", name: "General", position: 0, createdAt: now))
        try await f.appoint(f.moderator, in: closed)
        try await f.app.run { browser in
            let path = Paths.moveDiscussion(d)
            let anonymousForm = try await browser.get(path)
            #expect(anonymousForm.status == .seeOther && anonymousForm.location?.hasPrefix("/signin?next=") == true)
            let anonymous = try await f.app.expectNoWrite { try await browser.post(path, [("board", "\(finance.id!)")]) }
            #expect(anonymous.status == .forbidden && anonymous.body.contains("Please sign in first."))
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get(path).status == .forbidden)
            let refused1 = try await f.app.expectNoWrite { try await browser.post(path, [("board", "\(finance.id!)")]) }
            #expect(refused1.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "othermod@example.org")
            let refused2 = try await f.app.expectNoWrite { try await browser.post(path, [("board", "\(finance.id!)")]) }
            #expect(refused2.status == .forbidden)
            let refused3 = try await f.app.expectNoWrite { try await browser.post(Paths.moveDiscussion(secret), [("board", "\(finance.id!)")]) }
            #expect(refused3.status == .notFound)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let form = try await browser.get(path)
            #expect(!form.body.contains("Finance") && !form.body.contains(">Old<") && !form.body.contains("Closed"))
            let unmoderated = try await f.app.expectNoWrite { try await browser.post(path, [("board", "\(finance.id!)")]) }
            #expect(unmoderated.status == .forbidden && unmoderated.body.contains("communities you moderate"))
            let refused4 = try await f.app.expectNoWrite { try await browser.post(path, [("board", "\(archived.id!)")]) }
            #expect(refused4.status == .conflict)
            let inactive = try await f.app.expectNoWrite { try await browser.post(path, [("board", "\(closedBoard.id!)")]) }
            #expect(inactive.status == .conflict && inactive.body.contains("Closed is inactive"))
            let refused5 = try await f.app.expectNoWrite { try await browser.post(path, [("board", "\(f.board.id!)")]) }
            #expect(refused5.status == .conflict)
            for unknown in ["999999", "general", ""] {
                let bad = try await f.app.expectNoWrite { try await browser.post(path, [("board", unknown)]) }
                #expect(bad.status == .badRequest, "\(unknown)")
                #expect(bad.body.contains("Choose a board from the list.") && bad.body.contains("<select id=\"board\""))
            }
            let refused6 = try await f.app.expectNoWrite { try await browser.post("/d/999999/move", [("board", "\(finance.id!)")]) }
            #expect(refused6.status == .notFound)
            #expect(try await browser.get("/d/999999/move").status == .notFound)
        }
        let saved = try #require(try await f.app.database.discussion(id: d.id!))
        #expect(saved.boardId == f.board.id && saved.communityId == f.community.id)
        #expect(try await f.logRows().isEmpty)
    }

    // MARK: - Merge

    @Test("the discussion id is read from a number or any discussion address")
    func mergeInput() {
        #expect(DiscussionToolsController.discussionID(in: "123") == 123)
        #expect(DiscussionToolsController.discussionID(in: " /d/123/some-title ") == 123)
        #expect(DiscussionToolsController.discussionID(in: "http://forum.example.org/d/45") == 45)
        #expect(DiscussionToolsController.discussionID(in: "https://forum.example.org/d/45?page=2#p7") == 45)
        for bad in ["", "abc", "-3", "0", "/d/", "/d/12abc", "/c/privacy"] {
            #expect(DiscussionToolsController.discussionID(in: bad) == nil, "\(bad)")
        }
    }

    @Test("merging keeps the target's #1 first, numbers every other post by date, sums views, takes the accepted answer, moves flags, redirects old ids")
    func merge() async throws {
        let f = try await ForumFixture.make()
        let db = f.app.database
        let t0 = f.app.clock.now
        func discussion(_ title: String, at offset: Double) async throws -> Discussion {
            try await db.createDiscussion(NewDiscussion(communityID: f.community.id!, boardID: f.board.id!, kind: .question, title: title,
                                                        authorID: f.author.id!, body: .from("Opening of \(title)"), createdAt: t0.addingTimeInterval(offset)))
        }
        func reply(_ d: Discussion, _ body: String, at offset: Double) async throws -> Post {
            try await db.reply(discussionID: d.id!, authorID: f.member.id!, body: .from(body), now: t0.addingTimeInterval(offset))
        }
        let target = try await discussion("Target thread on consent", at: 0)
        let source = try await discussion("Source thread on consent", at: 5)
        let tr1 = try await reply(target, "Target reply one", at: 10)
        let sr1 = try await reply(source, "Source reply with quollword", at: 20)
        let tr2 = try await reply(target, "Target reply two", at: 30)
        let sr2 = try await reply(source, "Source reply two", at: 40)
        let older = try await discussion("An older duplicate", at: 50)
        try await db.setAcceptedAnswer(discussionID: source.id!, postID: sr1.id)
        try await db.addViews([target.id!: 3, source.id!: 4])
        try await f.flag(source, by: f.member)
        try await f.flag(target, by: f.member)
        try await f.flag(source, by: f.outsider)
        try await f.flag(source, post: sr2, by: f.outsider)
        let targetOpening = try #require(try await db.post(discussionID: target.id!, number: 1)).post
        let sourceOpening = try #require(try await db.post(discussionID: source.id!, number: 1)).post
        let olderOpening = try #require(try await db.post(discussionID: older.id!, number: 1)).post

        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.get(Paths.mergeDiscussion(older)).status == .ok)
            // An earlier merge: the older duplicate into the source.
            #expect(try await browser.post(Paths.mergeDiscussion(older), [("into", "\(source.id!)")]).status == .seeOther)
            #expect(try await browser.get(Paths.discussion(source)).status == .ok, "a view not yet saved when the merge happens")
            let review = try await browser.post(Paths.mergeDiscussion(source), [("into", "http://localhost/d/\(target.id!)/target-thread"), ("review", "1")])
            #expect(review.status == .ok)
            #expect(review.body.contains("Check before merging") && review.body.contains("7 posts in all"))
            #expect(try await f.discussionCount() == 2, "the review step writes nothing")
            let merged = try await browser.post(Paths.mergeDiscussion(source), [("into", "/d/\(target.id!)/target-thread")])
            #expect(merged.status == .seeOther)
            #expect(merged.location == Paths.discussion(target))
            for old in ["/d/\(source.id!)", "/d/\(source.id!)/source-thread-on-consent", "/d/\(older.id!)"] {
                let redirected = try await browser.get(old)
                #expect(redirected.status == .movedPermanently, "\(old)")
                #expect(redirected.location == Paths.discussion(target), "\(old)")
            }
            let page = try await browser.get(Paths.discussion(target))
            #expect(page.body.contains("id=\"p7\"") && page.body.contains("Source reply with quollword"))
            let search = try await browser.get("/search?q=quollword")
            #expect(search.body.contains("/d/\(target.id!)") && !search.body.contains("/d/\(source.id!)"))
        }
        try await f.app.flushViews()
        let numbering = try await f.numbering(target.id!)
        #expect(numbering.map(\.id) == [targetOpening.id!, sourceOpening.id!, tr1.id!, sr1.id!, tr2.id!, sr2.id!, olderOpening.id!])
        #expect(numbering.map(\.number) == Array(1...7))
        let saved = try #require(try await db.discussion(id: target.id!))
        #expect(saved.postCount == 7 && saved.replyCount == 6)
        #expect(saved.viewCount == 3 + 4 + 1 + 1, "saved views of both, the source's unsaved one, the page view after")
        #expect(saved.acceptedPostId == sr1.id)
        #expect(saved.lastPostAt == t0.addingTimeInterval(50))
        #expect(try await db.discussion(id: source.id!) == nil)
        #expect(try await db.discussionRedirect(id: source.id!) == target.id)
        #expect(try await db.discussionRedirect(id: older.id!) == target.id)
        let flags = try await f.flags()
        #expect(flags.count == 3, "the member's second open flag on the same merged discussion is dropped")
        #expect(flags.allSatisfy { $0.discussionId == target.id })
        let log = try await f.logRows()
        #expect(log.map(\.action) == [.mergeDiscussion, .mergeDiscussion])
        #expect(log.last?.targetId == target.id && log.last?.targetLabel == "Source thread on consent → Target thread on consent")
        #expect(log.last?.communityId == f.community.id && log.last?.actorId == f.moderator.id)
    }

    @Test("merging is refused: members, other moderators, anonymous, bad or unknown or invisible targets, itself, unmoderated targets, held or inactive targets; nothing written")
    func mergeRefusals() async throws {
        let f = try await ForumFixture.make()
        let (d, _) = try await f.question(replies: 1)
        let (other, _) = try await f.question(title: "Another question here")
        let (secret, _) = try await f.question(title: "A members-only question", in: f.privateBoard)
        let finance = try await f.board(of: f.otherCommunity, slug: "general")
        let (elsewhere, _) = try await f.question(title: "A finance question", in: finance)
        let (hiddenElsewhere, _) = try await f.question(title: "A hidden finance question", in: finance)
        let (held, _) = try await f.question(title: "A held question")
        var closed = Community(slug: "closed", name: "Closed", summary: "Closed.", description: "Closed.", visibility: .public,
                               joinPolicy: .open, createdAt: f.app.clock.now, updatedAt: f.app.clock.now)
        closed.status = .inactive
        closed = try await f.app.database.createCommunity(closed)
        try await f.appoint(f.moderator, in: closed)
        let closedBoard = try await f.app.database.createBoard(Board(communityId: closed.id!, slug: "general", name: "General", position: 0, createdAt: f.app.clock.now))
        let (archivedThread, _) = try await f.question(title: "An archived community's question", in: closedBoard)
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE discussion SET hidden_at = ? WHERE id = ?", arguments: [f.app.clock.now, hiddenElsewhere.id])
            try db.execute(sql: "UPDATE discussion SET held_at = ? WHERE id = ?", arguments: [f.app.clock.now, held.id])
        }
        let before = try await f.discussionCount()
        try await f.app.run { browser in
            let path = Paths.mergeDiscussion(d)
            #expect(try await browser.get(path).status == .seeOther)
            let refused1 = try await f.app.expectNoWrite { try await browser.post(path, [("into", "\(other.id!)")]) }
            #expect(refused1.status == .forbidden)
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get(path).status == .forbidden)
            let refused2 = try await f.app.expectNoWrite { try await browser.post(path, [("into", "\(other.id!)")]) }
            #expect(refused2.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "othermod@example.org")
            let refused3 = try await f.app.expectNoWrite { try await browser.post(path, [("into", "\(elsewhere.id!)")]) }
            #expect(refused3.status == .forbidden)
            let refused4 = try await f.app.expectNoWrite { try await browser.post(Paths.mergeDiscussion(secret), [("into", "\(elsewhere.id!)")]) }
            #expect(refused4.status == .notFound)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            for (into, message) in [("", "Give the number or the address"), ("banana", "Give the number or the address"),
                                    ("999999", "There is no such discussion"), ("\(hiddenElsewhere.id!)", "There is no such discussion"),
                                    ("/d/\(d.id!)/x", "cannot be merged into itself")] {
                let bad = try await f.app.expectNoWrite { try await browser.post(path, [("into", into)]) }
                #expect(bad.status == .badRequest, "\(into)")
                #expect(bad.body.contains(message) && bad.body.contains("id=\"into\""), "\(into)")
            }
            let unmoderated = try await f.app.expectNoWrite { try await browser.post(path, [("into", "\(elsewhere.id!)")]) }
            #expect(unmoderated.status == .forbidden && unmoderated.body.contains("communities you moderate"))
            let refused5 = try await f.app.expectNoWrite { try await browser.post(path, [("into", "\(held.id!)")]) }
            #expect(refused5.status == .conflict)
            let inactive = try await f.app.expectNoWrite { try await browser.post(path, [("into", "\(archivedThread.id!)")]) }
            #expect(inactive.status == .conflict && inactive.body.contains("Closed is inactive"))
            let refused6 = try await f.app.expectNoWrite { try await browser.post("/d/999999/merge", [("into", "\(other.id!)")]) }
            #expect(refused6.status == .notFound)
        }
        #expect(try await f.discussionCount() == before)
        #expect(try await f.numbering(d.id!).map(\.number) == [1, 2])
        #expect(try await f.logRows().isEmpty)
        #expect(try await f.app.database.discussionRedirect(id: d.id!) == nil)
    }

    @Test("a merged lesson keeps its four sections in its opening post, which becomes a reply")
    func mergeLesson() async throws {
        let f = try await ForumFixture.make()
        let (target, _) = try await f.question()
        let lesson = try await f.app.database.createDiscussion(NewDiscussion(
            communityID: f.community.id!, boardID: f.board.id!, kind: .lesson, title: "Year-end audit lessons", authorID: f.author.id!,
            body: .from(""), lesson: ["Our close", "Gaps found", "Start early", "Use a checklist"].map(RenderedText.from),
            createdAt: f.app.clock.now.addingTimeInterval(5)))
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.post(Paths.mergeDiscussion(lesson), [("into", "\(target.id!)")]).status == .seeOther)
        }
        let moved = try #require(try await f.app.database.post(discussionID: target.id!, number: 2)).post
        #expect(moved.bodyMarkdown.contains("## What we learned\n\nStart early"))
        #expect(moved.bodyHtml.contains("<h2>What we would recommend</h2>"))
    }

    // MARK: - Split

    @Test("splitting moves the chosen replies into a new discussion numbered 1…n by date; the source keeps its numbers and loses a moved accepted answer")
    func split() async throws {
        let f = try await ForumFixture.make()
        let (d, posts) = try await f.question(replies: 4)
        try await f.app.database.setAcceptedAnswer(discussionID: d.id!, postID: posts[1].id)
        let opening = try #require(try await f.app.database.post(discussionID: d.id!, number: 1)).post
        let created = try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let form = try await browser.get(Paths.splitDiscussion(d))
            #expect(form.status == .ok)
            #expect(form.body.contains("name=\"posts[]\" value=\"\(posts[0].id!)\""))
            #expect(!form.body.contains("name=\"posts[]\" value=\"\(opening.id!)\""))
            let split = try await browser.post(Paths.splitDiscussion(d), [
                ("posts[]", "\(posts[3].id!)"), ("posts[]", "\(posts[1].id!)"), ("title", "Numbatword follow-up"),
                ("kind", "conversation"), ("board", "\(f.board.id!)"),
            ])
            #expect(split.status == .seeOther)
            let location = try #require(split.location)
            #expect(location.hasSuffix("/numbatword-follow-up"))
            let page = try await browser.get(location)
            #expect(page.body.contains("Reply 2") && page.body.contains("Reply 4") && page.body.contains("id=\"p2\""))
            #expect(try await browser.get("/search?q=numbatword").body.contains("Numbatword follow-up"))
            return try #require(Int64(location.split(separator: "/")[1]))
        }
        let new = try #require(try await f.app.database.discussion(id: created))
        #expect(new.kind == .conversation && new.authorId == f.member.id && new.createdAt == posts[1].createdAt)
        #expect(new.postCount == 2 && new.replyCount == 1 && new.lastPostAt == posts[3].createdAt)
        #expect(try await f.numbering(created).map(\.id) == [posts[1].id!, posts[3].id!])
        #expect(try await f.numbering(created).map(\.number) == [1, 2])
        #expect(try await f.numbering(d.id!).map(\.number) == [1, 2, 4])
        let source = try #require(try await f.app.database.discussion(id: d.id!))
        #expect(source.acceptedPostId == nil && source.replyCount == 2 && source.postCount == 5)
        #expect(try await f.app.database.reply(discussionID: d.id!, authorID: f.member.id!, body: .from("Later"), now: f.app.clock.now).number == 6)
        let log = try await f.logRows()
        #expect(log.count == 1)
        #expect(log.first?.action == .splitDiscussion && log.first?.targetId == created && log.first?.communityId == f.community.id)
    }

    @Test("splitting is refused: no post, post #1, another discussion's post, a bad title, kind or board (400 with the form); members, other moderators, anonymous")
    func splitRefusals() async throws {
        let f = try await ForumFixture.make()
        let (d, posts) = try await f.question(replies: 2)
        let (_, otherPosts) = try await f.question(title: "Another question here", replies: 1)
        let (secret, _) = try await f.question(title: "A members-only question", replies: 1, in: f.privateBoard)
        let opening = try #require(try await f.app.database.post(discussionID: d.id!, number: 1)).post
        let finance = try await f.board(of: f.otherCommunity, slug: "general")
        let before = try await f.discussionCount()
        let good = [("title", "A good new title"), ("kind", "question"), ("board", "\(f.board.id!)")]
        try await f.app.run { browser in
            let path = Paths.splitDiscussion(d)
            let chosen = [("posts[]", "\(posts[0].id!)")]
            #expect(try await browser.get(path).status == .seeOther)
            let refused1 = try await f.app.expectNoWrite { try await browser.post(path, chosen + good) }
            #expect(refused1.status == .forbidden)
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get(path).status == .forbidden)
            let refused2 = try await f.app.expectNoWrite { try await browser.post(path, chosen + good) }
            #expect(refused2.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "othermod@example.org")
            let refused3 = try await f.app.expectNoWrite { try await browser.post(path, chosen + good) }
            #expect(refused3.status == .forbidden)
            let refused4 = try await f.app.expectNoWrite { try await browser.post(Paths.splitDiscussion(secret), chosen + good) }
            #expect(refused4.status == .notFound)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let cases: [([(String, String)], String)] = [
                (good, "Choose at least one reply"),
                ([("posts[]", "abc")] + good, "Only replies of this discussion"),
                ([("posts[]", "\(opening.id!)")] + good, "The opening post stays"),
                ([("posts[]", "\(otherPosts[0].id!)")] + good, "Only replies of this discussion"),
                (chosen + [("title", "Hm"), ("kind", "question"), ("board", "\(f.board.id!)")], "at least 5 characters"),
                (chosen + [("title", "A good new title"), ("kind", "lesson"), ("board", "\(f.board.id!)")], "Choose question or conversation"),
                (chosen + [("title", "A good new title"), ("kind", "question"), ("board", "\(finance.id!)")], "open boards"),
            ]
            for (fields, message) in cases {
                let bad = try await f.app.expectNoWrite { try await browser.post(path, fields) }
                #expect(bad.status == .badRequest, "\(message)")
                #expect(bad.body.contains(message) && bad.body.contains("name=\"posts[]\""), "\(message)")
            }
            let kept = try await browser.post(path, chosen + [("title", "Hm"), ("kind", "question"), ("board", "\(f.board.id!)")])
            #expect(kept.body.contains("value=\"\(posts[0].id!)\" checked"), "choices are kept")
            let refused5 = try await f.app.expectNoWrite { try await browser.post("/d/999999/split", chosen + good) }
            #expect(refused5.status == .notFound)
        }
        #expect(try await f.discussionCount() == before)
        #expect(try await f.numbering(d.id!).map(\.number) == [1, 2, 3])
        #expect(try await f.logRows().isEmpty)
    }
}

@Suite("Discussion addresses")
struct DiscussionAddressTests {
    @Test("a discussion titled like one of its own pages (\"Flag\") links without a slug, so its page is never shadowed")
    func reservedSlug() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question(title: "Flag!")
        #expect(Paths.discussion(discussion) == "/d/\(discussion.id!)")
        try await f.app.run { browser in
            let page = try await browser.get(Paths.discussion(discussion))
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>Flag!</h1>"))
        }
    }
}
