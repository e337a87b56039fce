import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// Changing the account's address (issue 13): asked in the profile settings with the current password, it takes effect
/// when the link sent to the new address is followed, and the old address is told. An address another account has
/// gets the same answer (its owner is told instead).
@Suite("Address change")
struct AddressChangeTests {
    static func change(_ browser: Browser, to email: String, password: String = TestApp.password, csrf: String? = nil) async throws -> Browser.Page {
        try await browser.post("/settings/address", [("email", email), ("current_password", password)], csrf: csrf)
    }

    @Test("the new address gets a link; following it changes the address, verified, and tells the old one")
    func changeFlow() async throws {
        let app = try TestApp()
        let amara = try await app.createUser(handle: "amara")
        try await app.verify(amara)
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            // When Amara asks for a new address
            let asked = try await Self.change(browser, to: " Amara@New.Example ")
            #expect(asked.location == "/settings?notice=address-change-sent")
            // Then the settings say a link is waiting, and her address is still the old one
            let settings = try await browser.get(asked.location!)
            #expect(settings.body.contains("We sent a link to the new address"))
            #expect(settings.body.contains("Waiting for you to follow the link sent to <strong>amara@new.example</strong>"))
            #expect(settings.body.contains("You sign in with <strong>amara@example.org</strong> (confirmed)"))
            #expect(try await app.database.user(id: amara.id!)?.email == "amara@example.org")
            let mail = try #require(try await app.outbox().last)
            #expect(mail.kind == "verify_address")
            #expect(mail.to == "amara@new.example")
            #expect(mail.subject == "Confirm your new email address")
            #expect(mail.text.contains("Your account's address changes when you follow this link"))
            // When she follows it
            let link = try await app.mailedLink("/verify/", kind: .verifyAddress, to: "amara@new.example")
            let page = try await browser.get(link)
            #expect(page.body.contains("Use this new address"))
            app.clock.advance(by: 60)
            let followed = try await browser.post(link, [])
            #expect(followed.location == "/settings?notice=address-changed")
            #expect(try await browser.get(followed.location!).body.contains("Your email address was changed. We told the old address."))
            // Then she signs in with the new address only
            browser.clearCookies()
            #expect(try await browser.signIn(email: "amara@example.org").status == .badRequest)
            #expect(try await browser.signIn(email: "amara@new.example").status == .seeOther)
        }
        let after = try #require(try await app.database.user(id: amara.id!))
        #expect(after.email == "amara@new.example")
        #expect(after.emailVerifiedAt == app.clock.now)
        let notice = try #require(try await app.outbox(kind: .addressChanged).first)
        #expect(notice.to == "amara@example.org")
        #expect(notice.userID == amara.id)
        #expect(notice.text.contains("was changed from amara@example.org to amara@new.example"))
    }

    @Test("a wrong password, an invalid address or the same address is refused beside its field, nothing written")
    func refusals() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            let csrf = try await browser.csrfToken()
            try await app.expectNoWrite("wrong password", ignoring: ["sign_in_failure", "sqlite_sequence"]) {
                let page = try await Self.change(browser, to: "amara@new.example", password: "not my password at all", csrf: csrf)
                #expect(page.status == .badRequest)
                #expect(page.body.contains("That is not your current password."))
                #expect(page.body.contains("value=\"amara@new.example\""))
            }
            for (address, message) in [("not-an-address", "Enter a valid email address"), ("AMARA@example.org", "That is already your address.")] {
                try await app.expectNoWrite("\(address)") {
                    let page = try await Self.change(browser, to: address, csrf: csrf)
                    #expect(page.status == .badRequest, "\(address)")
                    #expect(page.body.contains(message), "\(address)")
                }
            }
            try await app.expectNoWrite("no CSRF") {
                let page = try await Self.change(browser, to: "amara@new.example", csrf: "")
                #expect(page.status == .forbidden)
            }
        }
        #expect(try await app.outbox().isEmpty)
    }

    @Test("an address another account has gets the same answer and settings; its owner is told, no link is sent")
    func takenAddress() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.createUser(handle: "bruno")
        let grace = try await app.createUser(handle: "grace")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            let free = try await Self.change(browser, to: "free@example.org")
            let freeSettings = try await browser.get("/settings")
            browser.clearCookies()
            try await browser.signIn(email: "bruno@example.org")
            let taken = try await Self.change(browser, to: "grace@example.org")
            let takenSettings = try await browser.get("/settings")
            #expect(free.status == taken.status)
            #expect(free.location == taken.location)
            func normalized(_ page: Browser.Page, _ handle: String, _ address: String) -> String {
                // Whole words only: the time zone list has Europe/Samara.
                page.body.replacingOccurrences(of: address, with: "NEW")
                    .replacing(try! Regex("\\b(\(handle)|\(handle.capitalized))\\b"), with: "HANDLE")
                    .replacing(/value="[0-9a-f]{64}"/, with: "value=\"CSRF\"")
            }
            #expect(normalized(freeSettings, "amara", "free@example.org") == normalized(takenSettings, "bruno", "grace@example.org"))
        }
        let mails = try await app.outbox()
        #expect(mails.map(\.kind) == ["verify_address", "sign_up_existing"])
        #expect(mails.map(\.to) == ["free@example.org", "grace@example.org"])
        #expect(mails[1].userID == grace.id)
        #expect(mails[1].text.contains("Someone asked to move another Commonplace account to this address"))
        #expect(try await app.database.user(handle: "bruno")?.email == "bruno@example.org")
    }

    @Test("a link for an address another account took meanwhile is refused, and an older link stops working after a change")
    func takenMeanwhile() async throws {
        let app = try TestApp()
        let amara = try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            try await Self.change(browser, to: "first@example.org")
            let first = try await app.mailedLink("/verify/", kind: .verifyAddress, to: "first@example.org")
            try await Self.change(browser, to: "second@example.org")
            let second = try await app.mailedLink("/verify/", kind: .verifyAddress, to: "second@example.org")
            // The newer request replaced the older link
            #expect(try await browser.get(first).status == .notFound)
            try await app.createUser(handle: "other", email: "second@example.org")
            let csrf = try await browser.csrfToken()
            try await app.expectNoWrite {
                let page = try await browser.post(second, [], csrf: csrf)
                #expect(page.status == .notFound)
                #expect(page.body.contains("another account uses now"))
            }
        }
        #expect(try await app.database.user(id: amara.id!)?.email == "amara@example.org")
    }

    @Test("following a change ends the account's other address links (the sign-up link among them)")
    func otherLinksEnd() async throws {
        let app = try TestApp()
        try await app.run { browser in
            try await browser.signUp(handle: "nadia")
            let signUpLink = try await app.mailedLink("/verify/", kind: .verifyAddress, to: "nadia@example.org")
            try await Self.change(browser, to: "nadia@new.example")
            let changeLink = try await app.mailedLink("/verify/", kind: .verifyAddress, to: "nadia@new.example")
            #expect(try await browser.post(changeLink, []).status == .seeOther)
            #expect(try await browser.get(signUpLink).status == .notFound)
        }
    }

    @Test("a suspended member cannot change the address; a suspension between the check and the write is refused too")
    func suspended() async throws {
        let app = try TestApp()
        let admin = try await app.createUser(handle: "root", admin: true)
        let amara = try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            let csrf = try await browser.csrfToken()
            // Suspended while the request runs: refused inside the write, nothing of the change written
            app.database.writeBarrier.once {
                try await app.database.suspend(userID: amara.id!, until: app.clock.now.addingTimeInterval(86_400), reason: "Cooling off",
                                               actorID: admin.id!, now: app.clock.now)
            }
            let raced = try await Self.change(browser, to: "amara@new.example", csrf: csrf)
            #expect(raced.status == .forbidden)
            #expect(raced.body.contains("suspended"))
            #expect(try await app.outbox().isEmpty)
            // Already suspended: refused before anything
            try await app.expectNoWrite(ignoring: ["session"]) {
                let page = try await Self.change(browser, to: "amara@new.example", csrf: csrf)
                #expect(page.status == .forbidden)
            }
        }
        let tokens = try await app.database.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account_token") }
        #expect(tokens == 0)
    }
}
