import Foundation
import GRDB

extension AppDatabase {
    /// A community's own search synonyms as its moderators wrote them (one group a line), or "" when it has none.
    public func searchSynonymText(communityID: Int64) async throws -> String {
        try await reader.read { db in
            try String.fetchOne(db, cached: "SELECT lines FROM community_search_synonyms WHERE community_id = ?", [communityID]) ?? ""
        }
    }

    /// A community's own search synonyms, parsed.
    public func searchSynonyms(communityID: Int64) async throws -> SearchSynonyms {
        SearchSynonyms(lines: SearchSynonyms.lines(try await searchSynonymText(communityID: communityID)))
    }

    /// Replaces a community's synonyms (validated by the caller with `SearchSynonyms.validate`), logged for its
    /// moderators; an empty list removes them.
    public func saveSearchSynonyms(communityID: Int64, lines: [String], log: ModerationAction, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            if lines.isEmpty {
                try db.execute(sql: "DELETE FROM community_search_synonyms WHERE community_id = ?", arguments: [communityID])
            } else {
                try db.execute(sql: """
                    INSERT INTO community_search_synonyms (community_id, lines, updated_by, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (community_id) DO UPDATE SET lines = excluded.lines, updated_by = excluded.updated_by,
                        updated_at = excluded.updated_at
                    """, arguments: [communityID, lines.joined(separator: "\n"), log.actorId, log.createdAt])
            }
            try Self.log(db, log)
        }
    }
}
