import GRDB

/// Account email (issue 13): single-use links, and the requests that send them.
///
/// `account_token` keeps one row per link sent: its purpose (`verify` the account's address, `change` to a new
/// address, `reset` the password), the account, the address it is for, and only the SHA-256 of its random token (like
/// sessions and feed tokens), with its expiry and when it was used. A link works once, before `expires_at`, and only
/// while its address is still the one it was made for (`verify`, `reset`) or still free (`change`).
///
/// `account_mail_request` counts the requests that send such a link (a reset asked for, a verification sent again, a
/// change of address), per address as typed and per client address, for `AccountMailThrottle`; pruned with sign-in
/// failures.
enum Migration0020 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE account_token (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              purpose TEXT NOT NULL CHECK (purpose IN ('verify','change','reset')),
              user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
              address TEXT NOT NULL,
              token_hash TEXT NOT NULL UNIQUE,
              created_at DATETIME NOT NULL,
              expires_at DATETIME NOT NULL,
              used_at DATETIME
            );
            CREATE INDEX account_token_on_user ON account_token(user_id, purpose);
            CREATE INDEX account_token_on_expiry ON account_token(expires_at);
            CREATE TABLE account_mail_request (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              purpose TEXT NOT NULL,
              address_key TEXT NOT NULL,
              client_address TEXT NOT NULL,
              created_at DATETIME NOT NULL
            );
            CREATE INDEX account_mail_request_on_address ON account_mail_request(purpose, address_key, created_at);
            CREATE INDEX account_mail_request_on_client ON account_mail_request(purpose, client_address, created_at);
            """)
    }
}
