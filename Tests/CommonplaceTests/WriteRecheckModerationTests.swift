import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Issue 11, item 1, for moderators' writes: a moderator demoted or suspended between a request's check and its write
/// is refused like one demoted or suspended before the request, and nothing is written (`WriteRace`).
@Suite("Moderators' rules taken again inside the write")
struct WriteRecheckModerationTests {
    /// What happens to the moderator while their request is on its way.
    enum Loss: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case demoted, suspended

        var testDescription: String { rawValue }

        func commit(_ f: ForumFixture) async throws {
            switch self {
            case .demoted: try await f.demote(f.moderator, in: f.community)
            case .suspended: try await f.suspend(f.moderator)
            }
        }
    }

    /// Races `loss` with `request` by the moderator of the public community.
    private func race<Subject: Sendable>(_ loss: Loss, tables: [String],
                                         setup: @escaping @Sendable (ForumFixture) async throws -> Subject,
                                         request: @escaping @Sendable (Browser, ForumFixture, Subject) async throws -> Browser.Page)
        async throws -> WriteRace.Outcome {
        try await WriteRace.run(as: "moderator@example.org", tables: tables, setup: setup,
                                change: { f, _ in try await loss.commit(f) }, request: request)
    }

    // MARK: - Boards

    @Test("boards: creating and archiving are refused when the moderator loses the role in between", arguments: Loss.allCases)
    func boards(_ loss: Loss) async throws {
        let create = try await race(loss, tables: ["board"], setup: { _ in }) { browser, f, _ in
            try await browser.post(Paths.newBoard(f.community), [("name", "Announcements"), ("slug", "announcements"), ("description", "")])
        }
        #expect(create.holds, "\(create)")
        let archive = try await race(loss, tables: ["board"], setup: { _ in }) { browser, f, _ in
            try await browser.post(Paths.archiveBoard(f.community, f.board), [("archived", "true")])
        }
        #expect(archive.holds, "\(archive)")
    }

    // MARK: - Collections and curation

    @Test("collections: creating one and adding to one are refused when the moderator loses the role in between",
          arguments: Loss.allCases)
    func collections(_ loss: Loss) async throws {
        let create = try await race(loss, tables: ["collection", "collection_item"], setup: { _ in }) { browser, f, _ in
            try await browser.post(Paths.newCollection(f.community), [("title", "Start here"), ("slug", "start-here"),
                                                                      ("introduction", "Read these first.")])
        }
        #expect(create.holds, "\(create)")
        let add = try await race(loss, tables: ["collection", "collection_item"], setup: { f in
            (try await f.resource(), try await f.collection())
        }) { browser, f, made in
            try await browser.post(Paths.collectionItems(f.community, made.1.slug), [("resource_id", "\(made.0.id!)")])
        }
        #expect(add.holds, "\(add)")
    }

    @Test("curation: featuring a resource is refused when the moderator loses the role in between", arguments: Loss.allCases)
    func curation(_ loss: Loss) async throws {
        let outcome = try await race(loss, tables: ["resource"], setup: { f in try await f.resource() }) { browser, _, resource in
            try await browser.post(Paths.featureResource(resource.id!), [("featured", "true")])
        }
        #expect(outcome.holds, "\(outcome)")
    }

    // MARK: - Discussion tools

    @Test("discussion tools: hiding, moving, splitting and merging are refused when the moderator loses the role in between",
          arguments: Loss.allCases)
    func discussionTools(_ loss: Loss) async throws {
        let tables = ["discussion", "post", "discussion_redirect"]
        let hide = try await race(loss, tables: tables, setup: { f in try await f.question().0 }) { browser, _, discussion in
            try await browser.post(Paths.hideDiscussion(discussion), [("reason", "Off topic")])
        }
        #expect(hide.holds, "\(hide)")
        let move = try await race(loss, tables: tables, setup: { f in
            let board = try await f.app.database.createBoard(Board(communityId: f.community.id!, slug: "archive-room", name: "Archive room",
                                                                    position: 0, createdAt: f.app.clock.now))
            return (try await f.question().0, board)
        }) { browser, _, made in
            try await browser.post(Paths.moveDiscussion(made.0), [("board", "\(made.1.id!)")])
        }
        #expect(move.holds, "\(move)")
        let split = try await race(loss, tables: tables, setup: { f in try await f.question(replies: 2) }) { browser, f, made in
            try await browser.post(Paths.splitDiscussion(made.0), [("posts[]", "\(made.1[1].id!)"), ("title", "Consent forms for photos"),
                                                                   ("kind", "conversation"), ("board", "\(f.board.id!)")])
        }
        #expect(split.holds, "\(split)")
        let merge = try await race(loss, tables: tables, setup: { f in
            (try await f.question(title: "Disclosing PHI to police").0, try await f.question(title: "Police asking for records").0)
        }) { browser, _, made in
            try await browser.post(Paths.mergeDiscussion(made.0), [("into", "\(made.1.id!)")])
        }
        #expect(merge.holds, "\(merge)")
    }

    // MARK: - Flags

    @Test("flags: resolving is refused when the moderator loses the role in between", arguments: Loss.allCases)
    func flags(_ loss: Loss) async throws {
        let outcome = try await race(loss, tables: ["flag", "post"], setup: { f in
            let (discussion, posts) = try await f.question(replies: 1)
            _ = try await f.app.database.createFlag(Flag(communityId: f.community.id!, discussionId: discussion.id!, postId: posts[0].id,
                                                         flaggerId: f.author.id!, reason: .spam, note: "Selling something",
                                                         createdAt: f.app.clock.now))
            return try await f.app.database.reader.read { db in try Flag.fetchOne(db, sql: "SELECT * FROM flag")!.id! }
        }) { browser, f, flagID in
            try await browser.post(Paths.resolveFlag(f.community, flagID), [("outcome", "dismiss"), ("note", "Not spam: a link to our own guide.")])
        }
        #expect(outcome.holds, "\(outcome)")
    }

    // MARK: - Members

    @Test("members: silencing and removing a member are refused when the moderator loses the role in between",
          arguments: Loss.allCases)
    func members(_ loss: Loss) async throws {
        let silence = try await race(loss, tables: ["membership"], setup: { _ in }) { browser, f, _ in
            try await browser.post(Paths.silenceMember(f.community, "member"), [("days", "7"), ("reason", "Heated replies")])
        }
        #expect(silence.holds, "\(silence)")
        let remove = try await race(loss, tables: ["membership"], setup: { _ in }) { browser, f, _ in
            try await browser.post(Paths.removeMember(f.community, "member"), [])
        }
        #expect(remove.holds, "\(remove)")
    }

    @Test("members: screening questions and invitations are refused when the moderator loses the role in between",
          arguments: Loss.allCases)
    func questionsAndInvitations(_ loss: Loss) async throws {
        let questions = try await race(loss, tables: ["join_question"], setup: { _ in }) { browser, f, _ in
            try await browser.post(Paths.joinQuestions(f.community), [("question_1", "Where do you work?")])
        }
        #expect(questions.holds, "\(questions)")
        let invite = try await race(loss, tables: ["invitation"], setup: { _ in }) { browser, f, _ in
            try await browser.post(Paths.invitations(f.community), [("invitee", "@outsider")])
        }
        #expect(invite.holds, "\(invite)")
    }

    @Test("join requests: approving one is refused when the moderator loses the role in between", arguments: Loss.allCases)
    func joinRequestDecision(_ loss: Loss) async throws {
        let outcome = try await race(loss, tables: ["join_request", "membership"], setup: { f in
            try await f.app.database.createJoinRequest(JoinRequest(communityId: f.community.id!, userId: f.outsider.id!,
                                                                   message: "I lead privacy at a clinic.", createdAt: f.app.clock.now)).id!
        }) { browser, f, requestID in
            try await browser.post(Paths.decideRequest(f.community, requestID), [("decision", "approve"), ("reason", "")])
        }
        #expect(outcome.holds, "\(outcome)")
    }

    // MARK: - Settings and topics

    @Test("settings and topics: saving them is refused when the moderator loses the role in between", arguments: Loss.allCases)
    func settingsAndTopics(_ loss: Loss) async throws {
        let settings = try await race(loss, tables: ["community"], setup: { _ in }) { browser, f, _ in
            try await browser.post(Paths.modSettings(f.community), [
                ("hold_first_posts", "2"), ("flag_hide_threshold", "4"), ("unanswered_after_days", "9"), ("resource_review_months", "12"),
            ])
        }
        #expect(settings.holds, "\(settings)")
        let topics = try await race(loss, tables: ["community_topic"], setup: { _ in }) { browser, f, _ in
            try await browser.post(Paths.communityTopics(f.community), [("topics", "consent\nbreach response")])
        }
        #expect(topics.holds, "\(topics)")
    }
}
