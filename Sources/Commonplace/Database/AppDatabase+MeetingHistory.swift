import Foundation
import GRDB

/// Answers to dates that already took place, as the demo data brings them (the RSVP form refuses past dates: see
/// `AppDatabase.rsvpTargets`). Used only by the seeder, which owns the rows it writes.
extension AppDatabase {
    /// Stores who answered past date `occurrenceID`, each answer at `at`; members who already answered keep theirs.
    public func importPastAnswers(occurrenceID: Int64, answers: [(userID: Int64, response: MeetingRSVP.Response)], at: Date,
                                  checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO meeting_rsvp (occurrence_id, user_id, response, waitlisted, responded_at, by_series)
                VALUES (?, ?, ?, 0, ?, 0)
                """)
            for answer in answers {
                try statement.execute(arguments: [occurrenceID, answer.userID, answer.response.rawValue, at])
            }
        }
    }
}
