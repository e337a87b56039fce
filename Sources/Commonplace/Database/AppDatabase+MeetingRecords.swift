import Foundation
import GRDB

/// The record of one date: its notes and decisions (Markdown with their HTML), recording, action items with their
/// owners, attached resources of the library, and its discussion thread.
public struct MeetingRecordData: Sendable {
    public var notes = ""
    public var notesHtml = ""
    public var decisions = ""
    public var decisionsHtml = ""
    public var recordingUrl = ""
    public var discussionId: Int64?
    public var updatedAt: Date?
    public var actionItems: [(item: MeetingActionItem, owner: Author?)] = []
    /// Attached resources, by title (the page shows only those the viewer may see).
    public var resources: [Resource] = []

    public var isEmpty: Bool {
        notes.isEmpty && decisions.isEmpty && recordingUrl.isEmpty && actionItems.isEmpty && resources.isEmpty
    }
}

/// The record afterwards: each write is one transaction that takes the record rule again (`Guardian.recordCheck`);
/// the date's search document follows by triggers (migration 0025), in the same transaction.
extension AppDatabase {
    /// The record of date `occurrenceID`, in four statements.
    public func meetingRecord(occurrenceID: Int64) async throws -> MeetingRecordData {
        try await reader.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT notes, notes_html, decisions, decisions_html, recording_url, discussion_id, record_updated_at
                FROM meeting_occurrence WHERE id = ?
                """, arguments: [occurrenceID]) else { throw AppError.notFound }
            var record = MeetingRecordData(notes: row[0], notesHtml: row[1], decisions: row[2], decisionsHtml: row[3],
                                           recordingUrl: row[4], discussionId: row[5], updatedAt: try row.storedDateIfPresent("record_updated_at"))
            let items = try MeetingActionItem.fetchAll(db, sql: """
                SELECT * FROM meeting_action_item WHERE occurrence_id = ? ORDER BY position, id
                """, arguments: [occurrenceID])
            let owners = Dictionary(uniqueKeysWithValues: try User.fetchAll(db, keys: Array(Set(items.compactMap(\.ownerId))))
                .map { ($0.id!, Author($0)) })
            record.actionItems = items.map { ($0, $0.ownerId.flatMap { owners[$0] }) }
            record.resources = try Resource.fetchAll(db, sql: """
                SELECT r.* FROM meeting_resource mr JOIN resource r ON r.id = mr.resource_id
                WHERE mr.occurrence_id = ? ORDER BY r.title, r.id
                """, arguments: [occurrenceID])
            return record
        }
    }

    /// Saves the notes, decisions and recording link of a date.
    public func saveMeetingRecord(meetingID: Int64, localDate: String, notes: RenderedText, decisions: RenderedText,
                                  recordingURL: String, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            try db.execute(sql: """
                UPDATE meeting_occurrence SET notes = ?, notes_html = ?, decisions = ?, decisions_html = ?, recording_url = ?,
                  record_updated_at = ?
                WHERE meeting_id = ? AND local_date = ?
                """, arguments: [notes.markdown, notes.html, decisions.markdown, decisions.html, recordingURL, now, meetingID, localDate])
        }
    }

    /// Adds an action item, owned by `ownerHandle` when given: a member of the event's community (400 otherwise).
    public func addActionItem(meetingID: Int64, localDate: String, text: String, ownerHandle: String?, now: Date,
                              checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            let (date, _, community) = try CheckedRows.meetingDate(db, meetingID: meetingID, localDate: localDate)
            let ownerID = try ownerHandle.map { try Self.actionItemOwner(db, handle: $0, in: community) }
            let position = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position), 0) + 1 FROM meeting_action_item WHERE occurrence_id = ?",
                                            arguments: [date.occurrence.id!]) ?? 1
            var item = MeetingActionItem(occurrenceId: date.occurrence.id!, text: text, ownerId: ownerID, position: position)
            try item.insert(db)
            try Self.touchRecord(db, occurrenceID: date.occurrence.id!, now: now)
        }
    }

    /// The member `handle` of `community` (400 when there is no such member).
    static func actionItemOwner(_ db: Database, handle: String, in community: Community) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: """
            SELECT u.id FROM user u JOIN membership ms ON ms.user_id = u.id AND ms.community_id = ? WHERE u.handle = ?
            """, arguments: [community.id!, handle.lowercased()]) else {
            throw AppError.badRequest("@\(handle) is not a member of \(community.name): an action item's owner must be one.")
        }
        return id
    }

    /// Marks an action item of a date done or not done, or removes it.
    public func changeActionItem(id: Int64, occurrenceID: Int64, change: ActionItemChange, now: Date,
                                 checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard let item = try MeetingActionItem.fetchOne(db, sql: "SELECT * FROM meeting_action_item WHERE id = ? AND occurrence_id = ?",
                                                            arguments: [id, occurrenceID]) else { throw AppError.notFound }
            switch change {
            case .done, .undone:
                if (change == .done) == (item.doneAt != nil) {
                    throw AppError.conflict(change == .done ? "This action item is already done." : "This action item is not done.")
                }
                try db.execute(sql: "UPDATE meeting_action_item SET done_at = ? WHERE id = ?", arguments: [change == .done ? now : nil, id])
            case .remove:
                try db.execute(sql: "DELETE FROM meeting_action_item WHERE id = ?", arguments: [id])
            }
            try Self.touchRecord(db, occurrenceID: occurrenceID, now: now)
        }
    }

    /// Attaches a resource of the event's community library (not archived, not held) to a date, or detaches it.
    public func setMeetingResource(meetingID: Int64, localDate: String, resourceID: Int64, attached: Bool, now: Date,
                                   checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            let (date, _, community) = try CheckedRows.meetingDate(db, meetingID: meetingID, localDate: localDate)
            let occurrenceID = date.occurrence.id!
            if attached {
                guard let resource = try Resource.fetchOne(db, sql: "SELECT * FROM resource WHERE id = ?", arguments: [resourceID]),
                      resource.communityId == community.id else {
                    throw AppError.badRequest("Pick a resource of \(community.name)'s library.")
                }
                if resource.isArchived || resource.isHeld {
                    throw AppError.badRequest("“\(resource.title)” is archived or awaiting approval: pick a current resource.")
                }
                try db.execute(sql: "INSERT OR IGNORE INTO meeting_resource (occurrence_id, resource_id) VALUES (?, ?)",
                               arguments: [occurrenceID, resourceID])
                if db.changesCount == 0 { throw AppError.conflict("“\(resource.title)” is already attached to this date.") }
            } else {
                try db.execute(sql: "DELETE FROM meeting_resource WHERE occurrence_id = ? AND resource_id = ?", arguments: [occurrenceID, resourceID])
                if db.changesCount == 0 { throw AppError.conflict("This resource is not attached to this date.") }
            }
            try Self.touchRecord(db, occurrenceID: occurrenceID, now: now)
        }
    }

    /// Starts the discussion thread of a date on a board of its community, linked both ways (the date keeps its id;
    /// the opening post links to the date), at most one per date (409).
    public func startMeetingDiscussion(meetingID: Int64, localDate: String, _ new: NewDiscussion,
                                       checking check: WriteCheck) async throws -> Discussion {
        try await write(checking: check) { db in
            let (date, _, _) = try CheckedRows.meetingDate(db, meetingID: meetingID, localDate: localDate)
            if let existing = date.occurrence.discussionId,
               try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM discussion WHERE id = ?)", arguments: [existing]) == true {
                throw AppError.conflict("This date already has its discussion.")
            }
            let discussion = try Self.insertDiscussion(db, new)
            try db.execute(sql: "UPDATE meeting_occurrence SET discussion_id = ? WHERE id = ?", arguments: [discussion.id!, date.occurrence.id!])
            return discussion
        }
    }

    /// The library resources of a community a record may attach (current, approved), newest first.
    public func attachableResources(communityID: Int64, limit: Int = 200) async throws -> [Resource] {
        try await reader.read { db in
            try Resource.fetchAll(db, sql: """
                SELECT * FROM resource WHERE community_id = ? AND archived_at IS NULL AND held_at IS NULL
                ORDER BY created_at DESC, id DESC LIMIT ?
                """, arguments: [communityID, limit])
        }
    }

    static func touchRecord(_ db: Database, occurrenceID: Int64, now: Date) throws {
        try db.execute(sql: "UPDATE meeting_occurrence SET record_updated_at = ? WHERE id = ?", arguments: [now, occurrenceID])
    }
}

/// What a record's form does to an action item.
public enum ActionItemChange: String, Sendable {
    case done, undone, remove
}
