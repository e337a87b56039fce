import Foundation
import Hummingbird

extension AppServices {
    /// The account emails as this server writes them now (links on `publicBaseURL`).
    var accountMail: AccountMail { AccountMail(baseURL: config.publicBaseURL, now: now) }

    /// A throttled account-mail request: `page` with 429 and `Retry-After` in whole minutes.
    func throttledResponse<Page>(_ template: Template<Page>, title: String, page: Page, context: AppRequestContext,
                                 until: Date) throws -> Response {
        var response = try self.page(template, title: title, page: page, context: context, status: .tooManyRequests)
        response.headers[.retryAfter] = String(SignInThrottle.minutes(until: until, now: now) * 60)
        return response
    }

    /// "Too many requests … wait n minutes", for the page of a throttled request.
    func throttledMessage(until: Date) -> String {
        let minutes = SignInThrottle.minutes(until: until, now: now)
        return "Too many requests for this address or from your network. For your security, please wait \(minutes) minute\(minutes == 1 ? "" : "s") and try again."
    }
}
