import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Digests: composed at the member's local hour from what they may see then, never an item twice, nothing when empty.
@Suite("Digests")
struct DigestTests {
    /// 2027-03-12 17:00 UTC, a Friday, two days before daylight saving time begins in Toronto (14 March 2027).
    static let friday = Date(timeIntervalSince1970: 1_804_870_800)

    static func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    /// A daily digest at 07:00 in Toronto.
    static var daily: EmailSettings {
        var settings = EmailSettings()
        settings.frequency = .daily
        settings.hour = 7
        settings.timeZone = "America/Toronto"
        return settings
    }

    @Test("the local hour holds across a daylight-saving change: 07:00 Toronto is 12:00 UTC before it and 11:00 UTC after")
    func localHourAcrossDST() throws {
        let next = { (date: Date, settings: EmailSettings) in
            DigestSchedule.next(after: date, settings: settings, defaultTimeZone: "America/Toronto")
        }
        #expect(next(Self.utc("2027-03-12T13:00:00Z"), Self.daily) == Self.utc("2027-03-13T12:00:00Z"))
        #expect(next(Self.utc("2027-03-13T12:00:00Z"), Self.daily) == Self.utc("2027-03-14T11:00:00Z"))
        #expect(next(Self.utc("2027-03-14T11:00:00Z"), Self.daily) == Self.utc("2027-03-15T11:00:00Z"))
        // Weekly, Monday 08:00 (the default), in Paris (summer time begins there on 28 March 2027)
        var paris = EmailSettings()
        paris.timeZone = "Europe/Paris"
        #expect(next(Self.utc("2027-03-23T12:00:00Z"), paris) == Self.utc("2027-03-29T06:00:00Z"))
        #expect(next(Self.utc("2027-03-16T12:00:00Z"), paris) == Self.utc("2027-03-22T07:00:00Z"))
        // A member without a zone follows the site's
        #expect(next(Self.utc("2027-03-16T12:00:00Z"), EmailSettings()) == Self.utc("2027-03-22T12:00:00Z"))
        var off = EmailSettings()
        off.frequency = .off
        #expect(next(Self.utc("2027-03-16T12:00:00Z"), off) == nil)
    }

    /// A fixture at `friday` with a verified member on a daily digest at 07:00 Toronto, scheduled.
    static func fixture() async throws -> ForumFixture {
        let f = try await ForumFixture.make()
        f.app.clock.advance(by: Self.friday.timeIntervalSince(f.app.clock.now))
        try await f.app.verifyEmail(f.member)
        try await f.app.setEmailModes(f.member, [:], digest: Self.daily)
        return f
    }

    @Test("a digest is composed at the member's hour on the day after the change (11:00 UTC), not an hour before, and lists what is new")
    func composedAtLocalHour() async throws {
        let f = try await Self.fixture()
        let digests = f.app.digests
        // Scheduled on Sunday after 07:00 local (EDT now): the next is Monday 11:00 UTC
        #expect(try await digests.runOnce(now: Self.utc("2027-03-14T12:30:00Z")) == 0)
        f.app.clock.advance(by: Self.utc("2027-03-14T13:00:00Z").timeIntervalSince(f.app.clock.now))
        let (question, _) = try await f.ask("How long do we keep consent forms?")
        // Then nothing at 10:59 UTC Monday…
        #expect(try await digests.runOnce(now: Self.utc("2027-03-15T10:59:00Z")) == 0)
        #expect(try await f.app.queuedMail(of: f.member).isEmpty)
        // …and the digest at 11:00 UTC
        #expect(try await digests.runOnce(now: Self.utc("2027-03-15T11:00:00Z")) == 1)
        let mail = try #require(try await f.app.queuedMail(of: f.member).first)
        #expect(mail.kind == "digest" && mail.dedupeKey == "digest/digest:2027-03-15")
        #expect(mail.subject == "Your daily digest: 1 new item")
        #expect(mail.text.contains("Questions waiting for an answer\n"))
        #expect(mail.text.contains("- How long do we keep consent forms?\n  \(f.app.config.publicBaseURL)\(Paths.discussion(question))"))
        #expect(mail.html.contains("<h2>Questions waiting for an answer</h2>"))
        let unsubscribe = try #require(mail.unsubscribeURL)
        #expect(unsubscribe.contains("/unsubscribe/\(f.member.id!).digest."))
        #expect(mail.text.contains("Turn off the digest: \(unsubscribe)"))
        #expect(mail.text.contains("every day at 07:00 (America/Toronto)"))
        #expect(mail.threadKey == nil && !mail.skipIfActive)
    }

