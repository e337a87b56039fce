import Foundation
import GRDB

/// Answers for "every date to come" reach dates a series gains later: an edit of the series or of the series from a
/// date on adds dates, and each member whose last answer was for the series answers them the same way (going waits
/// in order beyond the capacity), as if they had answered after the dates were added.
extension AppDatabase {
    /// By member, their answer for the series: the one given by a series answer (`by_series`) on the latest of `rows`;
    /// in the order they were given (who answered first waits first).
    static func seriesAnswers(_ db: Database, rows: [MeetingOccurrence]) throws -> [(userID: Int64, response: MeetingRSVP.Response)] {
        let ids = rows.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let found = try Row.fetchAll(db, SQLRequest<Row>(literal: """
            SELECT r.user_id, r.response, r.responded_at FROM meeting_rsvp r JOIN meeting_occurrence o ON o.id = r.occurrence_id
            WHERE r.by_series AND r.occurrence_id IN \(ids)
            ORDER BY o.local_date DESC, r.responded_at, r.user_id
            """))
        var seen = Set<Int64>()
        var answers: [(userID: Int64, response: MeetingRSVP.Response, at: Date)] = []
        for row in found {
            let userID: Int64 = row[0]
            guard seen.insert(userID).inserted, let response = MeetingRSVP.Response(rawValue: row[1]) else { continue }
            answers.append((userID, response, try row.storedDate(atIndex: 2)))
        }
        return answers.sorted { ($0.at, $0.userID) < ($1.at, $1.userID) }.map { ($0.userID, $0.response) }
    }

    /// Gives `answers` (from `seriesAnswers`) to `meeting`'s dates on `localDates` that are still to come, for members
    /// who may still come (members of the community; anyone for a public event of a public community).
    static func inheritSeriesAnswers(_ db: Database, meeting: Meeting, localDates: [String],
                                     answers: [(userID: Int64, response: MeetingRSVP.Response)], now: Date) throws {
        guard !answers.isEmpty, !localDates.isEmpty else { return }
        let rows = try MeetingOccurrence.fetchAll(db, SQLRequest(literal: """
            SELECT * FROM meeting_occurrence WHERE meeting_id = \(meeting.id!) AND local_date IN \(localDates)
              AND cancelled_at IS NULL AND ends_at > \(now) ORDER BY local_date
            """))
        guard !rows.isEmpty else { return }
        let community = try CheckedRows.community(db, id: meeting.communityId)
        let members = Self.isOpenToAll(meeting, community) ? nil : Set(try Int64.fetchAll(db, SQLRequest(literal: """
            SELECT user_id FROM membership WHERE community_id = \(community.id!) AND user_id IN \(answers.map(\.userID))
            """)))
        var outcome = RSVPOutcome()
        for row in rows {
            for answer in answers where members?.contains(answer.userID) ?? true {
                try setAnswer(db, occurrence: row, capacity: meeting.capacity, communityID: meeting.communityId, userID: answer.userID,
                              response: answer.response, bySeries: true, now: now, outcome: &outcome)
            }
        }
    }

    private static func isOpenToAll(_ meeting: Meeting, _ community: Community) -> Bool {
        Guardian.isOpenToThePublic(meeting, in: community)
    }
}
