import GRDB

extension AppDatabase {
    /// Every migration in order. Shipped migrations are never edited: add a new numbered one instead.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        #if DEBUG
        migrator.eraseDatabaseOnSchemaChange = false
        #endif
        migrator.registerMigration("0001 create users", migrate: Migration0001.migrate)
        migrator.registerMigration("0002 create sessions", migrate: Migration0002.migrate)
        migrator.registerMigration("0003 create communities", migrate: Migration0003.migrate)
        migrator.registerMigration("0004 create settings", migrate: Migration0004.migrate)
        migrator.registerMigration("0005 create memberships", migrate: Migration0005.migrate)
        migrator.registerMigration("0006 create forum", migrate: Migration0006.migrate)
        migrator.registerMigration("0007 create search", migrate: Migration0007.migrate)
        migrator.registerMigration("0008 create title search", migrate: Migration0008.migrate)
        migrator.registerMigration("0009 create moderation", migrate: Migration0009.migrate)
        migrator.registerMigration("0010 create resources", migrate: Migration0010.migrate)
        migrator.registerMigration("0011 resource search", migrate: Migration0011.migrate)
        migrator.registerMigration("0012 create collections", migrate: Migration0012.migrate)
        migrator.registerMigration("0013 create learning", migrate: Migration0013.migrate)
        migrator.registerMigration("0014 counters", migrate: Migration0014.migrate)
        migrator.registerMigration("0015 sign-up attempts", migrate: Migration0015.migrate)
        migrator.registerMigration("0016 watching", migrate: Migration0016.migrate)
        migrator.registerMigration("0017 notifications", migrate: Migration0017.migrate)
        migrator.registerMigration("0018 feed tokens", migrate: Migration0018.migrate)
        migrator.registerMigration("0019 mail outbox", migrate: Migration0019.migrate)
        migrator.registerMigration("0020 account tokens", migrate: Migration0020.migrate)
        migrator.registerMigration("0021 email preferences", migrate: Migration0021.migrate)
        migrator.registerMigration("0022 meetings", migrate: Migration0022.migrate)
        migrator.registerMigration("0023 meeting rsvps", migrate: Migration0023.migrate)
        migrator.registerMigration("0025 meeting records", migrate: Migration0025.migrate)
        migrator.registerMigration("0028 reading", migrate: Migration0028.migrate)
        migrator.registerMigration("0029 search synonyms", migrate: Migration0029.migrate)
        migrator.registerMigration("0030 digest schedules", migrate: Migration0030.migrate)
        migrator.registerMigration("0031 community activity index", migrate: Migration0031.migrate)
        return migrator
    }

    /// Identifiers of the migrations this build knows, in order.
    public static var knownMigrations: [String] { migrator.migrations }
}
