import Foundation
@testable import Commonplace

/// Tests set up their rows as the system does (demo data): these call the checked writes with `.trusted`.
/// What a request may write is tested through HTTP, where the controllers pass the Guardian's `WriteCheck`.
extension AppDatabase {
    func reply(discussionID: Int64, authorID: Int64, body: RenderedText, now: Date, holdFirst: Int = 0) async throws -> Post {
        try await reply(discussionID: discussionID, authorID: authorID, body: body, now: now, holdFirst: holdFirst, checking: .trusted)
    }

    func createDiscussion(_ new: NewDiscussion) async throws -> Discussion {
        try await createDiscussion(new, checking: .trusted)
    }

    func setAcceptedAnswer(discussionID: Int64, postID: Int64?, loggedAs moderator: ModeratorStamp? = nil) async throws {
        try await setAcceptedAnswer(discussionID: discussionID, postID: postID, loggedAs: moderator, checking: .trusted)
    }

    func setLocked(discussionID: Int64, locked: Bool, reason: String, by moderator: ModeratorStamp) async throws {
        try await setLocked(discussionID: discussionID, locked: locked, reason: reason, by: moderator, checking: .trusted)
    }

    func setPinned(discussionID: Int64, pinned: Bool, by moderator: ModeratorStamp) async throws {
        try await setPinned(discussionID: discussionID, pinned: pinned, by: moderator, checking: .trusted)
    }

    func createFlag(_ flag: Flag) async throws -> FlagResult {
        try await createFlag(flag, checking: .trusted)
    }

    func setHelpful(_ target: HelpfulTarget, userID: Int64, marked: Bool, now: Date) async throws {
        try await setHelpful(target, userID: userID, marked: marked, now: now, checking: .trusted)
    }

    func editPost(id: Int64, _ edit: PostEdit) async throws {
        try await editPost(id: id, edit, checking: .trusted)
    }

    func deletePost(id: Int64, now: Date) async throws {
        try await deletePost(id: id, now: now, checking: .trusted)
    }

    func hidePost(id: Int64, moderatorID: Int64, reason: String, now: Date) async throws {
        try await hidePost(id: id, moderatorID: moderatorID, reason: reason, now: now, checking: .trusted)
    }

    func restorePost(id: Int64, moderatorID: Int64, now: Date) async throws {
        try await restorePost(id: id, moderatorID: moderatorID, now: now, checking: .trusted)
    }

    func approvePost(id: Int64, communityID: Int64, moderatorID: Int64, now: Date) async throws {
        try await approvePost(id: id, communityID: communityID, moderatorID: moderatorID, now: now, checking: .trusted)
    }

    func declinePost(id: Int64, communityID: Int64, moderatorID: Int64, reason: String, now: Date) async throws {
        try await declinePost(id: id, communityID: communityID, moderatorID: moderatorID, reason: reason, now: now, checking: .trusted)
    }

    func approveResource(id: Int64, communityID: Int64, moderatorID: Int64, now: Date) async throws {
        try await approveResource(id: id, communityID: communityID, moderatorID: moderatorID, now: now, checking: .trusted)
    }

    func declineResource(id: Int64, communityID: Int64, moderatorID: Int64, reason: String, now: Date) async throws {
        try await declineResource(id: id, communityID: communityID, moderatorID: moderatorID, reason: reason, now: now, checking: .trusted)
    }

    func createResource(_ resource: Resource, tags: [String]) async throws -> Resource {
        try await createResource(resource, tags: tags, checking: .trusted)
    }

    func updateResource(_ resource: Resource, tags: [String]) async throws {
        try await updateResource(resource, tags: tags, checking: .trusted)
    }
}
