import Foundation
import GRDB

extension AppDatabase {
    /// The server secret (32 random bytes, hex) that binds CSRF tokens; created on first use and kept.
    public func serverSecret() async throws -> String {
        try await writer.write { db in
            if let value = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'server_secret'") {
                return value
            }
            let value = RandomToken.hex(bytes: 32)
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('server_secret', ?)", arguments: [value])
            return value
        }
    }
}
