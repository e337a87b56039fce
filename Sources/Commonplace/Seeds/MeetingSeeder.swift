import Foundation
import GRDB

/// Loads `seeds/meetings.json`: the demo communities' events, dated relative to the run (`now`), so each series has
/// dates that took place and dates to come. Stored through `AppDatabase.createMeeting`, with what happened at their
/// dates (`MeetingHistorySeeder`); an event whose community already has one of that title is left alone.
struct MeetingSeeder {
    let database: AppDatabase
    let file: URL
    let now: Date

    struct MeetingsFile: Decodable { let meetings: [SeedMeeting] }
    struct SeedMeeting: Decodable {
        let community, author, kind, title, description, time_zone, start, end, link, place, audience: String
        let `repeat`: Meeting.Repeat
        let interval: Int?
        let months_from_now, week, weekday: Int
        let count: Int?
        let capacity: Int?
        let anonymous_questions: Bool?
        /// What happened at some of its dates (`MeetingHistorySeeder`).
        let dates: [MeetingHistorySeeder.SeedDate]?
    }

    func run(report: inout DemoSeeder.Report, progress: (String) -> Void) async throws {
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        let seeds = try JSONDecoder().decode(MeetingsFile.self, from: Data(contentsOf: file)).meetings
        for (index, seed) in seeds.enumerated() {
            progress("events \(index + 1)/\(seeds.count)")
            guard let community = try await database.community(slug: seed.community) else {
                throw CommandError("meetings.json names an unknown community \(seed.community)")
            }
            guard let author = try await database.user(handle: seed.author) else {
                throw CommandError("meetings.json names an unknown member \(seed.author)")
            }
            let exists = try await database.reader.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM meeting WHERE community_id = ? AND title = ?)",
                                  arguments: [community.id!, seed.title]) ?? false
            }
            if exists { continue }
            guard let zone = MeetingClock.knownZone(seed.time_zone), let kind = Meeting.Kind(rawValue: seed.kind),
                  let audience = Meeting.Audience(rawValue: seed.audience) else {
                throw CommandError("meetings.json: “\(seed.title)” has an unknown zone, kind or audience")
            }
            let date = Self.day(monthsFromNow: seed.months_from_now, week: seed.week, weekday: seed.weekday, now: now, zone: zone)
            let description = RenderedText.from(seed.description)
            let meeting = Meeting(
                communityId: community.id!, authorId: author.id, title: seed.title, kind: kind, description: description.markdown,
                descriptionHtml: description.html, audience: audience, timeZone: seed.time_zone, startDate: date.description,
                startTime: seed.start, endTime: seed.end, link: seed.link, place: seed.place, capacity: seed.capacity,
                repeat: seed.repeat, interval: seed.interval ?? 1, count: seed.count,
                allowsAnonymousQuestions: seed.anonymous_questions ?? false, createdAt: now, updatedAt: now)
            guard let schedule = meeting.schedule else { throw CommandError("meetings.json: “\(seed.title)” has a bad time") }
            let stored = try await database.createMeeting(meeting, occurrences: try schedule.occurrences(), checking: .trusted)
            try await MeetingHistorySeeder(database: database, now: now).run(seed.dates ?? [], meeting: stored)
            report.meetingsAdded += 1
        }
    }

    /// The `week`-th `weekday` (1 Sunday … 7 Saturday; week -1: the last) of the month `monthsFromNow` months from
    /// the month `now` falls in, in `zone`.
    static func day(monthsFromNow: Int, week: Int, weekday: Int, now: Date, zone: TimeZone) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = LocalDate(now, in: calendar)
        let months = today.year * 12 + today.month - 1 + monthsFromNow
        let first = LocalDate(year: months / 12, month: months % 12 + 1, day: 1)
        if week < 0 {
            let last = first.adding(days: first.daysInMonth - 1)
            return last.adding(days: -((last.weekday - weekday + 7) % 7))
        }
        return first.adding(days: (weekday - first.weekday + 7) % 7 + 7 * (week - 1))
    }
}
