import Foundation
@testable import Commonplace

extension ForumFixture {
    /// An event of `community` (the public one by default) as a moderator schedules it, stored with its dates.
    func meeting(_ title: String = "Monthly privacy meeting", in community: Community? = nil, kind: Meeting.Kind = .meeting,
                 audience: Meeting.Audience = .members, date: String = "2026-12-08", start: String = "12:00", end: String = "13:00",
                 repeat rule: Meeting.Repeat = .none, interval: Int = 1, count: Int? = nil, until: String? = nil,
                 link: String = "https://meet.example.org/privacy", capacity: Int? = nil) async throws -> Meeting {
        let community = community ?? self.community
        let now = app.clock.now
        let meeting = Meeting(communityId: community.id!, authorId: moderator.id, title: title, kind: kind, audience: audience,
                              timeZone: "America/Toronto", startDate: date, startTime: start, endTime: end, link: link,
                              place: "Room 4", capacity: capacity, repeat: rule, interval: interval, untilDate: until,
                              count: count, createdAt: now, updatedAt: now)
        let occurrences = try meeting.schedule!.occurrences()
        return try await app.database.createMeeting(meeting, occurrences: occurrences, checking: .trusted)
    }

    /// An event in memory only (for Guardian rules).
    func draftMeeting(in community: Community, audience: Meeting.Audience = .members) -> Meeting {
        Meeting(id: 99, communityId: community.id!, authorId: moderator.id, title: "Draft", kind: .meeting, audience: audience,
                timeZone: "America/Toronto", startDate: "2026-12-08", startTime: "12:00", endTime: "13:00",
                createdAt: app.clock.now, updatedAt: app.clock.now)
    }
}
