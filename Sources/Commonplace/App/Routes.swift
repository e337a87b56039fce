import Hummingbird

/// The site map: every controller's routes, mounted in one place.
extension Router where Context == AppRequestContext {
    func addCommonplaceRoutes(_ services: AppServices) {
        DirectoryController(services: services).addRoutes(to: self)
        AccountController(services: services).addRoutes(to: self)
        SettingsController(services: services).addRoutes(to: self)
        ProfileController(services: services).addRoutes(to: self)
        AdminCommunityController(services: services).addRoutes(to: self)
        MembershipController(services: services).addRoutes(to: self)
        InvitationController(services: services).addRoutes(to: self)
        BoardController(services: services).addRoutes(to: self)
        DiscussionController(services: services).addRoutes(to: self)
        PostController(services: services).addRoutes(to: self)
        SearchController(services: services).addRoutes(to: self)
        ModerationController(services: services).addRoutes(to: self)
        FlagController(services: services).addRoutes(to: self)
        FlagQueueController(services: services).addRoutes(to: self)
        DiscussionToolsController(services: services).addRoutes(to: self)
        ResourceController(services: services).addRoutes(to: self)
        ResourceLibraryController(services: services).addRoutes(to: self)
        get("health") { _, _ in "ok" }
    }
}
