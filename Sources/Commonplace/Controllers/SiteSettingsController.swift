import Foundation
import Hummingbird

/// The site's settings, for site admins: name, description, contact, default time zone, who may sign up, the upload
/// limit and new communities' moderation settings; with the state of the scheduled backups.
///
///     GET  /admin/settings     POST /admin/settings
struct SiteSettingsController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("admin/settings", use: show)
        router.post("admin/settings", use: save)
    }

    struct Form: Decodable {
        let site_name: String?
        let site_description: String?
        let contact_email: String?
        let time_zone: String?
        let registration: String?
        let email_domains: String?
        let max_upload_mib: String?
        let hold_first_posts: String?
        let flag_hide_threshold: String?
        let unanswered_after_days: String?
        let resource_review_months: String?
        let require_resource_approval: String?
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureCanChangeSiteSettings()
        let settings = services.site
        return try services.page(.adminSettings, title: "Site settings", page: page(settings), context: context,
                                 notice: FormBody.queryParameters(request)["saved"] != nil ? "Settings saved." : "")
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureCanChangeSiteSettings()
        let form = try await FormBody.decode(Form.self, from: request, context: context)
        let current = services.site
        var settings = current
        var errors = SiteSettingsErrors()
        typealias F = SiteSettings.Field
        errors.siteName = settings.set(F.name, cleanText(form.site_name))
        errors.siteDescription = settings.set(F.description, cleanText(form.site_description))
        errors.contactEmail = settings.set(F.contactEmail, cleanText(form.contact_email))
        errors.timeZone = settings.set(F.defaultTimeZone, cleanText(form.time_zone))
        errors.registration = settings.set(F.registration, cleanText(form.registration))
        errors.emailDomains = settings.set(F.emailDomains, cleanText(form.email_domains))
        let uploadText = cleanText(form.max_upload_mib)
        if uploadText != Self.mebibytes(current.maxUploadBytes) {  // unchanged: kept exactly, even if not whole MiB
            if let mib = Double(uploadText), mib.isFinite, mib >= Double(SiteSettings.Bounds.uploadMiB.lowerBound),
               mib <= Double(SiteSettings.Bounds.uploadMiB.upperBound) {
                settings.maxUploadBytes = Int((mib * 1_048_576).rounded())
            } else {
                errors.maxUpload = "The upload limit must be a number of MiB from \(SiteSettings.Bounds.uploadMiB.lowerBound) to \(SiteSettings.Bounds.uploadMiB.upperBound), such as 10 or 2.5."
            }
        }
        var moderationErrors: [F: String] = [:]
        let numbers: [(F, String?)] = [(.holdFirstPosts, form.hold_first_posts), (.flagHideThreshold, form.flag_hide_threshold),
                                       (.unansweredAfterDays, form.unanswered_after_days), (.resourceReviewMonths, form.resource_review_months)]
        for (field, text) in numbers {
            moderationErrors[field] = settings.set(field, cleanText(text))
        }
        settings.newCommunity.requireResourceApproval = ["on", "true", "1"].contains(cleanText(form.require_resource_approval))

        let refused = !errors.isEmpty || !moderationErrors.isEmpty
        if refused {
            var model = page(settings, moderationErrors: moderationErrors)
            // The fields as typed, so a refused value can be corrected in place.
            model.siteName = cleanText(form.site_name)
            model.siteDescription = cleanText(form.site_description)
            model.contactEmail = cleanText(form.contact_email)
            model.emailDomains = cleanText(form.email_domains)
            model.maxUploadMiB = uploadText
            model.moderation = model.moderation.map { field in
                var field = field
                field.value = Self.typed(field.name, form) ?? field.value
                return field
            }
            model.errors = errors
            model.hasErrors = true
            return try services.page(.adminSettings, title: "Site settings", page: model, context: context, status: .badRequest)
        }
        try await services.database.saveSiteSettings(
            settings, actorID: context.user!.id!, now: services.now,
            checking: context.guardian.writeCheck { guardian, _ in try guardian.ensureCanChangeSiteSettings() })
        return redirect(to: Paths.adminSettings + "?saved=1")
    }

    private static func typed(_ name: String, _ form: Form) -> String? {
        switch name {
        case "hold_first_posts": cleanText(form.hold_first_posts)
        case "flag_hide_threshold": cleanText(form.flag_hide_threshold)
        case "unanswered_after_days": cleanText(form.unanswered_after_days)
        case "resource_review_months": cleanText(form.resource_review_months)
        default: nil
        }
    }

    /// "10" for 10 MiB, "2.5" for 2.5 MiB, "4.77" for 5,000,000 bytes.
    static func mebibytes(_ bytes: Int) -> String {
        if bytes % 1_048_576 == 0 { return String(bytes / 1_048_576) }
        var text = String(format: "%.2f", Double(bytes) / 1_048_576)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    private func page(_ settings: SiteSettings, moderationErrors: [SiteSettings.Field: String] = [:]) -> SiteSettingsPage {
        var page = SiteSettingsPage()
        page.siteName = settings.name
        page.siteDescription = settings.description
        page.contactEmail = settings.contactEmail
        page.timeZones = MeetingClock.zoneNames.map { Option(value: $0, label: $0, selected: $0 == settings.defaultTimeZone) }
        page.registrations = SiteSettings.Registration.allCases.map {
            RadioOption(id: "registration-\($0.rawValue)", value: $0.rawValue, label: $0.label, checked: $0 == settings.registration)
        }
        page.emailDomains = settings.emailDomains.joined(separator: "\n")
        page.maxUploadMiB = Self.mebibytes(settings.maxUploadBytes)
        let m = settings.newCommunity
        func number(_ field: SiteSettings.Field, _ name: String, _ label: String, _ hint: String, _ value: Int) -> NumberField {
            NumberField(name: name, label: label, hint: hint, value: String(value), error: moderationErrors[field])
        }
        page.moderation = [
            number(.holdFirstPosts, "hold_first_posts", "Hold each member's first posts for approval",
                   "How many of a member's first posts wait in the approval queue; 0 turns the queue off. At most \(Community.maxHoldFirstPosts).",
                   m.holdFirstPosts),
            number(.flagHideThreshold, "flag_hide_threshold", "Hide a post automatically after this many flags",
                   "From \(Community.flagHideThresholdRange.lowerBound) to \(Community.flagHideThresholdRange.upperBound).", m.flagHideThreshold),
            number(.unansweredAfterDays, "unanswered_after_days", "A question is unanswered after (days)",
                   "From 1 to \(Community.unansweredAfterDaysRange.upperBound).", m.unansweredAfterDays),
            number(.resourceReviewMonths, "resource_review_months", "A resource is due for review after (months)",
                   "From 1 to \(ResourceSettings.reviewMonthsRange.upperBound).", m.resourceReviewMonths),
        ]
        page.requireResourceApproval = m.requireResourceApproval
        page.backups = BackupSummary(schedule: services.config.backup, status: services.backups)
        return page
    }
}

extension BackupSummary {
    init(schedule: BackupSchedule?, status: BackupStatus) {
        if let schedule {
            let hours = schedule.interval / 3600
            let every = hours >= 1 && hours == hours.rounded() ? "\(Int(hours)) hour\(hours == 1 ? "" : "s")"
                : "\(Int((schedule.interval / 60).rounded())) minutes"
            self.schedule = "Scheduled backups run every \(every) into \(schedule.directory); the newest \(schedule.keep) are kept."
        } else {
            self.schedule = "Scheduled backups are off: start the server with --backup-dir to have them (commonplace backup works at any time)."
        }
        let last = status.last
        self.last = last.map { "\(Formatting.moment($0.at)), \($0.ok ? "succeeded" : "failed"): \($0.message)" }
        lastFailed = last?.ok == false
        newestGood = status.lastGood.map(Formatting.moment)
    }
}
