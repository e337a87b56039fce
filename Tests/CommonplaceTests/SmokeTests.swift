import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Commonplace

@Suite("Smoke")
struct SmokeTests {
    @Test("the home page lists the seeded communities")
    func home() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.run { browser in
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            #expect(page.body.contains("Privacy"))
            print(page.body.prefix(3000))
        }
    }
}
