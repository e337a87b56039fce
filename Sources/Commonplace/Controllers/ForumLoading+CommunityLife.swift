import Foundation

/// Loading what an inactive or merged community's pages name: its successor, the community it was merged into.
extension ForumLoading {
    /// The header of a community's sub-pages, with the inactive banner naming its successor.
    func header(_ community: Community, _ context: AppRequestContext) async throws -> CommunityHeader {
        CommunityHeader(community, successor: try await successor(of: community, context))
    }

    /// The community that carries on an inactive one's work, linked if this visitor may open it.
    func successor(of community: Community, _ context: AppRequestContext) async throws -> SuccessorLink? {
        guard community.status == .inactive, let id = community.successorId,
              let successor = try await services.database.community(id: id) else { return nil }
        return SuccessorLink(successor, guardian: context.guardian)
    }
}
