import Foundation
import GRDB

/// The site's settings (`SiteSettings`): rows `site.*` of the `setting` table over the command line's defaults.
extension AppDatabase {
    /// Reads the saved settings over `defaults` into the snapshot the server uses (at start).
    public func loadSiteSettings(defaults: SiteSettings) async throws {
        let current = try await reader.read { db in try Self.siteSettings(db, defaults: defaults) }
        site.load(defaults: defaults, current: current)
    }

    /// The settings as the rows of `db` say, over `defaults`. A saved value that is no longer valid (a zone the system
    /// dropped) is ignored: the default stands.
    static func siteSettings(_ db: Database, defaults: SiteSettings) throws -> SiteSettings {
        var settings = defaults
        let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM setting WHERE key LIKE 'site.%'")
        for row in rows {
            if let field = SiteSettings.Field(rawValue: row["key"]) { settings.set(field, row["value"]) }
        }
        return settings
    }

    /// The settings in force inside a write (sign-up decides its policy on these, not on the snapshot).
    func siteSettingsNow(_ db: Database) throws -> SiteSettings {
        try Self.siteSettings(db, defaults: site.defaults)
    }

    /// Saves `settings`: each setting that differs from what the database holds is written and logged in the site
    /// log (who, which, old → new), and the snapshot is replaced, all in one transaction. Returns the fields changed.
    @discardableResult
    public func saveSiteSettings(_ settings: SiteSettings, actorID: Int64, now: Date,
                                 checking check: WriteCheck) async throws -> [SiteSettings.Field] {
        let store = site
        return try await write(checking: check) { db in
            let old = try Self.siteSettings(db, defaults: store.defaults)
            let changed = old.changes(to: settings)
            for field in changed {
                try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                               arguments: [field.rawValue, settings.text(field)])
                try Self.log(db, ModerationAction(
                    communityId: nil, actorId: actorID, action: .changeSiteSetting, targetType: .site, targetId: nil,
                    targetLabel: field.label, reason: "\(old.display(field)) → \(settings.display(field))", createdAt: now))
            }
            guard !changed.isEmpty else { return changed }
            // Replaced before the commit, so no page built after it (and kept by the anonymous page cache, which
            // forgets everything at the commit) can show the old settings; put back if the transaction rolls back.
            let previous = store.current
            store.replace(settings)
            db.afterNextTransaction(onCommit: { _ in }, onRollback: { _ in store.replace(previous) })
            return changed
        }
    }
}
