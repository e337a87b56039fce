import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// A members-only community's front door (`/c/{community}/join`): what anyone may learn of it, and nothing more.
@Suite("Front door of a members-only community")
struct FrontDoorTests {
    /// The fixture with a members-only community that takes requests, moderated by the fixture's moderator, with a
    /// discussion inside it.
    static func withRequestCommunity() async throws -> (ForumFixture, Community, Discussion) {
        let f = try await ForumFixture.make()
        let now = f.app.clock.now
        var c = Community(slug: "data-managers", name: "Data Managers", summary: "Coordinators of data management.",
                          description: "We compare data quality practices.", visibility: .members, joinPolicy: .request,
                          createdAt: now, updatedAt: now)
        c.howToJoin = "Tell us which centre you work for."
        c.kinds = [.exchange]
        let community = try await f.app.database.createCommunity(c)
        let board = try await f.app.database.createBoard(Board(communityId: community.id!, slug: "general", name: "Inner Board",
                                                               position: 0, createdAt: now))
        try await f.app.database.addMember(communityID: community.id!, userID: f.moderator.id!, role: .moderator, now: now)
        let discussion = try await f.app.database.createDiscussion(NewDiscussion(
            communityID: community.id!, boardID: board.id!, kind: .question, title: "Zebra-secret data audit", authorID: f.moderator.id!,
            body: .from("Private body text"), createdAt: now))
        return (f, community, discussion)
    }

    @Test("anonymous visitors see a members-only community's name and description, and nothing else of it")
    func anonymousFrontDoor() async throws {
        let (f, _, discussion) = try await Self.withRequestCommunity()
        try await f.app.run { browser in
            let door = try await browser.get("/c/data-managers/join")
            #expect(door.status == .ok)
            #expect(door.body.contains("Data Managers") && door.body.contains("We compare data quality practices."))
            #expect(door.body.contains("/signin?next=/c/data-managers/join"))
            #expect(door.body.contains("/signup?next=/c/data-managers/join"))
            // How to join and the moderators are for signed-in visitors; the content for members.
            #expect(!door.body.contains("Tell us which centre"))
            #expect(!door.body.contains("/u/moderator"))
            for secret in ["Inner Board", "Zebra-secret", "Private body text", "/c/data-managers/members"] {
                #expect(!door.body.contains(secret), "\(secret)")
            }
            #expect(!door.body.contains("href=\"/c/data-managers\""))
            for path in ["/c/data-managers", "/c/data-managers/b/general", "/c/data-managers/members", "/c/data-managers/resources",
                         "/c/data-managers/events", Paths.discussion(discussion)] {
                #expect(try await browser.get(path).status == .notFound, "\(path)")
            }
            // The directory leads to the front door.
            #expect(try await browser.get("/communities").body.contains("href=\"/c/data-managers/join\""))
        }
    }

    @Test("a signed-in outsider sees how to join and who moderates, asks to join, and still gets 404 for the content")
    func outsiderAsks() async throws {
        let (f, community, discussion) = try await Self.withRequestCommunity()
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let door = try await browser.get("/c/data-managers/join")
            #expect(door.status == .ok)
            #expect(door.body.contains("Tell us which centre you work for."))
            #expect(door.body.contains("href=\"/u/moderator\""))
            #expect(door.body.contains("name=\"message\""))
            for secret in ["Inner Board", "Zebra-secret", "Private body text"] { #expect(!door.body.contains(secret), "\(secret)") }
            let asked = try await browser.post("/c/data-managers/join", [("message", "I coordinate data at the east centre.")])
            #expect(asked.status == .seeOther)
            #expect(asked.location == "/c/data-managers/join")
            #expect(try await browser.get("/c/data-managers/join").body.contains("Your request to join is waiting"))
            #expect(try await browser.get(Paths.discussion(discussion)).status == .notFound)
            #expect(try await browser.get("/c/data-managers").status == .notFound)
        }
        let request = try #require(try await f.app.database.latestJoinRequest(communityID: community.id!, userID: f.outsider.id!))
        #expect(request.status == .pending)
    }

    @Test("the applicant learns the decision: a notification leading to the join page, the page itself, and their home")
    func decisionReachesApplicant() async throws {
        let (f, community, _) = try await Self.withRequestCommunity()
        let request = try await f.app.database.createJoinRequest(JoinRequest(
            communityId: community.id!, userId: f.outsider.id!, message: "Please", createdAt: f.app.clock.now), checking: .trusted)
        try await f.app.database.decideJoinRequest(id: request.id!, approve: false, reason: "We only admit coordinators.",
                                                   moderatorID: f.moderator.id!, now: f.app.clock.now, checking: .trusted)
        try await f.app.deliverNotifications()
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let notifications = try await browser.get("/notifications")
            #expect(notifications.body.contains("Your request to join Data Managers was declined"))
            #expect(notifications.body.contains("href=\"/c/data-managers/join\""))
            let door = try await browser.get("/c/data-managers/join")
            #expect(door.body.contains("Your last request was declined") && door.body.contains("We only admit coordinators."))
            let home = try await browser.get("/")
            #expect(home.body.contains("Declined") && home.body.contains("We only admit coordinators."))
        }
        let second = try await f.app.database.createJoinRequest(JoinRequest(
            communityId: community.id!, userId: f.outsider.id!, message: "I am a coordinator now", createdAt: f.app.clock.now), checking: .trusted)
        try await f.app.database.decideJoinRequest(id: second.id!, approve: true, reason: "", moderatorID: f.moderator.id!,
                                                   now: f.app.clock.now, checking: .trusted)
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let door = try await browser.get("/c/data-managers/join")
            #expect(door.body.contains("Your request to join was approved"))
            #expect(door.body.contains("href=\"/c/data-managers\""))
            #expect(try await browser.get("/").body.contains("Approved: you are a member"))
            #expect(try await browser.get("/c/data-managers/b/general").status == .ok)
        }
    }

    @Test("an invitation-only community's front door says to ask a moderator, and takes no request")
    func invitationOnly() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let door = try await browser.get("/c/security/join")
            #expect(door.status == .ok)
            #expect(door.body.contains("by invitation only") && door.body.contains("href=\"/u/moderator\""))
            #expect(!door.body.contains("name=\"message\""))
            let refused = try await f.app.expectNoWrite { try await browser.post("/c/security/join", [("message", "Let me in")]) }
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("by invitation only"))
        }
    }

    @Test("a merged community's front door redirects to where it lives now")
    func mergedRedirects() async throws {
        let f = try await ForumFixture.make()
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE community SET merged_into_id = ? WHERE slug = 'finance'", arguments: [f.community.id!])
        }
        try await f.app.run { browser in
            let door = try await browser.get("/c/finance/join")
            #expect(door.status == .movedPermanently)
        }
    }
}
