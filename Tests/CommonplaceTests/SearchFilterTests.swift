import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// Each search filter against results: a discussion that matches the words and the filter is found, one that matches the
/// words only is not; and `sort=newest` orders by date where relevance would not.
@Suite("Search: filters and sorting")
struct SearchFilterTests {
    static let word = "zebrafilter"

    /// Four discussions that all match `word`, each telling one filter from the others:
    /// - `oldest`: a question by the author in privacy/questions, day 0, unanswered, the word in its title only;
    /// - `answered`: a question by the member in privacy/questions, day 1, answered (the answer does not hold the word);
    /// - `lesson`: a lesson by the author in privacy/lessons, day 2;
    /// - `finance`: a conversation by the other moderator in finance/general, day 3.
    /// Every other match is in the body, so relevance ranks `oldest` (the one title match) first and newest ranks it last.
    struct Fixture {
        let f: ForumFixture
        let oldest: Discussion, answered: Discussion, lesson: Discussion, finance: Discussion
        /// Noon of day `n` (in UTC, as `after:` and `before:` read dates), and that day as `YYYY-MM-DD`.
        let day: @Sendable (Int) -> (date: Date, iso: String)

        var all: Set<Int64> { [oldest.id!, answered.id!, lesson.id!, finance.id!] }
    }

    static func make() async throws -> Fixture {
        let f = try await ForumFixture.make()
        let db = f.app.database
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let noon = utc.startOfDay(for: f.app.clock.now).addingTimeInterval(12 * 3600)
        let day: @Sendable (Int) -> (date: Date, iso: String) = { n in
            let date = noon.addingTimeInterval(Double(n) * 86_400)
            return (date, Formatting.isoDay(date))
        }
        let lessons = try await db.createBoard(Board(communityId: f.community.id!, slug: "lessons", name: "Lessons", position: 1, createdAt: day(0).date))
        let financeBoard = try #require(try await db.boards(communityID: f.otherCommunity.id!).first?.board)
        func start(_ title: String, _ body: String, by author: User, in board: Board, kind: Discussion.Kind, on n: Int) async throws -> Discussion {
            try await db.createDiscussion(NewDiscussion(
                communityID: board.communityId, boardID: board.id!, kind: kind, title: title, authorID: author.id!, body: .from(body),
                lesson: kind == .lesson ? [.from("Context"), .from("It happened"), .from("We learned"), .from("Do this")] : [],
                createdAt: day(n).date))
        }
        let oldest = try await start("The \(word) question", "What do we do?", by: f.author, in: f.board, kind: .question, on: 0)
        let answered = try await start("A question answered", "Is \(word) allowed?", by: f.member, in: f.board, kind: .question, on: 1)
        let answer = try await db.reply(discussionID: answered.id!, authorID: f.author.id!, body: .from("Yes, with consent."), now: day(1).date)
        try await db.setAcceptedAnswer(discussionID: answered.id!, postID: answer.id!)
        let lesson = try await start("A lesson learned", "About \(word) drills.", by: f.author, in: lessons, kind: .lesson, on: 2)
        let finance = try await start("Year-end chat", "The \(word) budget line.", by: f.otherModerator, in: financeBoard, kind: .conversation, on: 3)
        return Fixture(f: f, oldest: oldest, answered: answered, lesson: lesson, finance: finance, day: day)
    }

