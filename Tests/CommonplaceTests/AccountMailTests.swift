import Foundation
import Testing
@testable import Commonplace

/// The account emails' content: each an account kind (no unsubscribe, no thread), its link absolute on the public
/// address in both parts, every plain text escaped in the HTML part.
@Suite("Account mail")
struct AccountMailTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let mail = AccountMail(baseURL: "https://forum.example.org", now: now)
    static let user = User(id: 7, handle: "amara", email: "amara@example.org", displayName: "Amara <Okafor> & co",
                           passwordHash: "", createdAt: now, updatedAt: now)

    @Test("every account email is account mail, with its link in both parts and the name escaped in HTML")
    func parts() {
        let m = Self.mail, u = Self.user
        let cases: [(OutgoingMail, String, String)] = [
            (m.verify(u, address: u.email, token: "tok", purpose: .verify, tokenID: 1), "verify_address", "https://forum.example.org/verify/tok"),
            (m.verify(u, address: "new@example.org", token: "tok2", purpose: .change, tokenID: 2), "verify_address", "https://forum.example.org/verify/tok2"),
            (m.passwordReset(u, token: "tok3", tokenID: 3), "password_reset", "https://forum.example.org/password/reset/tok3"),
            (m.addressChanged(u, from: "old@example.org", to: u.email, tokenID: 4), "address_changed", ""),
            (m.addressInUse(u, attempt: .signUp), "sign_up_existing", "https://forum.example.org/password/reset"),
            (m.addressInUse(u, attempt: .change), "sign_up_existing", "https://forum.example.org/signin"),
        ]
        for (mail, kind, link) in cases {
            #expect(mail.kind.rawValue == kind)
            #expect(mail.kind.isAccountMail)
            #expect(mail.unsubscribeURL == nil && mail.threadKey == nil)
            #expect(mail.userID == 7)
            let text = mail.body.text(), html = mail.body.html(title: mail.subject)
            #expect(text.contains("Hello Amara <Okafor> & co,"), "\(kind)")
            #expect(html.contains("Hello Amara &lt;Okafor&gt; &amp; co,"), "\(kind)")
            if !link.isEmpty {
                #expect(text.contains(link), "\(kind)")
                #expect(html.contains("href=\"\(link)\""), "\(kind)")
            }
        }
        #expect(cases[1].0.to == "new@example.org")
        #expect(cases[3].0.to == "old@example.org")
        // One "address in use" email per day and attempt: the day is the object
        #expect(cases[4].0.object == "sign-up:" + Formatting.isoDay(Self.now))
        #expect(cases[5].0.object == "change:" + Formatting.isoDay(Self.now))
    }
}
