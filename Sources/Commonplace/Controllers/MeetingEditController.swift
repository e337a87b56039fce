import Foundation
import Hummingbird

/// Changing events (moderators): edit one date, the series from a date on, or the whole series; cancel one date or
/// the whole event. Every change raises the event's SEQUENCE (calendars update), and a cancelled date stays listed.
///
///     GET  /e/{id}/edit     ?on=YYYY-MM-DD&scope=occurrence|following; without: the whole event
///     POST /e/{id}/edit     the event form's fields, with scope and on
///     GET  /e/{id}/cancel   ?on=YYYY-MM-DD for one date
///     POST /e/{id}/cancel   scope (occurrence | series), on, reason
struct MeetingEditController {
    let services: AppServices
    var meetings: MeetingLoading { MeetingLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("e/:id/edit", use: editForm)
        router.post("e/:id/edit", use: update)
        router.get("e/:id/cancel", use: cancelForm)
        router.post("e/:id/cancel", use: cancel)
    }

    enum Scope: String { case occurrence, following, series }

    /// The scope and date a request names: one date and "from this date on" need a date of the event that exists.
    private func target(_ scopeText: String?, _ onText: String?, meeting: Meeting) async throws -> (Scope, MeetingOccurrence?) {
        let on = InputText.clean(onText)
        let scopeName = InputText.clean(scopeText)
        guard let scope = scopeName.isEmpty ? (on.isEmpty ? .series : .occurrence) : Scope(rawValue: scopeName) else {
            throw AppError.badRequest("Choose what to change: occurrence (this date), following (this date and later) or series.")
        }
        if scope == .series { return (.series, nil) }
        guard !on.isEmpty else { throw AppError.badRequest("Say which date to change, as on=YYYY-MM-DD.") }
        guard let occurrence = try await services.database.occurrence(meetingID: meeting.id!, localDate: on) else { throw AppError.notFound }
        // "From this date on" from the first date is the whole series.
        if scope == .following, on == meeting.startDate { return (.series, nil) }
        return (scope, occurrence)
    }

    // MARK: - Edit

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (meeting, community) = try await meetings.meeting(context)
        try context.guardian.ensureCanChange(meeting, in: community)
        let query = request.uri.queryParameters
        let (scope, occurrence) = try await target(query.get("scope"), query.get("on"), meeting: meeting)
        try ensureChangeable(occurrence, scope: scope)
        var page = formPage(meeting, community: community, scope: scope, occurrence: occurrence, context: context)
        if let occurrence, scope == .occurrence {
            fillOccurrence(&page, date: MeetingDate(meeting: meeting, occurrence: occurrence))
        } else {
            MeetingForms.fill(&page, with: meeting, community: community)
            if let occurrence, scope == .following { fillFollowing(&page, meeting: meeting, from: occurrence) }
        }
        return try services.page(.meetingsForm, title: page.heading, page: page, context: context)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (meeting, community) = try await meetings.meeting(context)
        _ = try ForumLoading(services: services).actingUser(context)
        try context.guardian.ensureCanChange(meeting, in: community)
        let fields = try await FormBody.decode(MeetingFields.self, from: request, context: context)
        let (scope, occurrence) = try await target(fields.scope, fields.on, meeting: meeting)
        try ensureChangeable(occurrence, scope: scope)
        let now = services.now
        var page = formPage(meeting, community: community, scope: scope, occurrence: occurrence, context: context)
        let check = context.guardian.meetingChangeCheck(meeting.id!)

        if let occurrence, scope == .occurrence {
            let (override, errors) = MeetingOccurrenceForm.read(fields, meeting: meeting, occurrence: occurrence)
            guard errors.isEmpty else {
                MeetingOccurrenceForm.fill(&page, fields: fields)
                return try refuse(page, errors: errors, context: context)
            }
            _ = try await services.database.updateOccurrence(meetingID: meeting.id!, localDate: occurrence.localDate,
                                                             override: override, now: now, checking: check)
            return redirect(to: Paths.meeting(meeting.id!, on: occurrence.localDate) + "&notice=saved")
        }

