import GRDB

/// Resource libraries: resources shared in a community (a link or an uploaded file, a Markdown description,
/// a type, an audience, tags, an optional review-by date), with the columns moderators curate them by
/// (featured, last reviewed, outdated, archived, held for approval), and each resource's own discussion.
/// Community settings for reviewing and approving resources.
enum Migration0010 {
    static func migrate(_ db: Database) throws {
        try db.alter(table: "community") { t in
            // Resources older than this many months since their last review come up in the review queue.
            t.add(column: "resource_review_months", .integer).notNull().defaults(to: 12)
            t.add(column: "require_resource_approval", .boolean).notNull().defaults(to: false)
        }
        try db.create(table: "resource") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("community_id", .integer).notNull().references("community", onDelete: .cascade)
            // The resource's own discussion for questions and comments.
            t.column("discussion_id", .integer).references("discussion", onDelete: .setNull)
            t.column("author_id", .integer).references("user", onDelete: .setNull)
            t.column("title", .text).notNull()
            t.column("type", .text).notNull()
                .check(sql: "type IN ('guide', 'template', 'policy', 'toolkit', 'recording', 'article', 'dataset', 'course', 'other')")
            t.column("url", .text)
            // An uploaded file: stored under the data directory by a generated name, never the user's.
            t.column("file_storage_name", .text).unique()
            t.column("file_name", .text)
            t.column("file_content_type", .text)
            t.column("file_size", .integer)
            t.column("description_markdown", .text).notNull().defaults(to: "")
            t.column("description_html", .text).notNull().defaults(to: "")
            t.column("audience", .text).notNull().defaults(to: "")
            t.column("review_by", .datetime)
            t.column("last_reviewed_at", .datetime)
            t.column("last_reviewed_by", .integer).references("user", onDelete: .setNull)
            t.column("featured_at", .datetime)
            t.column("outdated_at", .datetime)
            t.column("outdated_note", .text).notNull().defaults(to: "")
            t.column("archived_at", .datetime)
            t.column("held_at", .datetime)
            t.column("helpful_count", .integer).notNull().defaults(to: 0)
            t.column("created_at", .datetime).notNull()
            t.column("updated_at", .datetime).notNull()
            t.check(sql: "(url IS NULL) <> (file_storage_name IS NULL)")
        }
        try db.create(index: "resource_on_community_created", on: "resource", columns: ["community_id", "created_at"])
        try db.create(index: "resource_on_author", on: "resource", columns: ["author_id"])
        try db.create(index: "resource_on_discussion", on: "resource", columns: ["discussion_id"])
        try db.create(table: "resource_tag") { t in
            t.column("resource_id", .integer).notNull().references("resource", onDelete: .cascade)
            t.column("tag", .text).notNull()
            t.primaryKey(["resource_id", "tag"])
        }
        try db.create(index: "resource_tag_on_tag", on: "resource_tag", columns: ["tag"])
    }
}
