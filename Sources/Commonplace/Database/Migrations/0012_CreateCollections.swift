import GRDB

/// Collections: ordered lists of a community's resources with a Markdown introduction ("Start here",
/// "Templates for year-end"), made and reordered by its moderators.
enum Migration0012 {
    static func migrate(_ db: Database) throws {
        try db.create(table: "collection") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("community_id", .integer).notNull().references("community", onDelete: .cascade)
            t.column("slug", .text).notNull()
            t.column("title", .text).notNull()
            t.column("introduction_markdown", .text).notNull().defaults(to: "")
            t.column("introduction_html", .text).notNull().defaults(to: "")
            t.column("created_by", .integer).references("user", onDelete: .setNull)
            t.column("created_at", .datetime).notNull()
            t.column("updated_at", .datetime).notNull()
            t.uniqueKey(["community_id", "slug"])
        }
        try db.create(table: "collection_item") { t in
            t.column("collection_id", .integer).notNull().references("collection", onDelete: .cascade)
            t.column("resource_id", .integer).notNull().references("resource", onDelete: .cascade)
            // 1, 2, 3 … without gaps within a collection.
            t.column("position", .integer).notNull()
            t.column("added_by", .integer).references("user", onDelete: .setNull)
            t.column("added_at", .datetime).notNull()
            t.primaryKey(["collection_id", "resource_id"])
        }
        try db.create(index: "collection_item_on_resource", on: "collection_item", columns: ["resource_id"])
        // The review queue and the featured list read by community and these columns.
        try db.create(index: "resource_on_community_featured", on: "resource", columns: ["community_id", "featured_at"])
    }
}
