import Foundation
import GRDB

/// What a rule re-reads inside a write: the rows, fresh from the transaction (never from the caches). Each throws 404
/// when its row is gone, as loading it before the write would have.
enum CheckedRows {
    /// The discussion, its board and community, or 404.
    static func discussion(_ db: Database, id: Int64) throws -> DiscussionContext {
        guard let found = try AppDatabase.discussionContext(db, id: id) else { throw AppError.notFound }
        return found
    }

    /// The post with its discussion, board and community, or 404.
    static func post(_ db: Database, id: Int64) throws -> (post: Post, context: DiscussionContext) {
        guard let post = try Post.fetchOne(db, cached: "SELECT * FROM post WHERE id = ?", [id]) else { throw AppError.notFound }
        return (post, try discussion(db, id: post.discussionId))
    }

    /// A community by id, or 404.
    static func community(_ db: Database, id: Int64) throws -> Community {
        guard let community = try Community.fetchOne(db, cached: "SELECT * FROM community WHERE id = ?", [id]) else {
            throw AppError.notFound
        }
        return community
    }

    /// A board with its community, or 404.
    static func board(_ db: Database, id: Int64) throws -> (board: Board, community: Community) {
        guard let board = try Board.fetchOne(db, cached: "SELECT * FROM board WHERE id = ?", [id]) else { throw AppError.notFound }
        return (board, try community(db, id: board.communityId))
    }

    /// A resource with its community, or 404.
    static func resource(_ db: Database, id: Int64) throws -> (resource: Resource, community: Community) {
        guard let resource = try Resource.fetchOne(db, cached: "SELECT * FROM resource WHERE id = ?", [id]) else { throw AppError.notFound }
        return (resource, try community(db, id: resource.communityId))
    }

    /// An account by id, or 404.
    static func user(_ db: Database, id: Int64) throws -> User {
        guard let user = try User.fetchOne(db, cached: "SELECT * FROM user WHERE id = ?", [id]) else { throw AppError.notFound }
        return user
    }

    /// A member's membership of a community, or 404 (they left or were removed).
    static func membership(_ db: Database, communityID: Int64, userID: Int64) throws -> Membership {
        guard let membership = try membershipIfAny(db, communityID: communityID, userID: userID) else { throw AppError.notFound }
        return membership
    }

    /// A member's membership of a community, if any.
    static func membershipIfAny(_ db: Database, communityID: Int64, userID: Int64) throws -> Membership? {
        try Membership.fetchOne(db, cached: "SELECT * FROM membership WHERE community_id = ? AND user_id = ?", [communityID, userID])
    }
}
