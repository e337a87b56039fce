import Foundation
import GRDB
import HTTPTypes
import Testing
@testable import Commonplace

/// Calendars of events (issue 14): `/e/{id}.ics`, `/c/{community}/events.ics` and the private
/// `/feeds/{token}/events.ics`; who gets which, and where the meeting link is written.
@Suite("Meetings: calendar files and feeds")
struct MeetingCalendarTests {
    static let link = "https://meet.example.org/room"

    @Test("an event's .ics: anyone for a public community's event without the link, members with it, 404 for the rest")
    func eventFile() async throws {
        // Given a members' event of the public community and one of the members-only community
        let f = try await ForumFixture.make()
        let open = try await f.meeting("Open monthly", in: f.community, zone: "America/Toronto", date: "2026-12-08",
                                       start: "12:00", end: "13:00", repeat: .monthlyWeekday, count: 6)
        let closed = try await f.meeting("Security review", in: f.privateCommunity, zone: "America/Toronto", date: "2026-12-09",
                                         start: "09:00", end: "10:00", repeat: .none)
        try await f.app.run { browser in
            // When an anonymous visitor downloads the public community's event
            let (page, parsed) = try await browser.calendar(Paths.meetingCalendar(open.id!))
            // Then it has its six dates and its page, but no meeting link, and caches keep no shared copy
            #expect(parsed.instances.count == 6)
            #expect(parsed.instances.allSatisfy { $0.conference == nil && $0.url?.hasPrefix(testBaseURL + "/e/\(open.id!)") == true })
            #expect(!page.body.contains(Self.link))
            #expect(parsed.instances.allSatisfy { $0.description?.contains("the meeting link is on the event page") == true })
            #expect(page.headers[.cacheControl] == "private, no-cache")
            // …and the members-only one, or one that does not exist, is 404
            #expect(try await browser.get(Paths.meetingCalendar(closed.id!)).status == .notFound)
            #expect(try await browser.get(Paths.meetingCalendar(9_999)).status == .notFound)
            #expect(try await browser.get("/e/abc.ics").status == .notFound)
            // When an outsider signs in, the members-only event stays 404 and the public one has no link
            try await browser.signIn(email: f.outsider.email)
            #expect(try await browser.get(Paths.meetingCalendar(closed.id!)).status == .notFound)
            #expect(!(try await browser.get(Paths.meetingCalendar(open.id!)).body.contains(Self.link)))
            browser.clearCookies()
            // When a member signs in, both carry the link, never stored by caches
            try await browser.signIn(email: f.member.email)
            let (mine, minePage) = try await browser.calendar(Paths.meetingCalendar(closed.id!))
            #expect(mine.headers[.cacheControl] == "private, no-store")
            #expect(minePage.instances.map(\.conference) == [Self.link])
            #expect(minePage.instances.first?.location == Self.link, "no place: the link is where")
            let (_, openPage) = try await browser.calendar(Paths.meetingCalendar(open.id!))
            #expect(openPage.instances.allSatisfy { $0.conference == Self.link })
        }
    }

