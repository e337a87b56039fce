import Testing
@testable import Commonplace

@Suite("Logged paths")
struct LoggedPathTests {
    @Test("a private feed's token never reaches the log: the path is logged with [token] in its place")
    func feedTokenRedacted() {
        #expect(Paths.loggable("/feeds/s3cr3t-token_abc/c/privacy/feed.atom") == "/feeds/[token]/c/privacy/feed.atom")
        #expect(Paths.loggable("/feeds/s3cr3t-token_abc") == "/feeds/[token]")
        #expect(Paths.loggable("/d/12/reply") == "/d/12/reply")
        #expect(!Paths.loggable(Paths.privateFeed(token: "abcdef0123", "/feed.atom")).contains("abcdef0123"))
        #expect(Paths.loggable(Paths.privateEventsCalendar(token: "s3cr3t-token_abc")) == "/feeds/[token]/events.ics")
    }

    @Test("a password-reset or verification link's token never reaches the log")
    func accountTokenRedacted() {
        #expect(Paths.loggable(Paths.passwordReset(token: "s3cr3t-token_abc")) == "/password/reset/[token]")
        #expect(Paths.loggable(Paths.verify(token: "s3cr3t-token_abc")) == "/verify/[token]")
        #expect(Paths.loggable(Paths.passwordReset) == "/password/reset")
    }

    @Test("an unsubscribe link's token is not logged either")
    func unsubscribeTokenRedacted() {
        #expect(Paths.loggable(Paths.unsubscribe(token: "12.reply.c2VjcmV0")) == "/unsubscribe/[token]")
    }
}
