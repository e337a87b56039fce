import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Commonplace

@Suite("Live server")
struct LiveServerTests {
    @Test("a real server on a port serves the directory, signs a member in and keeps the session")
    func smoke() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.createUser(handle: "member1")
        try await app.run(.live) { browser in
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.body.contains("National Safer Supply"))
            #expect(home.headers[.contentSecurityPolicy] != nil)
            let signIn = try await browser.signIn(email: "member1@example.org")
            #expect(signIn.status == .seeOther)
            let settings = try await browser.get("/settings")
            #expect(settings.status == .ok)
            #expect(settings.body.contains("Your profile"))
        }
    }
}