    @Test("a community's feed is built for anyone: public community without links, members-only 404 even for members")
    func communityFeed() async throws {
        let f = try await ForumFixture.make()
        _ = try await f.meeting("Open monthly", in: f.community, zone: "America/Toronto", date: "2026-12-08",
                                start: "12:00", end: "13:00", repeat: .monthlyWeekday, count: 3, place: "Room 4")
        _ = try await f.meeting("Elsewhere", in: f.otherCommunity, zone: "America/Toronto", date: "2026-12-10",
                                start: "12:00", end: "13:00", repeat: .none)
        try await f.app.run { browser in
            // Given a signed-in member (whose cookie a feed ignores)
            try await browser.signIn(email: f.member.email)
            let (page, parsed) = try await browser.calendar(Paths.communityEventsCalendar(f.community))
            // Then the public feed has the community's events only, named, with the place and no link
            #expect(Set(parsed.instances.map(\.summary)) == ["Open monthly"])
            #expect(parsed.calendar.name == "Privacy events")
            #expect(parsed.instances.allSatisfy { $0.location == "Room 4" && $0.conference == nil })
            #expect(!page.body.contains(Self.link))
            #expect(page.headers[.cacheControl] == "public, no-cache")
            // …it answers 304 to its own ETag
            let etag = try #require(page.headers[.eTag])
            #expect(try await browser.get(Paths.communityEventsCalendar(f.community), headers: [.ifNoneMatch: etag]).status == .notModified)
            // …and the members-only community's feed is 404 without a private address
            #expect(try await browser.get(Paths.communityEventsCalendar(f.privateCommunity)).status == .notFound)
            #expect(try await browser.get("/c/no-such-community/events.ics").status == .notFound)
        }
    }

    @Test("the private feed carries every event the member may see, links where they may see them; revoking ends it")
    func privateFeed() async throws {
        // Given events in the public, members-only and another public community, and a public event of the latter
        let f = try await ForumFixture.make()
        let open = try await f.meeting("Open monthly", in: f.community, zone: "America/Toronto", date: "2026-12-08",
                                       start: "12:00", end: "13:00", repeat: .monthlyWeekday, count: 3)
        let closed = try await f.meeting("Security review", in: f.privateCommunity, zone: "America/Toronto", date: "2026-12-09",
                                         start: "09:00", end: "10:00", repeat: .none, link: "https://meet.example.org/secret")
        let spotlight = try await f.meeting("Research spotlight", in: f.otherCommunity, zone: "America/Toronto", date: "2026-12-10",
                                            start: "12:00", end: "13:00", repeat: .none, audience: .public,
                                            link: "https://meet.example.org/spotlight")
        try await f.app.run { browser in
            // When the member makes a private address and a calendar program reads it with no cookie
            try await browser.signIn(email: f.member.email)
            let made = try await browser.post(Paths.makeFeedToken, [])
            let match = try #require(made.body.firstMatch(of: /\/feeds\/([A-Za-z0-9_-]{43})\/events\.ics/), "/settings/feeds shows the calendar address")
            let token = String(match.1)
            #expect(made.body.contains(testBaseURL + Paths.privateEventsCalendar(token: token)))
            browser.clearCookies()
            let path = Paths.privateEventsCalendar(token: token)
            let (page, parsed) = try await browser.calendar(path)
            #expect(page.headers[.cacheControl] == "private, no-store")
            // Then it has the events of every community they may see, links of their own communities only
            func conference(_ meeting: Meeting) -> Set<String?> {
                Set(parsed.instances(uid: testBaseURL + Paths.meeting(meeting.id!)).map(\.conference))
            }
            #expect(conference(open) == [Self.link])
            #expect(conference(closed) == ["https://meet.example.org/secret"])
            #expect(conference(spotlight) == [nil], "a public event of a community they are not in: no link before an RSVP")
            // …and the members-only community's feed answers through the address
            let (_, community) = try await browser.calendar(Paths.privateFeed(token: token, Paths.communityEventsCalendar(f.privateCommunity)))
            #expect(community.instances.map(\.summary) == ["Security review"])
            // When they answer "going" to the public event, its link is theirs too
            try await f.answer(.going, by: f.member, to: spotlight, on: "2026-12-10")
            #expect(try await browser.get(path).body.contains("https://meet.example.org/spotlight"))
            // When they leave the members-only community, its events leave the feed at once
            try await f.app.database.writer.write { db in
                try db.execute(sql: "DELETE FROM membership WHERE user_id = ? AND community_id = ?", arguments: [f.member.id!, f.privateCommunity.id!])
            }
            let (_, after) = try await browser.calendar(path)
            #expect(after.instances(uid: testBaseURL + Paths.meeting(closed.id!)).isEmpty)
            #expect(try await browser.get(Paths.privateFeed(token: token, Paths.communityEventsCalendar(f.privateCommunity))).status == .notFound)
            // When the address is revoked, the feed is 404
            try await browser.signIn(email: f.member.email)
            _ = try await browser.post(Paths.revokeFeedToken, [])
            browser.clearCookies()
            let gone = try await f.app.expectNoWrite { try await browser.get(path) }
            #expect(gone.status == .notFound)
            #expect(try await browser.get(Paths.privateEventsCalendar(token: "short")).status == .notFound)
            #expect(try await browser.get("/feeds/" + String(repeating: "A", count: 43) + "/events.ics").status == .notFound)
        }
    }

