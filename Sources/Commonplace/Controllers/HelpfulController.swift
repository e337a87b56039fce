import Foundation
import Hummingbird

/// Helpful marks: one per member per post or resource, never on one's own. The same form takes a mark back
/// with `helpful=false`.
///
///     POST /p/{id}/helpful     (helpful = true|false, true when missing)   303 to the post
///     POST /r/{id}/helpful     (helpful = true|false, true when missing)   303 to the resource
///
/// 404 for what the member may not see; 403 for their own item, a community they are not in, a suspended or
/// silenced account; 409 for a second mark, taking back a mark that is not there, or an item that is not visible.
struct HelpfulController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("p/:id/helpful", use: markPost)
        router.post("r/:id/helpful", use: markResource)
    }

    struct HelpfulForm: Decodable {
        let helpful: String?
    }

    /// Whether the form adds the mark (true) or takes it back (false).
    private func marking(_ request: Request, _ context: AppRequestContext) async throws -> Bool {
        let form = try await FormBody.decode(HelpfulForm.self, from: request, context: context)
        switch form.helpful ?? "true" {
        case "true": return true
        case "false": return false
        default: throw AppError.badRequest("“helpful” must be true (mark it helpful) or false (take your mark back).")
        }
    }

    @Sendable func markPost(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, found) = try await load.post(context)
        let user = try load.actingUser(context)
        let refusal = context.guardian.helpfulRefusal(authorID: row.post.authorId, in: found.community, what: "post")
        try context.guardian.ensure(refusal == nil, refusal ?? "")
        let marked = try await marking(request, context)
        let target = HelpfulTarget.post(row.post.id!)
        if marked && !(row.post.isVisible && found.discussion.isListed) {
            throw AppError.conflict(AppDatabase.notMarkable(target))
        }
        let postID = row.post.id!
        try await services.database.setHelpful(target, userID: user.id!, marked: marked, now: services.now,
                                               checking: context.guardian.writeCheck { guardian, db in
            let (post, found) = try CheckedRows.post(db, id: postID)
            try guardian.ensureActing()
            try guardian.ensureVisible(guardian.canSee(found.discussion, in: found.community))
            let refusal = guardian.helpfulRefusal(authorID: post.authorId, in: found.community, what: "post")
            try guardian.ensure(refusal == nil, refusal ?? "")
        })
        return redirect(to: Paths.post(found.discussion, number: row.post.number))
    }

    @Sendable func markResource(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self),
              let row = try await services.database.resource(id: id),
              let community = try await services.database.community(id: row.resource.communityId) else { throw AppError.notFound }
        try context.guardian.ensureVisible(context.guardian.canSee(row.resource, in: community))
        let user = try load.actingUser(context)
        let refusal = context.guardian.helpfulRefusal(authorID: row.resource.authorId, in: community, what: "resource")
        try context.guardian.ensure(refusal == nil, refusal ?? "")
        let marked = try await marking(request, context)
        let target = HelpfulTarget.resource(id)
        if marked && row.resource.isHeld { throw AppError.conflict(AppDatabase.notMarkable(target)) }
        let (communityID, authorID) = (community.id!, row.resource.authorId)
        try await services.database.setHelpful(target, userID: user.id!, marked: marked, now: services.now,
                                               checking: context.guardian.writeCheck { guardian, db in
            let community = try CheckedRows.community(db, id: communityID)
            try guardian.ensureActing()
            try guardian.ensureVisible(guardian.canSee(community))
            let refusal = guardian.helpfulRefusal(authorID: authorID, in: community, what: "resource")
            try guardian.ensure(refusal == nil, refusal ?? "")
        })
        return redirect(to: Paths.resource(id))
    }
}
