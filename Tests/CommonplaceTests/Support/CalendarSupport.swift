import Foundation
import GRDB
import Testing
@testable import Commonplace

/// An iCalendar object as Python's `icalendar` and `recurring-ical-events` read it (ops/ics_check.py, which
/// `ops/setup --test` equips): the problems found in its text and time zones, its VEVENTs as written, and every date
/// of every event with series expanded.
struct ParsedCalendar: Decodable {
    let problems: [String]
    let timezone_checks: Int
    let calendar: Header
    let components: [Component]
    let instances: [Instance]

    struct Header: Decodable {
        let version: String?
        let prodid: String?
        let name: String?
    }

    struct Component: Decodable {
        let uid: String
        let recurrence_id: String?
        let sequence: Int
        let dtstamp: String?
        let rrule: String?
        let exdates: Int
        let rdates: Int
        let status: String
    }

    struct Instance: Decodable, Equatable {
        let uid: String
        let recurrence_id: String?
        let start: String
        let end: String
        let start_local: String
        let tzid: String
        let status: String?
        let sequence: Int
        let summary: String?
        let url: String?
        let location: String?
        let description: String?
        let conference: String?
    }

    /// Runs ops/ics_check.py on `ics`.
    static func parse(_ ics: String) throws -> ParsedCalendar {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ProjectPaths.root.appendingPathComponent("ops/ics_check.py").path]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(ics.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ParsedFeed.CheckError(message: "python3 ics_check.py failed (are icalendar and recurring-ical-events installed? `ops/setup --test` installs them): \(err)")
        }
        return try JSONDecoder().decode(ParsedCalendar.self, from: out)
    }

    /// The dates of the event with this UID.
    func instances(uid: String) -> [Instance] { instances.filter { $0.uid == uid } }
}

extension Browser {
    /// Fetches `path` and checks it with ops/ics_check.py, requiring a 200 `text/calendar` answer without problems.
    func calendar(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> (Page, ParsedCalendar) {
        let page = try await get(path)
        try #require(page.status == .ok, "\(path): \(page.status)", sourceLocation: sourceLocation)
        #expect(page.headers[.contentType] == "text/calendar; charset=utf-8", sourceLocation: sourceLocation)
        let parsed = try ParsedCalendar.parse(page.body)
        #expect(parsed.problems == [], "\(path)", sourceLocation: sourceLocation)
        #expect(parsed.calendar.version == "2.0", sourceLocation: sourceLocation)
        return (page, parsed)
    }
}

extension ForumFixture {
    /// An event in any zone, stored with its dates as the moderator schedules it.
    func meeting(_ title: String, in community: Community, zone: String, date: String, start: String, end: String,
                 repeat rule: Meeting.Repeat, interval: Int = 1, count: Int? = nil, until: String? = nil,
                 audience: Meeting.Audience = .members, link: String = "https://meet.example.org/room",
                 place: String = "") async throws -> Meeting {
        let now = app.clock.now
        let meeting = Meeting(communityId: community.id!, authorId: moderator.id, title: title, kind: .meeting, audience: audience,
                              timeZone: zone, startDate: date, startTime: start, endTime: end, link: link, place: place,
                              repeat: rule, interval: interval, untilDate: until, count: count, createdAt: now, updatedAt: now)
        return try await app.database.createMeeting(meeting, occurrences: try meeting.schedule!.occurrences(), checking: .trusted)
    }

    /// Records `user`'s answer to one date of an event (as the RSVP form would).
    func answer(_ response: MeetingRSVP.Response, by user: User, to meeting: Meeting, on date: String) async throws {
        let occurrence = try #require(try await app.database.occurrence(meetingID: meeting.id!, localDate: date))
        try await app.database.writer.write { [now = app.clock.now] db in
            var rsvp = MeetingRSVP(occurrenceId: occurrence.id!, userId: user.id!, response: response, respondedAt: now)
            try rsvp.insert(db)
        }
    }
}

/// What a calendar should say of an event's dates, from the site's own rows: for each date its UID, RECURRENCE-ID
/// (series only), start and end in UTC, and whether it is cancelled.
struct ExpectedDate: Equatable, CustomStringConvertible {
    let uid: String
    let recurrenceID: String?
    let start: String
    let end: String
    let cancelled: Bool

    var description: String { "\(recurrenceID ?? "-") \(start)–\(end)\(cancelled ? " cancelled" : "")" }

    static func of(_ meeting: Meeting, _ rows: [MeetingOccurrence]) -> [ExpectedDate] {
        rows.map { row in
            ExpectedDate(uid: testBaseURL + Paths.meeting(meeting.id!),
                         recurrenceID: meeting.isSeries ? row.localDate + "T" + meeting.startTime + ":00" : nil,
                         start: Formatting.iso(row.startsAt), end: Formatting.iso(row.endsAt),
                         cancelled: row.isCancelled || (meeting.isCancelled && !meeting.isSeries))
        }.sorted { $0.start < $1.start }
    }

    static func of(_ instances: [ParsedCalendar.Instance]) -> [ExpectedDate] {
        instances.map {
            ExpectedDate(uid: $0.uid, recurrenceID: $0.recurrence_id, start: $0.start, end: $0.end, cancelled: $0.status == "CANCELLED")
        }.sorted { $0.start < $1.start }
    }
}
