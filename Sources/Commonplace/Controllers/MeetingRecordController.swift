import Foundation
import Hummingbird

/// The record of a date: read by whoever may see it, kept by the community's moderators and the event's author.
///
///     GET  /e/{id}/record?on=D                      the record page (the editors' forms too)
///     POST /e/{id}/record?on=D                      notes, decisions, recording_url
///     POST /e/{id}/record/actions?on=D              text, owner (a member's handle, optional)
///     POST /e/{id}/record/actions/{item}?on=D       change = done | undone | remove
///     POST /e/{id}/record/resources?on=D            resource_id, attached = true | false
///     POST /e/{id}/record/discussion?on=D           board (slug): starts the date's discussion, once
///
/// 404 for an event, date or record the visitor may not see; 403 for those who may not keep it; 400 for bad fields.
struct MeetingRecordController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("e/:id/record", use: show)
        router.post("e/:id/record", use: save)
        router.post("e/:id/record/actions", use: addActionItem)
        router.post("e/:id/record/actions/:item", use: changeActionItem)
        router.post("e/:id/record/resources", use: attachResource)
        router.post("e/:id/record/discussion", use: startDiscussion)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (date, community) = try await MeetingDateLoading(services: services).date(request, context)
        return try await page(date, community, context: context)
    }

    /// The record page; `draft` and `errors` refill the editors' form after a refusal.
    func page(_ date: MeetingDate, _ community: Community, context: AppRequestContext, draft: RecordForm? = nil,
              errors: [String] = []) async throws -> Response {
        guard let sections = try await MeetingRecordSections(services: services, context: context).build(date, in: community, onRecordPage: true)
        else { throw AppError.notFound }
        let guardian = context.guardian
        let (id, day) = (date.meeting.id!, date.occurrence.localDate)
        var form: MeetingRecordForm?
        if guardian.canEditRecord(of: date.meeting, in: community) {
            let record = try await services.database.meetingRecord(occurrenceID: date.occurrence.id!)
            let attached = Set(record.resources.map(\.id))
            let attachable = try await services.database.attachableResources(communityID: community.id!).filter { !attached.contains($0.id) }
            form = MeetingRecordForm(
                action: Paths.meetingRecord(id, on: day), notes: draft?.notes ?? record.notes, decisions: draft?.decisions ?? record.decisions,
                recordingURL: draft?.recording_url ?? record.recordingUrl, actionItemsAction: Paths.meetingActionItems(id, on: day),
                resourcesAction: Paths.meetingResources(id, on: day),
                attachable: attachable.map { Option(value: String($0.id!), label: $0.title, selected: false) },
                questionSettingsAction: date.meeting.kind == .qa ? nil : Paths.meetingQuestionSettings(id),
                takesQuestions: try await services.database.takesQuestions(date.meeting), errors: errors)
        }
        let clock = MeetingClock(viewerZone: context.user?.timeZone, siteZone: services.site.defaultTimeZone, now: services.now)
        let times = clock.times(date.occurrence.startsAt, date.occurrence.endsAt, eventZone: date.meeting.timeZone)
        let page = MeetingRecordPage(
            community: CommunityHeader(community), title: date.title, kindLabel: date.meeting.kind.label,
            when: times.text, zone: times.zone, startISO: times.datetime,
            eventURL: Paths.meeting(id, on: day), isCancelled: date.isCancelled, record: sections.record,
            questions: sections.questions, form: form)
        return try services.page(.meetingsRecord, title: "Record: \(date.title)", page: page, context: context,
                                 status: errors.isEmpty ? .ok : .badRequest)
    }

    struct RecordForm: Decodable {
        let notes: String?
        let decisions: String?
        let recording_url: String?
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (date, community) = try await MeetingDateLoading(services: services).date(request, context)
        try context.guardian.ensureCanEditRecord(of: date.meeting, in: community)
        let form = try await FormBody.decode(RecordForm.self, from: request, context: context)
        let (notes, decisions, recording) = (cleanText(form.notes), cleanText(form.decisions), cleanText(form.recording_url))
        let errors = [
            PostValidation.body(notes, required: false).map { "Notes: \($0)" },
            PostValidation.body(decisions, required: false).map { "Decisions: \($0)" },
            MeetingValidation.link(recording).map { "Recording link: \($0)" },
        ].compactMap { $0 }
        if !errors.isEmpty { return try await page(date, community, context: context, draft: form, errors: errors) }
        let (id, day) = (date.meeting.id!, date.occurrence.localDate)
        try await services.database.saveMeetingRecord(
            meetingID: id, localDate: day, notes: .from(notes), decisions: .from(decisions), recordingURL: recording, now: services.now,
            checking: context.guardian.recordCheck(meetingID: id, localDate: day))
        return redirect(to: Paths.meetingRecord(id, on: day) + "#record")
    }

    struct ActionItemForm: Decodable {
        let text: String?
        let owner: String?
    }

    /// How long an action item may be, in characters.
    static let maxActionItem = 500

    @Sendable func addActionItem(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (date, community) = try await MeetingDateLoading(services: services).date(request, context)
        try context.guardian.ensureCanEditRecord(of: date.meeting, in: community)
        let form = try await FormBody.decode(ActionItemForm.self, from: request, context: context)
        let text = cleanText(form.text)
        let owner = cleanText(form.owner).trimmingCharacters(in: CharacterSet(charactersIn: "@"))
        if text.isEmpty { throw AppError.badRequest("Say what is to be done: the action item is empty.") }
        if text.count > Self.maxActionItem {
            throw AppError.badRequest("An action item can be at most \(Self.maxActionItem) characters (this one has \(text.count)).")
        }
        let (id, day) = (date.meeting.id!, date.occurrence.localDate)
        try await services.database.addActionItem(meetingID: id, localDate: day, text: text, ownerHandle: owner.nonEmpty,
                                                  now: services.now, checking: context.guardian.recordCheck(meetingID: id, localDate: day))
        return redirect(to: Paths.meetingRecord(id, on: day) + "#record")
    }

    struct ChangeForm: Decodable { let change: String? }

    @Sendable func changeActionItem(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (date, community) = try await MeetingDateLoading(services: services).date(request, context)
        guard let item = context.parameters.get("item", as: Int64.self) else { throw AppError.notFound }
        try context.guardian.ensureCanEditRecord(of: date.meeting, in: community)
        let form = try await FormBody.decode(ChangeForm.self, from: request, context: context)
        guard let change = form.change.flatMap(ActionItemChange.init(rawValue:)) else {
            throw AppError.badRequest("“change” must be done, undone or remove.")
        }
        let (id, day) = (date.meeting.id!, date.occurrence.localDate)
        try await services.database.changeActionItem(id: item, occurrenceID: date.occurrence.id!, change: change, now: services.now,
                                                     checking: context.guardian.recordCheck(meetingID: id, localDate: day))
        return redirect(to: Paths.meetingRecord(id, on: day) + "#record")
    }

    struct ResourceForm: Decodable {
        let resource_id: String?
        let attached: String?
    }

    @Sendable func attachResource(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (date, community) = try await MeetingDateLoading(services: services).date(request, context)
        try context.guardian.ensureCanEditRecord(of: date.meeting, in: community)
        let form = try await FormBody.decode(ResourceForm.self, from: request, context: context)
        guard let resourceID = form.resource_id.flatMap({ Int64($0) }) else { throw AppError.badRequest("Pick a resource of the library.") }
        guard let attached = ["true": true, "false": false][form.attached ?? "true"] else {
            throw AppError.badRequest("“attached” must be true (attach) or false (detach).")
        }
        let (id, day) = (date.meeting.id!, date.occurrence.localDate)
        try await services.database.setMeetingResource(meetingID: id, localDate: day, resourceID: resourceID, attached: attached,
                                                       now: services.now, checking: context.guardian.recordCheck(meetingID: id, localDate: day))
        return redirect(to: Paths.meetingRecord(id, on: day) + "#record")
    }
}
