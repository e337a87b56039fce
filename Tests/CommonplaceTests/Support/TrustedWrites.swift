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

    func setWatch(userID: Int64, target type: Watch.TargetType, id: Int64, level: Watch.Level, now: Date) async throws {
        try await setWatch(userID: userID, target: type, id: id, level: level, now: now, checking: .trusted)
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

/// The same for the moderators', members' and site admins' writes that took a `WriteCheck` later (issue 11, item 1).
extension AppDatabase {
    func createBoard(_ board: Board, log: ModerationAction? = nil) async throws -> Board {
        try await createBoard(board, log: log, checking: .trusted)
    }

    func setBoardArchived(id: Int64, archived: Bool, now: Date, log: ModerationAction? = nil) async throws {
        try await setBoardArchived(id: id, archived: archived, now: now, log: log, checking: .trusted)
    }

    @discardableResult
    func createCollection(_ collection: ResourceCollection, resourceIDs: [Int64] = [], log: ModerationAction? = nil) async throws -> ResourceCollection {
        try await createCollection(collection, resourceIDs: resourceIDs, log: log, checking: .trusted)
    }

    func createCommunity(_ community: Community, actorID: Int64? = nil) async throws -> Community {
        try await createCommunity(community, actorID: actorID, checking: .trusted)
    }

    func archiveCommunity(id: Int64, successorID: Int64?, actorID: Int64, now: Date) async throws {
        try await archiveCommunity(id: id, successorID: successorID, actorID: actorID, now: now, checking: .trusted)
    }

    @discardableResult
    func mergeCommunity(sourceID: Int64, into targetID: Int64, actorID: Int64, now: Date) async throws -> MergeCounts {
        try await mergeCommunity(sourceID: sourceID, into: targetID, actorID: actorID, now: now, checking: .trusted)
    }

    @discardableResult
    func curate(resourceID: Int64, _ change: CurationChange, by stamp: ModeratorStamp) async throws -> Resource {
        try await curate(resourceID: resourceID, change, by: stamp, checking: .trusted)
    }

    func moveDiscussion(id: Int64, toBoardID boardID: Int64, by moderator: ModeratorStamp) async throws {
        try await moveDiscussion(id: id, toBoardID: boardID, by: moderator, checking: .trusted)
    }

    @discardableResult
    func mergeDiscussion(id sourceID: Int64, into targetID: Int64, sourceOpening: RenderedText?, by moderator: ModeratorStamp) async throws -> Discussion {
        try await mergeDiscussion(id: sourceID, into: targetID, sourceOpening: sourceOpening, by: moderator, checking: .trusted)
    }

    func splitDiscussion(_ split: DiscussionSplit, by moderator: ModeratorStamp) async throws -> Discussion {
        try await splitDiscussion(split, by: moderator, checking: .trusted)
    }

    func setDiscussionHidden(id: Int64, hidden: Bool, reason: String, by moderator: ModeratorStamp) async throws {
        try await setDiscussionHidden(id: id, hidden: hidden, reason: reason, by: moderator, checking: .trusted)
    }

    func saveExpertise(userID: Int64, _ expertise: Expertise, now: Date) async throws {
        try await saveExpertise(userID: userID, expertise, now: now, checking: .trusted)
    }

    func setVocabulary(communityID: Int64, _ topics: [String]) async throws {
        try await setVocabulary(communityID: communityID, topics, checking: .trusted)
    }

    func createHelpRequest(_ request: HelpRequest, helperName: String) async throws -> HelpRequest {
        try await createHelpRequest(request, helperName: helperName, checking: .trusted)
    }

    @discardableResult
    func addMember(communityID: Int64, userID: Int64, role: Membership.Role = .member, now: Date) async throws -> Bool {
        try await addMember(communityID: communityID, userID: userID, role: role, now: now, checking: .trusted)
    }

    func removeMember(communityID: Int64, userID: Int64, log: ModerationAction? = nil) async throws {
        try await removeMember(communityID: communityID, userID: userID, log: log, checking: .trusted)
    }

    func setSilence(communityID: Int64, userID: Int64, until: Date?, reason: String, log: ModerationAction) async throws {
        try await setSilence(communityID: communityID, userID: userID, until: until, reason: reason, log: log, checking: .trusted)
    }

    func setRole(communityID: Int64, userID: Int64, role: Membership.Role, actorID: Int64? = nil, now: Date = Date()) async throws {
        try await setRole(communityID: communityID, userID: userID, role: role, actorID: actorID, now: now, checking: .trusted)
    }

    func setJoinQuestions(communityID: Int64, _ texts: [String], log: ModerationAction? = nil) async throws {
        try await setJoinQuestions(communityID: communityID, texts, log: log, checking: .trusted)
    }

    func createJoinRequest(_ request: JoinRequest) async throws -> JoinRequest {
        try await createJoinRequest(request, checking: .trusted)
    }

    func createInvitation(_ invitation: Invitation) async throws -> Invitation {
        try await createInvitation(invitation, checking: .trusted)
    }

    func suspend(userID: Int64, until: Date, reason: String, actorID: Int64, now: Date) async throws {
        try await suspend(userID: userID, until: until, reason: reason, actorID: actorID, now: now, checking: .trusted)
    }
}
