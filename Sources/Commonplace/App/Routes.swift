import Hummingbird

/// The site map: every controller's routes, mounted in one place.
extension Router where Context == AppRequestContext {
    func addCommonplaceRoutes(_ services: AppServices) {
        DirectoryController(services: services).addRoutes(to: self)
        AccountController(services: services).addRoutes(to: self)
        SettingsController(services: services).addRoutes(to: self)
        PasswordResetController(services: services).addRoutes(to: self)
        AddressController(services: services).addRoutes(to: self)
        ProfileController(services: services).addRoutes(to: self)
        AdminCommunityController(services: services).addRoutes(to: self)
        MembershipController(services: services).addRoutes(to: self)
        SilenceController(services: services).addRoutes(to: self)
        InvitationController(services: services).addRoutes(to: self)
        BoardController(services: services).addRoutes(to: self)
        DiscussionController(services: services).addRoutes(to: self)
        PostController(services: services).addRoutes(to: self)
        SearchController(services: services).addRoutes(to: self)
        ModerationController(services: services).addRoutes(to: self)
        FlagController(services: services).addRoutes(to: self)
        FlagQueueController(services: services).addRoutes(to: self)
        DiscussionToolsController(services: services).addRoutes(to: self)
        CommunityLifeController(services: services).addRoutes(to: self)
        AdminUserController(services: services).addRoutes(to: self)
        SiteLogController(services: services).addRoutes(to: self)
        AdminMailController(services: services).addRoutes(to: self)
        CurationController(services: services).addRoutes(to: self)
        CollectionController(services: services).addRoutes(to: self)
        HelpfulController(services: services).addRoutes(to: self)
        ExpertiseController(services: services).addRoutes(to: self)
        WhoToAskController(services: services).addRoutes(to: self)
        HelpRequestController(services: services).addRoutes(to: self)
        NotificationController(services: services).addRoutes(to: self)
        EmailSettingsController(services: services).addRoutes(to: self)
        UnsubscribeController(services: services).addRoutes(to: self)
        ResourceController(services: services).addRoutes(to: self)
        ResourceLibraryController(services: services).addRoutes(to: self)
        FeedController(services: services).addRoutes(to: self)
        FeedSettingsController(services: services).addRoutes(to: self)
        WatchController(services: services).addRoutes(to: self)
        WatchSettingsController(services: services).addRoutes(to: self)
        MeetingRecordController(services: services).addRoutes(to: self)
        MeetingQuestionController(services: services).addRoutes(to: self)
        // GET /health is answered by StaticFilesMiddleware, before the session.
        get("ready") { [services] _, _ in await ReadyCheck(services: services).respond() }
    }
}