    @Test("an outsider's private feed has no members-only event; a suspended owner's address answers 404")
    func outsiderAndSuspended() async throws {
        let f = try await ForumFixture.make()
        _ = try await f.meeting("Security review", in: f.privateCommunity, zone: "America/Toronto", date: "2026-12-09",
                                start: "09:00", end: "10:00", repeat: .none)
        let open = try await f.meeting("Open monthly", in: f.community, zone: "America/Toronto", date: "2026-12-08",
                                       start: "12:00", end: "13:00", repeat: .none)
        try await f.app.run { browser in
            try await browser.signIn(email: f.outsider.email)
            let token = try await browser.makeFeedToken()
            browser.clearCookies()
            let (page, parsed) = try await browser.calendar(Paths.privateEventsCalendar(token: token))
            #expect(parsed.instances.map(\.summary) == ["Open monthly"])
            #expect(!page.body.contains(Self.link))
            #expect(parsed.instances.first?.url == testBaseURL + Paths.meeting(open.id!))
            #expect(try await browser.get(Paths.privateFeed(token: token, Paths.communityEventsCalendar(f.privateCommunity))).status == .notFound)
            // When the outsider is suspended, their address stops answering
            try await f.app.database.writer.write { db in
                try db.execute(sql: "UPDATE user SET suspended_until = ? WHERE id = ?",
                               arguments: [f.app.clock.now.addingTimeInterval(86_400), f.outsider.id!])
            }
            #expect(try await browser.get(Paths.privateEventsCalendar(token: token)).status == .notFound)
        }
    }

