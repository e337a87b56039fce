import GRDB

/// Hot reads go through SQL written out and prepared once per connection (`cachedStatement`). `cached:` takes
/// a literal only (`StaticString`: no interpolation can slip a value into the SQL); `cachedSQL:` takes a GRDB
/// `SQL` literal whose interpolations are bound as arguments. GRDB's query
/// interface builds its SQL and prepares a new statement on every call (the statement authorizer, association
/// inflections and row adapters were a third of a discussion page's time).
extension FetchableRecord {
    static func fetchAll(_ db: Database, cached sql: StaticString, _ arguments: StatementArguments = []) throws -> [Self] {
        try fetchAll(db.cachedStatement(sql: sql.description), arguments: arguments)
    }

    static func fetchOne(_ db: Database, cached sql: StaticString, _ arguments: StatementArguments = []) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: sql.description), arguments: arguments)
    }

    /// An SQL literal (with the Guardian's filters interpolated) through a cached statement: one per distinct SQL text.
    /// (A label of its own: a plain `cached:` string would take the interpolation as text.)
    static func fetchAll(_ db: Database, cachedSQL literal: SQL) throws -> [Self] {
        let (sql, arguments) = try literal.build(db)
        return try fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension DatabaseValueConvertible where Self: StatementColumnConvertible {
    static func fetchAll(_ db: Database, cached sql: StaticString, _ arguments: StatementArguments = []) throws -> [Self] {
        try fetchAll(db.cachedStatement(sql: sql.description), arguments: arguments)
    }

    static func fetchOne(_ db: Database, cached sql: StaticString, _ arguments: StatementArguments = []) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: sql.description), arguments: arguments)
    }

    static func fetchAll(_ db: Database, cachedSQL literal: SQL) throws -> [Self] {
        let (sql, arguments) = try literal.build(db)
        return try fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchOne(_ db: Database, cachedSQL literal: SQL) throws -> Self? {
        let (sql, arguments) = try literal.build(db)
        return try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension AppDatabase {
    /// Authors by id, from memory (`authorCache`), the missing ones read in one statement of their own snapshot.
    func authors(ids: some Sequence<Int64>) throws -> [Int64: Author] {
        let unique = Set(ids)
        guard !unique.isEmpty else { return [:] }
        return try authorCache.values(for: unique) { missing in try readNow { db in try Self.authors(db, ids: missing) } }
    }

    /// Authors by id, in one statement (the authors of a page of posts, the last posters of a list): three columns
    /// read by position.
    static func authors(_ db: Database, ids: some Sequence<Int64>) throws -> [Int64: Author] {
        let unique = Set(ids)
        guard !unique.isEmpty else { return [:] }
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT id, handle, display_name FROM user WHERE id IN (SELECT value FROM json_each(?))"),
                                       arguments: [jsonArray(Array(unique))])
        var authors: [Int64: Author] = [:]
        while let row = try rows.next() {
            let author = Author(id: try row.decode(atIndex: 0), handle: try row.decode(atIndex: 1), displayName: try row.decode(atIndex: 2))
            authors[author.id] = author
        }
        return authors
    }
}

extension Row {
    /// Rows of an SQL literal (the Guardian's filters interpolated) through a cached statement, one at a time, to be
    /// read by position.
    static func fetchCursor(_ db: Database, cachedSQL literal: SQL) throws -> RowCursor {
        let (sql, arguments) = try literal.build(db)
        return try fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
    }

    /// Every row of an SQL literal (the Guardian's filters interpolated) through a cached statement, copied.
    static func fetchAll(_ db: Database, cachedSQL literal: SQL) throws -> [Row] {
        let (sql, arguments) = try literal.build(db)
        return try fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }
}
