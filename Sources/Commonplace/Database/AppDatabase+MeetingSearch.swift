import Foundation
import GRDB

/// One event or one date's record found by a search, with the snippet that matched (never the meeting link: the
/// index does not hold it, migration 0025).
public struct MeetingSearchHit: Sendable {
    public let meeting: Meeting
    public let community: Community
    /// The date whose record matched (nil: the event's own title or description).
    public let localDate: String?
    public let title: String
    public let happenedAt: Date
    /// The snippet with matches between `SearchEngine.markStart` and `markEnd`.
    public let snippet: String
}

extension AppDatabase {
    /// The best events and meeting records matching the query's words, that `visible` (`Guardian.visibleRecordSQL`,
    /// on the event `m`, its community `community`, and `doc.occurrence_id IS NOT NULL` for records) allows, by bm25
    /// (titles weighted highest), `offset` results in. Filters that only apply to discussions (board, a discussion
    /// kind, answered) leave no meetings; `in:`, `author:` (who scheduled it), `after:` and `before:` apply.
    /// With `anyOf` (the meaningful clauses of a sentence-like query, `SearchRelaxing`), any of them is enough, ranked
    /// by bm25.
    public func searchMeetings(_ query: SearchQuery, visible: SQL, limit: Int, offset: Int = 0,
                               anyOf clauses: [[SearchQuery.Atom]]? = nil) async throws
        -> (hits: [MeetingSearchHit], hasMore: Bool) {
        guard let expression = FTSExpression(query), query.board == nil, query.kind == nil, query.answered == nil else {
            return ([], false)
        }
        let match = clauses.map { FTSExpression.anyOf($0, excluding: query.excluded) } ?? expression.title
        return try await reader.read { db in
            var filters: SQL = ""
            if let slug = query.community { filters += " AND community.slug = \(slug)" }
            if let handle = query.author { filters += " AND m.author_id = (SELECT id FROM user WHERE handle = \(handle))" }
            if let after = query.after { filters += " AND doc.happened_at >= \(after)" }
            if let before = query.before { filters += " AND doc.happened_at < \(before)" }
            let rows = try Row.fetchAll(db, SQLRequest<Row>(literal: """
                SELECT m.id, doc.occurrence_id, doc.title, doc.happened_at,
                       snippet(meeting_search, -1, \(SearchEngine.markStart), \(SearchEngine.markEnd), '…', 20) AS snippet
                FROM meeting_search
                CROSS JOIN meeting_search_document doc ON doc.id = meeting_search.rowid
                CROSS JOIN meeting m ON m.id = doc.meeting_id
                CROSS JOIN community ON community.id = m.community_id
                WHERE meeting_search MATCH \(match) AND community.merged_into_id IS NULL
                  AND (doc.occurrence_id IS NULL OR EXISTS (SELECT 1 FROM meeting_occurrence o WHERE o.id = doc.occurrence_id))
                  AND \(visible) \(filters)
                ORDER BY bm25(meeting_search, 10.0, 1.0), doc.happened_at DESC, doc.id DESC
                LIMIT \(limit + 1) OFFSET \(offset)
                """))
            let page = rows.prefix(limit)
            guard !page.isEmpty else { return ([], false) }
            let meetingIDs = Array(Set(page.map { $0[0] as Int64 }))
            let meetings = Dictionary(uniqueKeysWithValues: try Meeting.fetchAll(
                db, cached: "SELECT * FROM meeting WHERE id IN (SELECT value FROM json_each(?))", [Self.jsonArray(meetingIDs)]
            ).map { ($0.id!, $0) })
            let communities = Dictionary(uniqueKeysWithValues: try Community.fetchAll(
                db, cached: "SELECT * FROM community WHERE id IN (SELECT value FROM json_each(?))",
                [Self.jsonArray(Array(Set(meetings.values.map(\.communityId))))]
            ).map { ($0.id!, $0) })
            let occurrenceIDs = page.compactMap { $0[1] as Int64? }
            let dates = Dictionary(uniqueKeysWithValues: try Row.fetchAll(
                db, sql: "SELECT id, local_date FROM meeting_occurrence WHERE id IN (SELECT value FROM json_each(?))",
                arguments: [Self.jsonArray(occurrenceIDs)]
            ).map { ($0[0] as Int64, $0[1] as String) })
            let hits = try page.compactMap { row -> MeetingSearchHit? in
                guard let meeting = meetings[row[0]], let community = communities[meeting.communityId] else { return nil }
                let occurrenceID: Int64? = row[1]
                return MeetingSearchHit(meeting: meeting, community: community, localDate: occurrenceID.flatMap { dates[$0] },
                                        title: row[2], happenedAt: try row.storedDate(atIndex: 3), snippet: row[4])
            }
            return (hits, rows.count > limit)
        }
    }
}
