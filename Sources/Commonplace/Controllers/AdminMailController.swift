import Foundation
import Hummingbird

/// The outbox, for site admins: where mail goes, counts by state, the latest messages with the server's last reply,
/// and queueing a failed message again (logged in the site log).
///
///     GET  /admin/mail                 ?status=queued|sent|failed|dropped&page=N
///     POST /admin/mail/{id}/retry
struct AdminMailController {
    let services: AppServices
    static let perPage = 50

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("admin/mail", use: show)
        router.post("admin/mail/:id/retry", use: retry)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canSeeMailOutbox, "Only site admins see the outbox.")
        let params = FormBody.queryParameters(request)
        let statusParam = cleanText(params["status"])
        var status: OutboxMessage.Status?
        if !statusParam.isEmpty {
            guard let chosen = OutboxMessage.Status(rawValue: statusParam) else {
                throw AppError.badRequest("There is no state “\(statusParam)”: choose queued, sent, failed or dropped.")
            }
            status = chosen
        }
        let page = try AdminUserController.pageNumber(params["page"])
        let counts = try await services.database.mailCounts()
        let (messages, total) = try await services.database.mailPage(status: status, page: page, perPage: Self.perPage)
        let pageCount = max(1, (total + Self.perPage - 1) / Self.perPage)
        if page > pageCount { throw AppError.notFound }
        let canRetry = context.guardian.canRetryMail
        let statuses = [MailStatusLink(label: "All", count: counts.values.reduce(0, +), url: Paths.adminMail, current: status == nil)]
            + OutboxMessage.Status.allCases.map { state in
                MailStatusLink(label: state.rawValue.capitalizedFirst, count: counts[state] ?? 0,
                               url: Paths.adminMail(status: state.rawValue, page: 1), current: status == state)
            }
        let rows = messages.map { message in
            AdminMailRow(
                to: message.to, kind: message.kindName, subject: message.subject, status: message.status.rawValue,
                attempts: message.attempts, lastReply: message.lastReply.nonEmpty,
                queued: Formatting.moment(message.createdAt), queuedISO: Formatting.iso(message.createdAt),
                when: message.sentAt.map { "sent " + Formatting.moment($0) }
                    ?? (message.status == .queued ? "next try " + Formatting.moment(message.nextAttemptAt) : nil),
                canRetry: canRetry && message.status == .failed, retryURL: Paths.retryMail(message.id))
        }
        let model = AdminMailPage(
            transport: (try? MailService.transport(services.config.mail, database: services.database).summary) ?? "nowhere (the SMTP URL is not valid)",
            statuses: statuses, messages: rows,
            summary: "\(total) message\(total == 1 ? "" : "s")\(status.map { " \($0.rawValue)" } ?? "")",
            pagination: Pagination.make(current: page, total: pageCount) { Paths.adminMail(status: statusParam, page: $0) })
        return try services.page(.adminMail, title: "Mail", page: model, context: context)
    }

    @Sendable func retry(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw AppError.notFound }
        try context.guardian.ensure(context.guardian.canRetryMail, "Only site admins retry messages.")
        try await services.database.retryMail(
            id: id, actorID: context.user!.id!, now: services.now,
            checking: context.guardian.writeCheck { guardian, _ in
                try guardian.ensure(guardian.canRetryMail, "Only site admins retry messages.")
            })
        return redirect(to: Paths.adminMail(status: OutboxMessage.Status.queued.rawValue, page: 1))
    }
}
