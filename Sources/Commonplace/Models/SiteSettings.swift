import Foundation
import Synchronization

/// The settings a site admin changes on `/admin/settings` without a restart: what the site is called, who may sign
/// up, how large an upload may be, and the moderation settings a new community starts with.
///
/// Each is one row of the `setting` table (`site.name` …), written only when an admin saves it; a setting never saved
/// has the value the command line gave (`--max-upload-bytes`) or the built-in default. The server holds one
/// snapshot (`SiteSettingsStore`), replaced by the transaction that saves, so no request reads them from SQLite.
public struct SiteSettings: Sendable, Equatable {
    /// Who may create an account on `/signup`.
    public enum Registration: String, Sendable, CaseIterable {
        /// Anyone (whose address is in `emailDomains`, when that is set).
        case open
        /// Only someone holding a community's invitation link, signing up with the address it was sent to.
        case invitation
        /// Nobody: accounts are made by `commonplace user create`.
        case closed

        var label: String {
            switch self {
            case .open: "Open: anyone may create an account"
            case .invitation: "By invitation only: a community's invitation link is needed"
            case .closed: "Closed: no new accounts (admins create them with commonplace user create)"
            }
        }
    }

    public var name = "Commonplace"
    public var description = "A forum for communities of practice: all teach, all learn."
    /// Shown in the footer and on refusals ("write to …"); empty: none shown.
    public var contactEmail = ""
    /// The zone times are shown in for visitors who chose none (an IANA name).
    public var defaultTimeZone = "America/Toronto"
    public var registration = Registration.open
    /// Sign-ups need an address at one of these domains or their subdomains (lower case); empty: any address.
    public var emailDomains: [String] = []
    /// The largest file a member may upload to a resource library.
    public var maxUploadBytes = AppConfiguration.defaultMaxUploadBytes
    /// What a community created from now on starts with (each community's moderators change theirs).
    public var newCommunity = ModerationDefaults()

    public init() {}

    /// The defaults the command line gives: `--max-upload-bytes` and the mail settings' default time zone.
    public init(configuration config: AppConfiguration) {
        maxUploadBytes = config.maxUploadBytes
        defaultTimeZone = config.mail.defaultTimeZone
    }

    /// Whether sign-up accepts `email` by its domain (always when no domain is listed).
    public func allowsDomain(of email: String) -> Bool {
        guard !emailDomains.isEmpty else { return true }
        guard let at = email.lastIndex(of: "@") else { return false }
        let domain = email[email.index(after: at)...].lowercased()
        return emailDomains.contains { domain == $0 || domain.hasSuffix("." + $0) }
    }

    /// "uhn.ca, sinaihealth.ca" for messages.
    public var domainList: String { emailDomains.joined(separator: ", ") }
}

/// The moderation settings a new community starts with (the bounds are those of `/mod/{community}/settings`).
public struct ModerationDefaults: Sendable, Equatable {
    public var holdFirstPosts = 0
    public var flagHideThreshold = Community.defaultFlagHideThreshold
    public var unansweredAfterDays = Community.defaultUnansweredAfterDays
    public var resourceReviewMonths = 12
    public var requireResourceApproval = false

    public init() {}
}

/// The snapshot of the site's settings the server uses: read on every page (a lock and a copy, no query), replaced
/// by the transaction that saves new ones.
public final class SiteSettingsStore: Sendable {
    private let state = Mutex((defaults: SiteSettings(), current: SiteSettings(), loaded: false))

    public init() {}

    /// The settings in force.
    public var current: SiteSettings { state.withLock { $0.current } }
    /// The default time zone in force once the server loaded the settings; nil before (a worker run on its own, as
    /// tests do, keeps the zone it was given).
    var loadedTimeZone: String? { state.withLock { $0.loaded ? $0.current.defaultTimeZone : nil } }
    /// What a setting never saved is: the command line's value or the built-in one.
    var defaults: SiteSettings { state.withLock { $0.defaults } }

    func load(defaults: SiteSettings, current: SiteSettings) {
        state.withLock { $0 = (defaults, current, true) }
    }

    func replace(_ settings: SiteSettings) {
        state.withLock { $0.current = settings }
    }
}
