import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A test client that keeps cookies like a browser and fills in the CSRF token of forms.
final class Browser: Sendable {
    let client: any TestClientProtocol
    private let jar = Mutex<[String: String]>([:])

    init(client: any TestClientProtocol) {
        self.client = client
    }

    /// A response with its body as text.
    struct Page: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String

        var location: String? { headers[.location] }
        var setCookies: [String] { headers[values: .setCookie] }

        /// The value of the first `_csrf` hidden field on the page.
        var csrf: String? { Self.hiddenValue("_csrf", in: body) }

        static func hiddenValue(_ name: String, in html: String) -> String? {
            guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
            let rest = html[range.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
    }

    var cookies: [String: String] { jar.withLock { $0 } }

    func cookie(_ name: String) -> String? { cookies[name] }

    func setCookie(_ name: String, _ value: String?) {
        jar.withLock { $0[name] = value }
    }

    func clearCookies() { jar.withLock { $0 = [:] } }

    @discardableResult
    func get(_ path: String, headers extra: HTTPFields = [:]) async throws -> Page {
        try await send(path, method: .get, headers: extra, body: nil)
    }

    /// Posts a URL-encoded form; `csrf: nil` fetches a valid token first, `.some(x)` sends `x` (or none when empty).
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf: String? = nil,
              contentType: String = "application/x-www-form-urlencoded") async throws -> Page {
        var all = fields
        let token: String
        if let csrf { token = csrf } else { token = try await csrfToken() }
        if !token.isEmpty { all.insert(("_csrf", token), at: 0) }
        return try await postRaw(path, body: Self.encode(all), contentType: contentType)
    }

    func postRaw(_ path: String, body: String, contentType: String = "application/x-www-form-urlencoded") async throws -> Page {
        try await postBytes(path, body: ByteBuffer(string: body), contentType: contentType)
    }

    func postBytes(_ path: String, body: ByteBuffer, contentType: String) async throws -> Page {
        try await send(path, method: .post, headers: [.contentType: contentType], body: body)
    }

    /// A valid CSRF token for the current visitor, read from a page's form.
    func csrfToken() async throws -> String {
        let signIn = try await get("/signin")
        if let token = signIn.csrf { return token }
        let settings = try await get("/settings")
        guard let token = settings.csrf else { throw BrowserError.noCSRF }
        return token
    }

    enum BrowserError: Error { case noCSRF }

    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\(value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
    }

    private func send(_ path: String, method: HTTPRequest.Method, headers extra: HTTPFields, body: ByteBuffer?) async throws -> Page {
        var headers = extra
        let cookieHeader = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        if !cookieHeader.isEmpty { headers[.cookie] = cookieHeader }
        let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
        for line in response.headers[values: .setCookie] {
            let pair = line.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]), value = String(pair[1])
            let expired = line.lowercased().contains("max-age=0") || value.isEmpty
            setCookie(name, expired ? nil : value)
        }
        return Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }

    // MARK: - Flows

    /// Signs up through the form and returns the response.
    @discardableResult
    func signUp(handle: String, displayName: String? = nil, email: String? = nil, password: String = "correct horse battery staple") async throws -> Page {
        try await post("/signup", [
            ("handle", handle), ("display_name", displayName ?? handle.capitalized),
            ("email", email ?? "\(handle)@example.org"), ("password", password),
        ])
    }

    @discardableResult
    func signIn(email: String, password: String = "correct horse battery staple") async throws -> Page {
        try await post("/signin", [("email", email), ("password", password)])
    }
}