        var edited = meeting
        var (errors, occurrences) = MeetingValidation.apply(fields, to: &edited, community: community)
        edited.descriptionHtml = RenderedText.from(edited.description).html
        if errors.isEmpty, let occurrence, scope == .following {
            if let first = occurrences.first, first.localDate.description < occurrence.localDate {
                errors.date = "The new schedule starts on or after \(occurrence.localDate), the date you chose to change from."
            }
        }
        if errors.isEmpty, scope == .series {
            errors.date = try await pastDatesProblem(meeting: meeting, edited: edited, occurrences: occurrences, now: now)
        }
        guard errors.isEmpty else {
            MeetingForms.fill(&page, with: edited, fields: fields, community: community)
            return try refuse(page, errors: errors, context: context)
        }
        if let occurrence, scope == .following {
            let (next, _) = try await services.database.splitMeetingSeries(
                id: meeting.id!, at: LocalDate(occurrence.localDate)!, continuation: edited, occurrences: occurrences, now: now,
                checking: check)
            return redirect(to: Paths.meeting(next.id!) + "?notice=saved")
        }
        _ = try await services.database.updateMeetingSeries(edited, occurrences: occurrences, now: now, checking: check)
        return redirect(to: Paths.meeting(meeting.id!) + "?notice=saved")
    }

    /// A whole-series edit keeps the dates that took place as they were: it may not drop or move them (edit from a
    /// later date on instead).
    private func pastDatesProblem(meeting: Meeting, edited: Meeting, occurrences: [MeetingSchedule.Occurrence],
                                  now: Date) async throws -> String? {
        let existing = try await services.database.occurrences(meetingID: meeting.id!)
        let wanted = Dictionary(uniqueKeysWithValues: occurrences.map { ($0.localDate.description, $0) })
        for past in existing where past.endsAt <= now {
            guard let new = wanted[past.localDate] else { return Self.pastDatesMessage }
            if past.isModified ? edited.timeZone != meeting.timeZone : (new.startsAt != past.startsAt || new.endsAt != past.endsAt) {
                return Self.pastDatesMessage
            }
        }
        return nil
    }

    static let pastDatesMessage = "Some dates of this series have taken place: a change to the whole series may not move or remove "
        + "them. To change the dates or times from now on, choose “Edit this and later dates” on the next date."

    /// Dates that took place or were cancelled are not changed one by one (the record keeps them as they were).
    private func ensureChangeable(_ occurrence: MeetingOccurrence?, scope: Scope) throws {
        guard let occurrence, scope != .series else { return }
        if occurrence.isCancelled { throw AppError.conflict("This date was cancelled: it can no longer be changed.") }
        if scope == .following, occurrence.endsAt <= services.now {
            throw AppError.conflict("This date has taken place: change the series from a date still to come.")
        }
    }

    private func formPage(_ meeting: Meeting, community: Community, scope: Scope, occurrence: MeetingOccurrence?,
                          context: AppRequestContext) -> MeetingFormPage {
        let id = meeting.id!
        var page = MeetingForms.page(community, heading: "Edit “\(meeting.title)”", action: Paths.editMeeting(id), submit: "Save changes",
                                     cancel: occurrence.map { Paths.meeting(id, on: $0.localDate) } ?? Paths.meeting(id))
        page.scope = scope.rawValue
        page.on = occurrence?.localDate
        let day = occurrence.map { meetings.clock(context).times($0.startsAt, $0.endsAt, eventZone: meeting.timeZone).text }
        switch scope {
        case .occurrence:
            page.isOccurrence = true
            page.scopeNote = "You are changing one date only: \(day ?? ""). The rest of the series stays as it is."
        case .following:
            page.scopeNote = "You are changing this date (\(day ?? "")) and every later one. The dates before stay as they were."
        case .series:
            page.scopeNote = meeting.isSeries ? "You are changing every date of this series (dates changed on their own keep their changes)." : nil
        }
        return page
    }

    /// One date's form: its own title, date, times, link and place, or the series'.
    private func fillOccurrence(_ page: inout MeetingFormPage, date: MeetingDate) {
        page.title = date.title
        page.date = date.occurrence.effectiveDate
        page.start = date.occurrence.startTime ?? date.meeting.startTime
        page.end = date.occurrence.endTime ?? date.meeting.endTime
        page.link = date.link
        page.place = date.place
    }

    /// "From this date on": the series' fields, starting on that date, with the dates left to count.
    private func fillFollowing(_ page: inout MeetingFormPage, meeting: Meeting, from occurrence: MeetingOccurrence) {
        page.date = occurrence.localDate
        if let count = meeting.count, let dates = try? meeting.schedule?.dates() {
            page.count = String(max(1, count - dates.filter { $0.description < occurrence.localDate }.count))
        }
    }

    private func refuse(_ page: MeetingFormPage, errors: MeetingErrors, context: AppRequestContext) throws -> Response {
        var page = page
        page.errors = errors
        page.hasErrors = true
        return try services.page(.meetingsForm, title: page.heading, page: page, context: context, status: .badRequest)
    }

    // MARK: - Cancel

    @Sendable func cancelForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (meeting, community) = try await meetings.meeting(context)
        try context.guardian.ensureCanChange(meeting, in: community)
        let on = request.uri.queryParameters.get("on")
        let (scope, occurrence) = try await target(on == nil ? "series" : "occurrence", on, meeting: meeting)
        try ensureCancellable(occurrence)
        let id = meeting.id!
        let what = occurrence.map { "the date \(meetings.clock(context).times($0.startsAt, $0.endsAt, eventZone: meeting.timeZone).text) of “\(meeting.title)”" }
            ?? (meeting.isSeries ? "every date still to come of “\(meeting.title)”" : "“\(meeting.title)”")
        let page = MeetingCancelPage(community: CommunityHeader(community), heading: occurrence == nil ? "Cancel the event" : "Cancel one date",
                                     action: Paths.cancelMeeting(id), what: what, scope: scope.rawValue, on: occurrence?.localDate,
                                     backURL: occurrence.map { Paths.meeting(id, on: $0.localDate) } ?? Paths.meeting(id))
        return try services.page(.meetingsCancel, title: page.heading, page: page, context: context)
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (meeting, community) = try await meetings.meeting(context)
        _ = try ForumLoading(services: services).actingUser(context)
        try context.guardian.ensureCanChange(meeting, in: community)
        let fields = try await FormBody.decode(MeetingFields.self, from: request, context: context)
        let (scope, occurrence) = try await target(fields.scope, fields.on, meeting: meeting)
        guard scope != .following else { throw AppError.badRequest("Cancel one date (occurrence) or the whole event (series).") }
        try ensureCancellable(occurrence)
        let reason = InputText.clean(fields.reason)
        guard reason.count <= Meeting.Limits.cancelReason else {
            throw AppError.badRequest("The reason can be at most \(Meeting.Limits.cancelReason) characters.")
        }
        let check = context.guardian.meetingChangeCheck(meeting.id!)
        if let occurrence {
            _ = try await services.database.cancelOccurrence(meetingID: meeting.id!, localDate: occurrence.localDate, reason: reason,
                                                             now: services.now, checking: check)
            return redirect(to: Paths.meeting(meeting.id!, on: occurrence.localDate) + "&notice=date-cancelled")
        }
        _ = try await services.database.cancelMeeting(id: meeting.id!, reason: reason, now: services.now, checking: check)
        return redirect(to: Paths.meeting(meeting.id!) + "?notice=cancelled")
    }

    private func ensureCancellable(_ occurrence: MeetingOccurrence?) throws {
        guard let occurrence else { return }
        if occurrence.isCancelled { throw AppError.conflict("This date was already cancelled.") }
        if occurrence.endsAt <= services.now { throw AppError.conflict("This date has already taken place: it cannot be cancelled.") }
    }
}