    @Test("editing an event raises SEQUENCE and DTSTAMP; a cancelled date is a cancelled override; no email anywhere")
    func sequenceAndCancellation() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting("Drop-in, with a comma; and more", in: f.community, zone: "America/Toronto",
                                          date: "2026-12-08", start: "12:00", end: "13:00", repeat: .weekly, count: 4)
        try await f.app.run { browser in
            let path = Paths.meetingCalendar(meeting.id!)
            let (_, before) = try await browser.calendar(path)
            let master = try #require(before.components.first)
            #expect(master.sequence == 0 && master.rrule == "FREQ=WEEKLY;COUNT=4;BYDAY=TU" && before.components.count == 1)
            #expect(before.instances.first?.summary == "Drop-in, with a comma; and more")
            // When a moderator moves one date an hour later and cancels another
            f.app.clock.advance(by: 3600)
            _ = try await f.app.database.updateOccurrence(meetingID: meeting.id!, localDate: "2026-12-15",
                                                          override: OccurrenceOverride(startTime: "13:00", endTime: "14:00"),
                                                          now: f.app.clock.now, checking: .trusted)
            _ = try await f.app.database.cancelOccurrence(meetingID: meeting.id!, localDate: "2026-12-22", reason: "Holidays",
                                                          now: f.app.clock.now, checking: .trusted)
            let (page, after) = try await browser.calendar(path)
            // Then the series' SEQUENCE and DTSTAMP went up, and each changed date has its override
            let series = try #require(after.components.first { $0.recurrence_id == nil })
            #expect(series.sequence > master.sequence && series.dtstamp != master.dtstamp)
            let overrides = after.components.filter { $0.recurrence_id != nil }
            #expect(Set(overrides.map(\.recurrence_id)) == ["2026-12-15T12:00:00", "2026-12-22T12:00:00"])
            #expect(overrides.allSatisfy { $0.sequence > series.sequence && $0.uid == series.uid })
            // …the moved date starts at 13:00 (18:00 UTC) and the cancelled one says so, with its reason
            let dates = after.instances
            #expect(dates.map(\.start) == ["2026-12-08T17:00:00Z", "2026-12-15T18:00:00Z", "2026-12-22T17:00:00Z", "2026-12-29T17:00:00Z"])
            #expect(dates.map(\.status) == ["CONFIRMED", "CONFIRMED", "CANCELLED", "CONFIRMED"])
            #expect(dates[2].summary == "Cancelled: Drop-in, with a comma; and more" && dates[2].description?.contains("Cancelled: Holidays") == true)
            #expect(dates[1].url == testBaseURL + Paths.meeting(meeting.id!, on: "2026-12-15"))
            // …and nothing in it is an email address (the checker looks for any)
            #expect(!page.body.contains("ORGANIZER") && !page.body.contains("ATTENDEE") && !page.body.contains("mailto:"))
        }
    }

    @Test("a cancelled series is cancelled, except the dates that took place before")
    func cancelledSeries() async throws {
        let f = try await ForumFixture.make()
        // Given a weekly series whose first date is past when it is cancelled
        let meeting = try await f.meeting("Weekly", in: f.community, zone: "America/Toronto", date: "2026-10-06",
                                          start: "12:00", end: "13:00", repeat: .weekly, count: 5)
        f.app.clock.advance(by: 86_400 * 20)  // 11 October 2026
        _ = try await f.app.database.cancelMeeting(id: meeting.id!, reason: "The group ended", now: f.app.clock.now, checking: .trusted)
        try await f.app.run { browser in
            let (_, parsed) = try await browser.calendar(Paths.meetingCalendar(meeting.id!))
            #expect(parsed.components.first { $0.recurrence_id == nil }?.status == "CANCELLED")
            #expect(parsed.instances.map(\.status) == ["CONFIRMED", "CANCELLED", "CANCELLED", "CANCELLED", "CANCELLED"])
            let rows = try await f.app.database.occurrences(meetingID: meeting.id!)
            let cancelled = try #require(await f.app.database.meeting(id: meeting.id!))
            #expect(ExpectedDate.of(parsed.instances) == ExpectedDate.of(cancelled, rows))
        }
    }

    @Test("event pages link their .ics; a public community's events page its calendar, a members-only one the private address")
    func pageLinks() async throws {
        let f = try await ForumFixture.make()
        let open = try await f.meeting("Open monthly", in: f.community, zone: "America/Toronto", date: "2026-12-08",
                                       start: "12:00", end: "13:00", repeat: .monthlyWeekday, count: 3)
        try await f.app.run { browser in
            let event = try await browser.get(Paths.meeting(open))
            #expect(event.body.contains("<a href=\"\(Paths.meetingCalendar(open.id!))\" type=\"text/calendar\">Add to calendar (.ics)</a>"))
            let events = try await browser.get(Paths.communityEvents(f.community))
            #expect(events.body.contains("<a href=\"\(Paths.communityEventsCalendar(f.community))\" type=\"text/calendar\">Add to calendar (.ics)</a>"))
            #expect(!events.body.contains(Paths.settingsFeeds), "no private address for an anonymous visitor")
            try await browser.signIn(email: f.member.email)
            let closed = try await browser.get(Paths.communityEvents(f.privateCommunity))
            #expect(closed.status == .ok && !closed.body.contains("events.ics"))
            #expect(closed.body.contains("<a href=\"\(Paths.settingsFeeds)\">Your private calendar address</a>"))
        }
    }
}