    @Test("nothing is queued when there is nothing new; never the same item in two digests")
    func nothingTwice() async throws {
        let f = try await Self.fixture()
        let digests = f.app.digests
        try await digests.runOnce(now: Self.utc("2027-03-12T18:00:00Z"))
        // The first digest (Saturday 12:00 UTC) has nothing: nothing queued
        #expect(try await digests.runOnce(now: Self.utc("2027-03-13T12:00:00Z")) == 0)
        #expect(try await f.app.queuedMail().isEmpty)
        // A discussion comes: Sunday's digest lists it
        f.app.clock.advance(by: Self.utc("2027-03-13T15:00:00Z").timeIntervalSince(f.app.clock.now))
        let (first, _) = try await f.ask("First question about retention")
        #expect(try await digests.runOnce(now: Self.utc("2027-03-14T11:00:00Z")) == 1)
        // Another comes: Monday's lists only the new one
        f.app.clock.advance(by: Self.utc("2027-03-14T15:00:00Z").timeIntervalSince(f.app.clock.now))
        let (second, _) = try await f.ask("Second question about retention")
        // (even if the first one's row were read again: a digest a day later never repeats it)
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE digest_schedule SET last_digest_at = ? WHERE user_id = ?",
                           arguments: [Self.utc("2027-03-10T00:00:00Z"), f.member.id])
        }
        #expect(try await digests.runOnce(now: Self.utc("2027-03-15T11:00:00Z")) == 1)
        let mails = try await f.app.queuedMail(of: f.member)
        #expect(mails.count == 2)
        #expect(mails[0].text.contains(Paths.discussion(first)))
        #expect(mails[1].text.contains(Paths.discussion(second)))
        #expect(!mails[1].text.contains(Paths.discussion(first)))
        // And the next day, nothing new: nothing queued
        #expect(try await digests.runOnce(now: Self.utc("2027-03-16T11:00:00Z")) == 0)
        #expect(try await f.app.queuedMail(of: f.member).count == 2)
    }

    @Test("only what the member may see when it is composed: a community they left, a hidden discussion, never appear")
    func visibilityRechecked() async throws {
        let f = try await Self.fixture()
        let digests = f.app.digests
        try await digests.runOnce(now: Self.utc("2027-03-12T18:00:00Z"))
        // Given a discussion with a planted word in the members-only community, one hidden, and a visible one
        _ = try await f.ask("Zanzibar protocol for incidents", in: f.privateBoard)
        let (hidden, _) = try await f.ask("Quagmire of hidden things")
        try await f.app.database.setDiscussionHidden(id: hidden.id!, hidden: true, reason: "Off topic",
                                                     by: ModeratorStamp(moderatorID: f.moderator.id!, at: f.app.clock.now))
        _ = try await f.ask("Visible question on retention")
        // When the member leaves the members-only community before the digest
        try await f.app.database.removeMember(communityID: f.privateCommunity.id!, userID: f.member.id!)
        #expect(try await digests.runOnce(now: Self.utc("2027-03-13T12:00:00Z")) == 1)
        // Then the digest has the visible question, and neither planted word in either part
        let mail = try #require(try await f.app.queuedMail(of: f.member).first)
        #expect(mail.text.contains("Visible question on retention"))
        for word in ["Zanzibar", "Quagmire"] {
            #expect(!mail.text.contains(word) && !mail.html.contains(word), "\(word)")
        }
    }

    @Test("questions matching the member's declared expertise come first; accepted answers, featured resources and digest-mode notifications are listed")
    func sections() async throws {
        let f = try await Self.fixture()
        let digests = f.app.digests
        try await digests.runOnce(now: Self.utc("2027-03-12T18:00:00Z"))
        try await f.setExpertise(f.member, help: ["consent"])
        let (other, _) = try await f.ask("Which shredder do you use?")
        let (matching, _) = try await f.ask("Older consent question")
        // (the newer one first by time: the matching one must still lead)
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE discussion SET created_at = ? WHERE id = ?", arguments: [f.app.clock.now.addingTimeInterval(-30), matching.id])
        }
        let answerer = try await f.addMember("answerer")
        let (answered, _) = try await f.answered("A settled question", by: answerer, accepted: false)
        let answer = try #require(try await f.app.database.post(discussionID: answered.id!, number: 2)).post
        try await f.app.database.setAcceptedAnswer(discussionID: answered.id!, postID: answer.id!, now: f.app.clock.now, checking: .trusted)
        let resource = try await f.shareResource("Retention schedule template", by: f.author)
        try await f.app.database.curate(resourceID: resource.id!, .feature, by: ModeratorStamp(moderatorID: f.moderator.id!, at: f.app.clock.now))
        // …and a watched discussion's new post (watching: in the digest by default)
        let (watched, _) = try await f.question(title: "A watched conversation", kind: .conversation)
        try await f.app.database.setWatch(userID: f.member.id!, target: .discussion, id: watched.id!, level: .watching, now: f.app.clock.now)
        f.app.clock.advance(by: 60)
        _ = try await f.app.database.reply(discussionID: watched.id!, authorID: f.author.id!, body: .from("An update"), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.queuedMail(of: f.member).isEmpty)
        #expect(try await digests.runOnce(now: Self.utc("2027-03-13T12:00:00Z")) == 1)
        let text = try #require(try await f.app.queuedMail(of: f.member).first).text
        let matchingAt = try #require(text.range(of: "Older consent question")).lowerBound
        let otherAt = try #require(text.range(of: "Which shredder do you use?")).lowerBound
        #expect(matchingAt < otherAt)
        #expect(text.contains("matches consent, which you can help with"))
        #expect(text.contains("Accepted answers\n"))
        #expect(text.contains("Answerer's answer was accepted"))
        #expect(text.contains("Newly featured resources\n") && text.contains("Retention schedule template"))
        #expect(text.contains("Your notifications\n") && text.contains("Author posted in “A watched conversation”"))
        #expect(text.contains("- Which shredder do you use?\n  \(f.app.config.publicBaseURL)\(Paths.discussion(other))\n  Privacy · no accepted answer yet"))
    }

    @Test("the scheduling pass schedules a new account, drops the schedule of one who turned digests off and makes it again when they turn them on")
    func schedules() async throws {
        let f = try await Self.fixture()
        let digests = f.app.digests
        let schedule = { (user: User) in
            try await f.app.database.reader.read { db in
                try Row.fetchOne(db, sql: "SELECT last_digest_at, next_digest_at FROM digest_schedule WHERE user_id = ?", arguments: [user.id!])
            }
        }
        // A new account, never having chosen, is scheduled weekly, its first digest covering the week before
        try await digests.runOnce(now: Self.utc("2027-03-12T18:00:00Z"))
        let newcomer = try await f.addMember("newcomer")
        try await digests.runOnce(now: Self.utc("2027-03-12T18:05:00Z"))
        let first = try #require(try await schedule(newcomer))
        #expect(first["last_digest_at"] as Date? == Self.utc("2027-03-05T18:05:00Z"))
        #expect((first["next_digest_at"] as Date?).map { $0 > Self.utc("2027-03-12T18:05:00Z") } == true)
        // Turning digests off drops the schedule; a pass with nothing to do changes nothing
        var off = Self.daily
        off.frequency = .off
        try await f.app.setEmailModes(newcomer, [:], digest: off)
        try await digests.runOnce(now: Self.utc("2027-03-12T18:10:00Z"))
        #expect(try await schedule(newcomer) == nil)
        #expect(try await f.app.database.scheduleDigests(site: DigestSite(baseURL: "https://forum.example", defaultTimeZone: "UTC"),
                                                        now: Self.utc("2027-03-12T18:15:00Z")) == 0)
        // Turning them on again schedules the next one
        try await f.app.setEmailModes(newcomer, [:], digest: Self.daily)
        try await digests.runOnce(now: Self.utc("2027-03-12T18:20:00Z"))
        let again = try #require(try await schedule(newcomer))
        #expect((again["next_digest_at"] as Date?).map { $0 > Self.utc("2027-03-12T18:20:00Z") } == true)
    }

    @Test("no digest for a member who turned it off, an unverified address, or a suspended account")
    func noDigest() async throws {
        let f = try await Self.fixture()
        let unverified = try await f.addMember("unverified")
        try await f.app.setEmailModes(unverified, [:], digest: Self.daily)
        var off = Self.daily
        off.frequency = .off
        let digests = f.app.digests
        try await digests.runOnce(now: Self.utc("2027-03-12T18:00:00Z"))
        try await f.app.setEmailModes(f.member, [:], digest: off)
        _ = try await f.ask("Something new")
        #expect(try await digests.runOnce(now: Self.utc("2027-03-20T12:00:00Z")) == 0)
        #expect(try await f.app.queuedMail().isEmpty)
    }

    @Test("a member's first digest lists the recent unanswered questions from before it (once); older or answered ones are left out")
    func recentUnanswered() async throws {
        let f = try await Self.fixture()
        // Given questions from 10 and 20 days before, one of the recent ones answered
        let start = f.app.clock.now
        f.app.clock.advance(by: -20 * 86_400)
        _ = try await f.ask("A question from long ago")
        f.app.clock.advance(by: 10 * 86_400)
        _ = try await f.ask("A recent open question")
        let answerer = try await f.addMember("answerer")
        try await f.answered("A recent answered question", by: answerer)
        f.app.clock.advance(by: start.timeIntervalSince(f.app.clock.now))
        // When the first digests are composed
        let digests = f.app.digests
        try await digests.runOnce(now: Self.utc("2027-03-12T18:00:00Z"))
        #expect(try await digests.runOnce(now: Self.utc("2027-03-13T12:00:00Z")) == 1)
        #expect(try await digests.runOnce(now: Self.utc("2027-03-14T11:00:00Z")) == 0)
        // Then the recent open question is listed once, the others never
        let text = try #require(try await f.app.queuedMail(of: f.member).first).text
        #expect(text.contains("A recent open question"))
        #expect(!text.contains("A question from long ago"))
        #expect(!text.contains("A recent answered question"))
        #expect(try await f.app.queuedMail(of: f.member).count == 1)
    }
}
