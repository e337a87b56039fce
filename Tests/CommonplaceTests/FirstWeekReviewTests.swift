import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// The browser review of issue 15 ("a member's first week"): the search page on a phone, counts, the welcome page's
/// order, the join page, and posts' times in the member's zone.
@Suite("First week: review fixes")
struct FirstWeekReviewTests {
    @Test("counts and lists are said as sentences: 1 discussion, 2 discussions; “a”, “a” and “b”, “a”, “b” and “c”")
    func countsAndLists() {
        #expect(Formatting.count(1, "discussion") == "1 discussion")
        #expect(Formatting.count(0, "discussion") == "0 discussions")
        #expect(Formatting.count(2, "reply", plural: "replies") == "2 replies")
        #expect(Formatting.quotedList(["about"]) == "“about”")
        #expect(Formatting.quotedList(["about", "a"]) == "“about” and “a”")
        #expect(Formatting.list(["a", "b", "c"]) == "a, b and c")
        #expect(Formatting.list([]) == "")
    }

    @Test("the search form folds its help and filters away behind details, open when a filter is set or nothing was asked")
    func searchFormFolds() async throws {
        let f = try await ForumFixture.make()
        _ = try await f.question(title: "Shredding schedules for paper charts")
        try await f.app.run { browser in
            // A plain query: filters closed, the count right under the form, sort tabs
            let plain = try await browser.get("/search?q=shredding")
            #expect(plain.body.contains("<details class=\"search-filters\">"))
            #expect(plain.body.contains("<details class=\"search-help\">"))
            #expect(plain.body.contains("<p class=\"result-count\" role=\"status\">Found 1 discussion.</p>"))
            let form = try #require(plain.body.range(of: "</form>"))
            let count = try #require(plain.body.range(of: "class=\"result-count\""))
            let understood = try #require(plain.body.range(of: "How your search was read"))
            #expect(form.upperBound < count.lowerBound && count.lowerBound < understood.lowerBound)
            #expect(plain.body.contains("aria-label=\"Sort results\""))
            #expect(plain.body.contains("<h2 id=\"discussion-results-heading\">Discussions</h2>"))
            // Nothing asked yet: the filters are open
            #expect(try await browser.get("/search").body.contains("<details class=\"search-filters\" open>"))
            // A filter chosen in the form or typed: open, saying how many are set
            let chosen = try await browser.get("/search?q=shredding&in=privacy")
            #expect(chosen.body.contains("<details class=\"search-filters\" open>"))
            #expect(chosen.body.contains("<summary>Filters <span class=\"filters-set\">(1 set)</span></summary>"))
            // Filters alone list newest first: no relevance tab is highlighted, there are none
            let alone = try await browser.get("/search?q=is%3Aunanswered+in%3Aprivacy")
            #expect(alone.body.contains("<details class=\"search-filters\" open>"))
            #expect(alone.body.contains("Filters alone: every discussion they allow, newest first."))
            #expect(!alone.body.contains("aria-label=\"Sort results\""))
            #expect(alone.body.contains("<option value=\"unanswered\" selected>Unanswered</option>"))
        }
    }

    @Test("each reading of a word is its own chip, joined by “or”")
    func readingsAreChips() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            let page = try await browser.get("/search?q=MFA")
            #expect(page.body.contains("<li><span class=\"tag\">mfa</span> or <span class=\"tag\">"))
            #expect(!page.body.contains("<span class=\"tag\">mfa or "))
        }
    }

    @Test("finding nothing, a visitor who cannot see every community is told results come only from those they can see")
    func hiddenCommunitiesTip() async throws {
        let f = try await ForumFixture.make()
        let tip = "Results come only from the communities you can see"
        try await f.app.run { browser in
            // The outsider cannot see the members-only community: told so, without its name
            try await browser.signIn(email: "outsider@example.org")
            let outsider = try await browser.get("/search?q=zanzibarword")
            #expect(outsider.body.contains("No results"))
            #expect(outsider.body.contains(tip))
            let empty = try #require(outsider.body.range(of: "<div class=\"empty\""))
            #expect(!outsider.body[empty.lowerBound...].contains("Security"))
            // A site admin sees every community: no such tip
            browser.clearCookies()
            try await browser.signIn(email: "admin@example.org")
            let admin = try await browser.get("/search?q=zanzibarword")
            #expect(admin.body.contains("No results"))
            #expect(!admin.body.contains(tip))
        }
    }

    @Test("a board with one discussion says “1 discussion” on its community's page; a community of one member “1 member”")
    func singularCounts() async throws {
        let f = try await ForumFixture.make()
        _ = try await f.question(title: "Only question here")
        try await f.app.run { browser in
            let page = try await browser.get(Paths.community(f.community))
            #expect(page.body.contains("<p class=\"muted\">1 discussion</p>"))
            #expect(!page.body.contains("1 discussions"))
            #expect(!page.body.contains(" 1 members"))
        }
    }

    @Test("the welcome page suggests communities open in one click first, then those taking requests")
    func welcomeOpenFirst() async throws {
        let f = try await ForumFixture.make()
        let now = f.app.clock.now
        // Given an open community whose name comes after a by-request one
        var zoology = Community(slug: "zoology", name: "Zoology", summary: "About zoology.", description: "All about zoology.",
                                visibility: .public, joinPolicy: .open, createdAt: now, updatedAt: now)
        zoology.kinds = [.exchange]
        _ = try await f.app.database.createCommunity(zoology)
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let page = try await browser.get("/welcome")
            // Then both open ones come before Privacy (by request)
            let finance = try #require(page.body.range(of: "Join Finance"))
            let zoo = try #require(page.body.range(of: "Join Zoology"))
            let privacy = try #require(page.body.range(of: "href=\"/c/privacy/join\">Ask to join</a>"))
            #expect(finance.lowerBound < privacy.lowerBound && zoo.lowerBound < privacy.lowerBound)
            #expect(page.body.components(separatedBy: "<li class=\"card\">").count - 1 <= WelcomeController.suggestionLimit)
        }
    }

    @Test("the join page of a community taking requests says so once")
    func joinSaysByRequestOnce() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let page = try await browser.get(Paths.join(f.community))
            #expect(page.body.components(separatedBy: "moderators approve").count - 1 == 1)
            #expect(page.body.contains("Tell the moderators who you are and why you would like to join."))
        }
    }

    @Test("posts' times are shown in the zone the member chose in Settings; in UTC for everyone else")
    func postTimesInMemberZone() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question()
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE user SET time_zone = 'America/Toronto' WHERE id = ?", arguments: [f.member.id!])
        }
        let local = MeetingClock.local(question.createdAt, in: TimeZone(identifier: "America/Toronto")!)
        let expected = "\(local.day) \(Formatting.monthAbbreviations[local.month - 1]) \(local.year), \(MeetingClock.time(local)) Toronto time"
        try await f.app.run { browser in
            let anonymous = try await browser.get(Paths.discussion(question))
            #expect(anonymous.body.contains(Formatting.moment(question.createdAt)))
            try await browser.signIn(email: "member@example.org")
            let member = try await browser.get(Paths.discussion(question))
            #expect(member.body.contains(expected))
            #expect(!member.body.contains(Formatting.moment(question.createdAt)))
        }
    }
}
