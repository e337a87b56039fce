import Foundation
import Hummingbird

/// Which emails a member gets and when: every kind's mode, the digest's schedule and time zone, and what became of
/// the latest messages to their address.
///
///     GET  /settings/email        POST /settings/email
///          mode_<kind>: immediately | digest | never (the moderators' kinds only for moderators)
///          digest_frequency: daily | weekly | off, digest_hour: 0–23, digest_weekday: sunday … saturday,
///          time_zone: an IANA zone
struct EmailSettingsController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("settings/email", use: show)
        router.post("settings/email", use: save)
    }

    static let notices = ["saved": "Your email settings were saved."]

    /// Every field of the form by name (the kinds' fields are named after the kinds).
    struct Form: Decodable {
        var fields: [String: String] = [:]

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            for key in container.allKeys {
                guard let value = try? container.decode(String.self, forKey: key) else {
                    throw AppError.badRequest("The form's field “\(key.stringValue)” has a value that cannot be read.")
                }
                fields[key.stringValue] = value
            }
        }
    }

    static let modePrefix = "mode_"

    /// The kinds this member is offered: every member's, and the moderators' to those who moderate.
    private func offered(_ guardian: Guardian) -> [NotificationKind] {
        NotificationKind.allCases.filter { !$0.isForModerators || guardian.seesModeratorEmailSettings }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canSeeEmailSettings)
        let user = context.user!
        let settings = try await services.database.emailSettings(userID: user.id!)
        let status = try await services.database.emailDeliveryStatus(userID: user.id!, address: user.email)
        let choices = offered(context.guardian).map { kind in
            EmailKindChoice(id: "mode-\(kind.rawValue)", name: Self.modePrefix + kind.rawValue, label: kind.label,
                            options: EmailMode.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: settings.mode(kind) == $0) })
        }
        let zone = settings.timeZone ?? services.site.defaultTimeZone
        let page = EmailSettingsPage(
            nav: try await SettingsNav.make(.email, services: services, context: context),
            address: user.email, verified: user.emailVerifiedAt != nil,
            kinds: choices.filter { !NotificationKind(rawValue: String($0.name.dropFirst(Self.modePrefix.count)))!.isForModerators },
            moderatorKinds: choices.filter { NotificationKind(rawValue: String($0.name.dropFirst(Self.modePrefix.count)))!.isForModerators },
            frequencies: DigestFrequency.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: settings.frequency == $0) },
            hours: (0..<24).map { SelectOption(value: String($0), label: String(format: "%02d:00", $0), selected: settings.hour == $0) },
            weekdays: EmailSettings.weekdayNames.enumerated().map {
                SelectOption(value: $0.element, label: $0.element.capitalized, selected: settings.weekday == $0.offset + 1)
            },
            timeZones: TimeZone.knownTimeZoneIdentifiers.sorted().map { SelectOption(value: $0, label: $0, selected: $0 == zone) },
            bouncing: status.isBouncing
                ? "The last \(status.failedInARow) emails to this address failed\(status.recent.first.map { ": \($0.lastReply)" } ?? ""). Check the address in your profile."
                : nil,
            deliveries: status.recent.map {
                EmailDeliveryLine(subject: $0.subject, status: $0.status.capitalized, reply: $0.lastReply.nonEmpty,
                                  created: Moment($0.createdAt), createdISO: ISOTime($0.createdAt))
            },
            canChange: context.guardian.canChangeEmailSettings)
        let notice = request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] } ?? ""
        return try services.page(.accountEmail, title: "Email settings", page: page, context: context, notice: notice)
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        try context.guardian.ensureNotSuspended()
        try context.guardian.ensure(context.guardian.canChangeEmailSettings)
        let form = try await FormBody.decode(Form.self, from: request, context: context)
        let (settings, kinds) = try validate(form.fields, guardian: context.guardian)
        try await services.database.saveEmailSettings(
            userID: context.user!.id!, settings, kinds: kinds, now: context.now,
            checking: context.guardian.writeCheck { guardian, _ in
                try guardian.ensureNotSuspended()
                try guardian.ensure(guardian.canChangeEmailSettings)
            })
        return redirect(to: Paths.settingsEmail + "?notice=saved")
    }

    /// The settings a form asks for, and the kinds it sets; 400 for an unknown field, kind or value, 403 for a
    /// moderators' kind asked by someone who moderates nothing.
    func validate(_ fields: [String: String], guardian: Guardian) throws -> (EmailSettings, [NotificationKind]) {
        var settings = EmailSettings()
        var kinds: [NotificationKind] = []
        let offered = offered(guardian)
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            guard name.hasPrefix(Self.modePrefix) else { continue }
            let raw = String(name.dropFirst(Self.modePrefix.count))
            guard let kind = NotificationKind(rawValue: raw) else {
                throw AppError.badRequest("There is no kind of email “\(raw)”.")
            }
            guard let mode = EmailMode(rawValue: value) else {
                throw AppError.badRequest("“\(value)” is not a choice for “\(kind.label)”: choose immediately, digest or never.")
            }
            guard offered.contains(kind) else { throw AppError.forbidden("“\(kind.label)” is for the moderators of a community.") }
            settings.modes[kind] = mode
            kinds.append(kind)
        }
        let known: Set<String> = ["_csrf", "digest_frequency", "digest_hour", "digest_weekday", "time_zone"]
        if let unknown = fields.keys.sorted().first(where: { !$0.hasPrefix(Self.modePrefix) && !known.contains($0) }) {
            throw AppError.badRequest("The form has a field “\(unknown)” that this page does not know.")
        }
        func required(_ name: String) throws -> String {
            guard let value = fields[name] else { throw AppError.badRequest("The form is missing the field “\(name)”.") }
            return value
        }
        guard let frequency = DigestFrequency(rawValue: try required("digest_frequency")) else {
            throw AppError.badRequest("The digest comes daily, weekly or off: “\(fields["digest_frequency"]!)” is none of these.")
        }
        guard let hour = Int(try required("digest_hour")), (0...23).contains(hour) else {
            throw AppError.badRequest("The digest's hour must be a whole number from 0 to 23.")
        }
        guard let weekday = EmailSettings.weekdayNames.firstIndex(of: try required("digest_weekday")) else {
            throw AppError.badRequest("The digest's day must be a day of the week (monday … sunday).")
        }
        let zone = try required("time_zone")
        guard DigestSchedule.isKnownTimeZone(zone) else {
            throw AppError.badRequest("“\(zone)” is not a time zone this site knows: choose one from the list (such as America/Toronto).")
        }
        settings.frequency = frequency
        settings.hour = hour
        settings.weekday = weekday + 1
        settings.timeZone = zone
        return (settings, kinds)
    }
}
