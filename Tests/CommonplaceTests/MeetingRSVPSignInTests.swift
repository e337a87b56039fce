import Foundation
import Testing
@testable import Commonplace

/// A visitor who is not signed in answers from the event page: each answer is a sign-in that returns to the date
/// with that answer chosen, saved only when they confirm it (no GET writes).
@Suite("RSVP: signing in to answer")
struct MeetingRSVPSignInTests {
    @Test("signing in from “Going” returns to the date with going chosen; saving it records the answer")
    func returnsWithTheAnswer() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(date: "2026-10-06", repeat: .weekly, count: 3)
        let back = Paths.meetingAnswering(meeting.id!, on: "2026-10-13", response: .going)
        #expect(back == "/e/\(meeting.id!)?on=2026-10-13&answer=going#rsvp")
        try await f.app.run { browser in
            // Given a visitor reading the second date
            let page = try await browser.get(Paths.meeting(meeting.id!, on: "2026-10-13"))
            let signIn = Paths.signIn(next: back)
            #expect(signIn == "/signin?next=/e/\(meeting.id!)%3Fon%3D2026-10-13%26answer%3Dgoing%23rsvp")
            #expect(page.body.contains("href=\"\(signIn)\""))
            #expect(!page.body.contains("name=\"response\""), "no answer form before signing in")
            // When they follow it and sign in
            let form = try await browser.get(signIn)
            #expect(form.body.contains("answer=going#rsvp\""), "the sign-in form keeps where to return")
            let signedIn = try await browser.post("/signin", [("email", "member@example.org"), ("password", TestApp.password), ("next", back)])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == back)
            // Then the date's form has going chosen, waiting to be saved (nothing recorded yet)
            let chosen = try await browser.get(back)
            #expect(chosen.body.contains("id=\"rsvp-going\" name=\"response\" value=\"going\" required checked"))
            #expect(chosen.body.contains("You chose “Going”: save your answer to confirm it."))
            #expect(try await f.answers(meeting).isEmpty)
            let saved = try await browser.post(Paths.rsvp(meeting.id!), [("response", "going"), ("occurrence", "2026-10-13")])
            #expect(saved.status == .seeOther)
        }
        #expect(try await f.answers(meeting) == ["2026-10-13 member going"])
    }

    @Test("an answer in the address that is not one is ignored; someone who may not answer gets no form")
    func badIntent() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(date: "2026-10-06")
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let odd = try await browser.get("/e/\(meeting.id!)?on=2026-10-06&answer=sideways")
            #expect(odd.status == .ok)
            #expect(!odd.body.contains("You chose"))
            browser.clearCookies()
            try await browser.signIn(email: "outsider@example.org")
            let outsider = try await browser.get(Paths.meetingAnswering(meeting.id!, on: "2026-10-06", response: .going))
            #expect(!outsider.body.contains("You chose"))
            #expect(outsider.body.contains("join the community to answer"))
        }
    }
}
