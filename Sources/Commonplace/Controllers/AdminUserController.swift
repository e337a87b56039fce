import Foundation
import Hummingbird

/// Accounts, for site admins: the list, one account, suspending it (sessions ended at once) and lifting that.
///
///     GET  /admin/users                       ?q=…&page=N
///     GET  /admin/users/{handle}
///     POST /admin/users/{handle}/suspend      (until: yyyy-MM-dd, reason)
///     POST /admin/users/{handle}/unsuspend
struct AdminUserController {
    let services: AppServices
    static let perPage = 50

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("admin/users", use: list)
        router.get("admin/users/:handle", use: show)
        router.post("admin/users/:handle/suspend", use: suspend)
        router.post("admin/users/:handle/unsuspend", use: unsuspend)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canReadSiteLog, "Only site admins see the list of accounts.")
        let params = FormBody.queryParameters(request)
        let query = String(cleanText(params["q"]).prefix(100))
        let page = try Self.pageNumber(params["page"])
        let (users, total) = try await services.database.accounts(matching: query, page: page, perPage: Self.perPage)
        let pageCount = max(1, (total + Self.perPage - 1) / Self.perPage)
        if page > pageCount { throw AppError.notFound }
        let now = services.now
        let rows = users.map { user in
            AdminUserRow(handle: user.handle, displayName: user.displayName, email: user.email, url: Paths.adminUser(user.handle),
                         joined: Formatting.day(user.createdAt), isAdmin: user.isAdmin,
                         suspendedUntil: user.isSuspended(at: now) ? user.suspendedUntil.map(Formatting.day) : nil)
        }
        let summary = "\(total) account\(total == 1 ? "" : "s")\(query.isEmpty ? "" : " matching “\(query)”")"
        let model = AdminUsersPage(query: query, users: rows, summary: summary,
                                   pagination: Pagination.make(current: page, total: pageCount) { Paths.adminUsers(query: query, page: $0) })
        return try services.page(.adminUsers, title: "Accounts", page: model, context: context)
    }

    /// The account in `{handle}` (404 if unknown), for a site admin (403 for anyone else).
    private func load(_ context: AppRequestContext, _ message: String) async throws -> User {
        try context.guardian.ensureSignedIn()
        guard let user = try await services.database.user(handle: context.parameters.get("handle") ?? "") else { throw AppError.notFound }
        try context.guardian.ensureManagesAccounts(message)
        return user
    }

    /// `decision` about the account `user`, taken again inside the write on the actor and the account as they are then.
    private func accountCheck(_ user: User, _ context: AppRequestContext,
                              _ decision: @escaping @Sendable (Guardian, User) throws -> Void) -> WriteCheck {
        let id = user.id!
        return context.guardian.writeCheck { guardian, db in try decision(guardian, CheckedRows.user(db, id: id)) }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try await load(context, "Only site admins manage accounts.")
        return try services.page(.adminUser, title: "@\(user.handle)", page: try await page(user, context: context), context: context)
    }

    private func page(_ user: User, context: AppRequestContext) async throws -> AdminUserPage {
        let now = services.now
        let suspended = user.isSuspended(at: now)
        let communities = try await services.database.accountCommunities(userID: user.id!).map { community, role in
            AdminMembershipEntry(name: community.name, url: Paths.community(community), role: role.rawValue)
        }
        return AdminUserPage(
            handle: user.handle, displayName: user.displayName, email: user.email, profileURL: Paths.user(user.handle),
            joined: Formatting.day(user.createdAt), isAdmin: user.isAdmin,
            suspendedUntil: suspended ? user.suspendedUntil.map(Formatting.day) : nil,
            suspensionReason: suspended ? user.suspensionReason.nonEmpty : nil, communities: communities,
            canSuspend: context.guardian.canSuspend(user), suspendURL: Paths.suspendUser(user.handle),
            unsuspendURL: Paths.unsuspendUser(user.handle), earliest: Formatting.isoDay(now.addingTimeInterval(86_400)))
    }

    struct SuspendForm: Decodable {
        let until: String?
        let reason: String?
    }

    @Sendable func suspend(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try await load(context, "Only site admins suspend accounts.")
        try context.guardian.ensureCanSuspend(user)
        let form = try await FormBody.decode(SuspendForm.self, from: request, context: context)
        var model = try await page(user, context: context)
        model.until = cleanText(form.until)
        model.reason = cleanText(form.reason)
        let until = Suspension.endOfDay(model.until)
        if model.until.isEmpty { model.untilError = "Choose the date the suspension ends." }
        else if let start = Suspension.startOfDay(model.until), start <= services.now { model.untilError = "Choose a date after today." }
        else if until == nil { model.untilError = "Use a date of the form YYYY-MM-DD, for example 2026-12-31." }
        if model.reason.isEmpty { model.reasonError = "Give the reason: the account sees it when it tries to sign in." }
        else if model.reason.count > Suspension.maxReasonLength { model.reasonError = "The reason can be at most \(Suspension.maxReasonLength) characters." }
        if model.untilError != nil || model.reasonError != nil {
            model.hasErrors = true
            return try services.page(.adminUser, title: "@\(user.handle)", page: model, context: context, status: .badRequest)
        }
        try await services.database.suspend(userID: user.id!, until: until!, reason: model.reason, actorID: context.user!.id!, now: services.now,
                                            checking: accountCheck(user, context) { try $0.ensureCanSuspend($1) })
        return redirect(to: Paths.adminUser(user.handle))
    }

    @Sendable func unsuspend(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try await load(context, "Only site admins lift suspensions.")
        try context.guardian.ensureCanLiftSuspension(of: user)
        if !user.isSuspended(at: services.now) { throw AppError.conflict("@\(user.handle) is not suspended.") }
        try await services.database.liftSuspension(userID: user.id!, actorID: context.user!.id!, now: services.now,
                                                   checking: accountCheck(user, context) { try $0.ensureCanLiftSuspension(of: $1) })
        return redirect(to: Paths.adminUser(user.handle))
    }

    /// `page` as a page number from 1 (400 otherwise).
    static func pageNumber(_ text: String?) throws -> Int {
        guard let page = Int(text.flatMap { $0.isEmpty ? nil : $0 } ?? "1"), page >= 1, page <= 100_000 else {
            throw AppError.badRequest("The page number must be a whole number from 1.")
        }
        return page
    }
}