    /// The discussions a JSON search finds, in order; any status but 200, or a missing field, fails.
    static func found(_ browser: Browser, _ query: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [Int64] {
        let response = try await browser.get("/search?\(query)", headers: [.accept: "application/json"])
        try #require(response.status == .ok, "\(query)", sourceLocation: sourceLocation)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any], sourceLocation: sourceLocation)
        return try #require(object["results"] as? [[String: Any]], sourceLocation: sourceLocation).map {
            Int64(try #require($0["discussion_id"] as? Int, sourceLocation: sourceLocation))
        }
    }

    @Test("with no filter every discussion is found: the base the filters narrow")
    func unfiltered() async throws {
        let s = try await Self.make()
        try await s.f.app.run { (browser) async throws in
            #expect(Set(try await Self.found(browser, "q=\(Self.word)")) == s.all)
        }
    }

    @Test("author: keeps the posts of that member, typed or chosen in the form")
    func author() async throws {
        let s = try await Self.make()
        try await s.f.app.run { (browser) async throws in
            #expect(Set(try await Self.found(browser, "q=\(Self.word)+author:member")) == [s.answered.id!])
            #expect(Set(try await Self.found(browser, "q=\(Self.word)&author=member")) == [s.answered.id!])
            #expect(Set(try await Self.found(browser, "q=\(Self.word)+author:author")) == [s.oldest.id!, s.lesson.id!])
            #expect(try await Self.found(browser, "q=\(Self.word)+author:nobody").isEmpty)
        }
    }

    @Test("board: keeps the discussions of boards with that address")
    func board() async throws {
        let s = try await Self.make()
        try await s.f.app.run { (browser) async throws in
            #expect(Set(try await Self.found(browser, "q=\(Self.word)+board:lessons")) == [s.lesson.id!])
            #expect(Set(try await Self.found(browser, "q=\(Self.word)&board=questions")) == [s.oldest.id!, s.answered.id!])
            #expect(Set(try await Self.found(browser, "q=\(Self.word)+board:general")) == [s.finance.id!])
        }
    }

    @Test("kind: keeps the discussions of that kind")
    func kind() async throws {
        let s = try await Self.make()
        try await s.f.app.run { (browser) async throws in
            #expect(Set(try await Self.found(browser, "q=\(Self.word)+kind:question")) == [s.oldest.id!, s.answered.id!])
            #expect(Set(try await Self.found(browser, "q=\(Self.word)&kind=lesson")) == [s.lesson.id!])
            #expect(Set(try await Self.found(browser, "q=\(Self.word)+kind:conversation")) == [s.finance.id!])
            #expect(try await Self.found(browser, "q=\(Self.word)+kind:announcement").isEmpty)
        }
    }

    @Test("is:answered and is:unanswered keep questions with and without an accepted answer, and nothing else")
    func answered() async throws {
        let s = try await Self.make()
        try await s.f.app.run { (browser) async throws in
            #expect(try await Self.found(browser, "q=\(Self.word)+is:answered") == [s.answered.id!])
            #expect(try await Self.found(browser, "q=\(Self.word)&is=unanswered") == [s.oldest.id!])
        }
    }

    @Test("after: keeps posts from that day on, before: those until the day before")
    func dates() async throws {
        let s = try await Self.make()
        let day2 = s.day(2).iso
        try await s.f.app.run { (browser) async throws in
            #expect(Set(try await Self.found(browser, "q=\(Self.word)+after:\(day2)")) == [s.lesson.id!, s.finance.id!])
            #expect(Set(try await Self.found(browser, "q=\(Self.word)+before:\(day2)")) == [s.oldest.id!, s.answered.id!])
            #expect(try await Self.found(browser, "q=\(Self.word)&after=\(s.day(1).iso)&before=\(day2)") == [s.answered.id!])
            #expect(try await Self.found(browser, "q=\(Self.word)+after:\(s.day(4).iso)").isEmpty)
        }
    }

    @Test("in: keeps one community's discussions")
    func community() async throws {
        let s = try await Self.make()
        try await s.f.app.run { (browser) async throws in
            #expect(Set(try await Self.found(browser, "q=\(Self.word)+in:finance")) == [s.finance.id!])
            #expect(Set(try await Self.found(browser, "q=\(Self.word)&in=privacy")) == [s.oldest.id!, s.answered.id!, s.lesson.id!])
        }
    }

    @Test("sort=newest orders by date, newest first; relevance puts the title match first")
    func newest() async throws {
        let s = try await Self.make()
        try await s.f.app.run { (browser) async throws in
            let newest = try await Self.found(browser, "q=\(Self.word)&sort=newest")
            #expect(newest == [s.finance.id!, s.lesson.id!, s.answered.id!, s.oldest.id!])
            let relevance = try await Self.found(browser, "q=\(Self.word)")
            #expect(relevance.first == s.oldest.id!, "the control: relevance does not already give the newest order")
            #expect(relevance != newest)
        }
    }
}
