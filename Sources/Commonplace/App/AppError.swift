import Hummingbird

/// Errors a handler throws to end a request with a specific page.
public enum AppError: Error, Sendable, Equatable {
    /// 400 with a message for the user.
    case badRequest(String)
    /// 403 with a message for the user.
    case forbidden(String)
    /// 404: missing, or not visible to this user.
    case notFound
    /// 409: the request conflicts with the current state (already a member, invitation used …).
    case conflict(String)
    /// 413: the request body is larger than allowed.
    case tooLarge
    /// 429 with a message (throttled, or the password hasher is saturated).
    case tooManyRequests(String)
    /// A page that needs an account: redirect to sign-in.
    case signInRequired
    /// 301 to a page's new address (a merged discussion or community).
    case movedPermanently(String)
    /// 301 from a merged community's page to the same page of the community it was merged into.
    case communityMerged(from: String, to: String)

    var status: HTTPResponse.Status {
        switch self {
        case .badRequest: .badRequest
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooLarge: .contentTooLarge
        case .tooManyRequests: .tooManyRequests
        case .signInRequired: .seeOther
        case .movedPermanently, .communityMerged: .movedPermanently
        }
    }

    var message: String {
        switch self {
        case .badRequest(let message), .forbidden(let message), .tooManyRequests(let message), .conflict(let message): message
        case .notFound: "There is nothing here, or it is not visible to you."
        case .tooLarge: "That request is larger than the server accepts."
        case .signInRequired: "Please sign in first."
        case .movedPermanently, .communityMerged: "This page has moved."
        }
    }
}
