import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Boards")
struct BoardTests {
    @Test("moderators create, rename, reorder and archive boards")
    func manageBoards() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.get("/c/privacy/boards").status == .ok)
            let created = try await browser.post("/c/privacy/boards/new", [("name", "Lessons learned"), ("slug", ""), ("description", "What worked")])
            #expect(created.location == "/c/privacy/boards")
            let duplicate = try await f.app.expectNoWrite { try await browser.post("/c/privacy/boards/new", [("name", "Questions again"), ("slug", "questions"), ("description", "")]) }
            #expect(duplicate.status == .badRequest)
            #expect(duplicate.body.contains("already has a board at that address"))
            let renamed = try await browser.post("/c/privacy/b/lessons-learned/edit", [("name", "Lessons"), ("slug", "lessons"), ("description", "What worked and what did not")])
            #expect(renamed.status == .seeOther)
            #expect(try await browser.post("/c/privacy/b/lessons/move", [("direction", "up")]).status == .seeOther)
            let refused1 = try await f.app.expectNoWrite { try await browser.post("/c/privacy/b/lessons/move", [("direction", "sideways")]) }
            #expect(refused1.status == .badRequest)
            let community = try await browser.get("/c/privacy")
            let lessons = try #require(community.body.range(of: ">Lessons</a>"))
            let questions = try #require(community.body.range(of: ">Questions</a>"))
            #expect(lessons.lowerBound < questions.lowerBound)
            #expect(try await browser.post("/c/privacy/b/questions/archive", [("archived", "true")]).status == .seeOther)
            #expect(try await browser.get("/c/privacy").body.contains("Archived boards"))
            #expect(try await browser.get("/c/privacy/b/questions").body.contains("kept for reading only"))
        }
        let boards = try await f.app.database.boards(communityID: f.community.id!).map(\.board)
        #expect(boards.map(\.slug) == ["lessons", "questions"])
        #expect(boards[1].isArchived)
    }

    @Test("members and moderators of another community cannot manage boards (403, nothing written)")
    func refused() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            for email in ["member@example.org", "othermod@example.org"] {
                browser.clearCookies()
                try await browser.signIn(email: email)
                #expect(try await browser.get("/c/privacy/boards").status == .forbidden)
                let refused1 = try await f.app.expectNoWrite { try await browser.post("/c/privacy/boards/new", [("name", "Spam"), ("slug", "spam"), ("description", "")]) }
                #expect(refused1.status == .forbidden)
                let refused2 = try await f.app.expectNoWrite { try await browser.post("/c/privacy/b/questions/edit", [("name", "Renamed"), ("slug", "questions"), ("description", "")]) }
                #expect(refused2.status == .forbidden)
                let refused3 = try await f.app.expectNoWrite { try await browser.post("/c/privacy/b/questions/archive", [("archived", "true")]) }
                #expect(refused3.status == .forbidden)
            }
        }
        let boards = try await f.app.database.boards(communityID: f.community.id!).map(\.board)
        #expect(boards.map(\.name) == ["Questions"])
        #expect(!boards[0].isArchived)
    }

    @Test("an empty board says what to do; an unknown board is 404")
    func emptyAndMissing() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get("/c/privacy/b/questions")
            #expect(page.body.contains("No discussions yet. Start the first one"))
            #expect(try await browser.get("/c/privacy/b/nowhere").status == .notFound)
        }
    }
}
