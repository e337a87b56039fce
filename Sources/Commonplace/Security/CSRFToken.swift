import Synchronization

/// This request's CSRF token, computed the first time a page writes a form. Most anonymous page views write
/// none, and then neither the HMAC is computed nor a visitor cookie made.
final class CSRFToken: Sendable, CustomStringConvertible {
    private let csrf: CSRF
    private let state: Mutex<State>

    private struct State {
        /// What the token is bound to (`session:…` or `visitor:…`); nil for a visitor with no cookie yet.
        var binding: String?
        /// The visitor id made for this response, whose cookie must be set.
        var newVisitor: String?
        var token: String?
    }

    init(csrf: CSRF, binding: String?) {
        self.csrf = csrf
        state = Mutex(State(binding: binding))
    }

    /// The token; for a visitor without a cookie, makes the visitor id it is bound to.
    var value: String {
        state.withLock { state in
            if let token = state.token { return token }
            let binding: String
            if let known = state.binding {
                binding = known
            } else {
                let visitor = RandomToken.urlSafe(bytes: 32)
                state.newVisitor = visitor
                binding = CSRFToken.visitorBinding(visitor)
                state.binding = binding
            }
            let token = csrf.token(for: binding)
            state.token = token
            return token
        }
    }

    /// Whether a page wrote the token (such a page is bound to its visitor and must not be given to another).
    var wasUsed: Bool { state.withLock { $0.token != nil } }

    /// The visitor id made while rendering, if any: its cookie goes out with the response.
    var newVisitor: String? { state.withLock { $0.newVisitor } }

    var description: String { value }

    static func visitorBinding(_ visitor: String) -> String { "visitor:" + visitor }
    static func sessionBinding(_ tokenHash: String) -> String { "session:" + tokenHash }
}
