import Foundation
import Hummingbird

/// The member's notifications and which kinds notify them.
///
///     GET  /notifications                 ?page=N
///     POST /notifications/read-all
///     GET  /settings/notifications        POST /settings/notifications   (kinds[]: the kinds that notify)
struct NotificationController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("notifications", use: list)
        router.post("notifications/read-all", use: readAll)
        router.get("settings/notifications", use: settings)
        router.post("settings/notifications", use: saveSettings)
    }

    /// Notices shown after a redirect, chosen by key so no text comes from the URL.
    static let notices = ["all-read": "Every notification is marked read.", "saved": "Your notification settings were saved."]

    private func notice(_ request: Request) -> String {
        request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] } ?? ""
    }

    // MARK: - The list

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canSeeOwnNotifications)
        guard let requested = Int(request.uri.queryParameters.get("page") ?? "1"), requested >= 1 else {
            throw AppError.badRequest("The page number must be a whole number from 1.")
        }
        let perPage = AppDatabase.notificationsPerPage
        let result = try await services.database.notificationGroups(for: context.guardian, page: requested, perPage: perPage)
        let pageCount = max(1, (result.total + perPage - 1) / perPage)
        if requested > pageCount { throw AppError.notFound }
        let unread = try services.database.unreadSummary(for: context.guardian).count
        let page = NotificationsPage(
            entries: result.groups.map(NotificationText.entry), hasUnread: unread > 0,
            pagination: Pagination.make(current: requested, total: pageCount) { Paths.notifications(page: $0) })
        let response = try services.page(.notificationsList, title: "Notifications", page: page, context: context, notice: notice(request))
        // A line with no discussion to open (a decided join request, a join request for moderators) says all there is
        // to say: shown once as new, it is read.
        let shown = result.groups.filter { $0.unread && $0.latest.discussionID == nil }.compactMap(\.latest.id)
        if !shown.isEmpty, let userID = context.user?.id {
            _ = try? await services.database.markNotificationsRead(userID: userID, ids: shown, now: context.now)
        }
        return response
    }

    @Sendable func readAll(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canSeeOwnNotifications)
        _ = try await services.database.markNotificationsRead(userID: context.user!.id!, now: services.now)
        return redirect(to: Paths.notifications + "?notice=all-read")
    }

    // MARK: - Settings

    struct SettingsForm: Decodable {
        let kinds: [String]?
    }

    /// The kinds this member is offered: every member's, and the moderators' to those who moderate.
    private func offered(_ context: AppRequestContext) -> [NotificationKind] {
        NotificationKind.allCases.filter { !$0.isForModerators || context.guardian.seesModeratorNotificationSettings }
    }

    @Sendable func settings(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canSeeOwnNotifications)
        let disabled = try await services.database.disabledNotificationKinds(userID: context.user!.id!)
        let choices = offered(context).map {
            NotificationChoice(id: "kind-\($0.rawValue)", value: $0.rawValue, label: $0.label, checked: !disabled.contains($0))
        }
        let page = NotificationSettingsPage(
            nav: try await SettingsNav.make(.notifications, services: services, context: context),
            kinds: choices.filter { !NotificationKind(rawValue: $0.value)!.isForModerators },
            moderatorKinds: choices.filter { NotificationKind(rawValue: $0.value)!.isForModerators })
        return try services.page(.accountNotifications, title: "Notification settings", page: page, context: context,
                                 notice: notice(request))
    }

    @Sendable func saveSettings(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        try context.guardian.ensureNotSuspended()
        try context.guardian.ensure(context.guardian.canChangeNotificationSettings)
        let form = try await FormBody.decode(SettingsForm.self, from: request, context: context)
        let checked = form.kinds ?? []
        if let unknown = checked.first(where: { NotificationKind(rawValue: $0) == nil }) {
            throw AppError.badRequest("There is no kind of notification “\(unknown)”.")
        }
        let offered = offered(context)
        if let refused = checked.compactMap(NotificationKind.init(rawValue:)).first(where: { !offered.contains($0) }) {
            throw AppError.forbidden("“\(refused.label)” is for the moderators of a community.")
        }
        let enabled = Dictionary(uniqueKeysWithValues: offered.map { ($0, checked.contains($0.rawValue)) })
        try await services.database.saveNotificationPreferences(
            userID: context.user!.id!, enabled: enabled,
            checking: context.guardian.writeCheck { guardian, _ in
                try guardian.ensureNotSuspended()
                try guardian.ensure(guardian.canChangeNotificationSettings)
            })
        return redirect(to: Paths.settingsNotifications + "?notice=saved")
    }
}
