import Foundation
import GRDB

/// A member's answer to one occurrence. "Going" beyond the meeting's capacity is waitlisted, in `respondedAt` order.
public struct MeetingRSVP: SnakeCaseRecord, Sendable, Equatable {
    public static let databaseTableName = "meeting_rsvp"

    public enum Response: String, Codable, Sendable, CaseIterable {
        case going, maybe, notGoing = "not_going"

        public var label: String {
            switch self {
            case .going: "Going"
            case .maybe: "Maybe"
            case .notGoing: "Not going"
            }
        }

        /// Going or maybe: an answer that counts as coming (and, for a public event, shows its link).
        public var isAttending: Bool { self != .notGoing }
    }

    public var occurrenceId: Int64
    public var userId: Int64
    public var response: Response
    public var waitlisted: Bool = false
    public var respondedAt: Date
    /// Given for the whole series (`occurrence=all`): a later series answer may replace it, unlike an answer given to
    /// this date alone.
    public var bySeries: Bool = false

    public init(occurrenceId: Int64, userId: Int64, response: Response, waitlisted: Bool = false, respondedAt: Date,
                bySeries: Bool = false) {
        self.occurrenceId = occurrenceId
        self.userId = userId
        self.response = response
        self.waitlisted = waitlisted
        self.respondedAt = respondedAt
        self.bySeries = bySeries
    }
}

extension MeetingRSVP.Response: DatabaseValueConvertible {}
