/// `/admin/settings`: the site's settings form, with a message beside each field refused, and the backups' state.
struct SiteSettingsPage: Sendable {
    let nav = AdminNav(.settings)
    let action = Paths.adminSettings
    var siteName = ""
    var siteDescription = ""
    var contactEmail = ""
    var timeZones: [Option] = []
    var registrations: [RadioOption] = []
    var emailDomains = ""
    var maxUploadMiB = ""
    /// The new communities' moderation settings, as numbers.
    var moderation: [NumberField] = []
    var requireResourceApproval = false
    var errors = SiteSettingsErrors()
    var hasErrors = false
    /// The last scheduled backup and the schedule.
    var backups = BackupSummary(schedule: "", last: nil, lastFailed: false, newestGood: nil)
    let maxName = SiteSettings.Bounds.name.upperBound
    let maxDescription = SiteSettings.Bounds.description
    let minUploadMiB = SiteSettings.Bounds.uploadMiB.lowerBound
    let uploadMiBCeiling = SiteSettings.Bounds.uploadMiB.upperBound
}

struct SiteSettingsErrors: Sendable {
    var siteName: String?
    var siteDescription: String?
    var contactEmail: String?
    var timeZone: String?
    var registration: String?
    var emailDomains: String?
    var maxUpload: String?
    var requireResourceApproval: String?

    var isEmpty: Bool {
        [siteName, siteDescription, contactEmail, timeZone, registration, emailDomains, maxUpload, requireResourceApproval]
            .allSatisfy { $0 == nil }
    }
}

/// A radio button of a choice (its id is `name-value`).
struct RadioOption: Sendable {
    let id: String
    let value: String
    let label: String
    let checked: Bool
}

/// A whole-number field with its hint and, after a refused save, its message.
struct NumberField: Sendable {
    let name: String
    let label: String
    let hint: String
    var value: String
    var error: String?
}

/// Scheduled backups as `/admin/settings` shows them.
struct BackupSummary: Sendable {
    /// "Every 6 hours into /var/backups/commonplace, the newest 14 kept", or that none are scheduled.
    let schedule: String
    /// "Tue 2 Dec 2026, 14:00: commonplace-….sqlite: 1.2 GB, … verified, in 41 s" (nil: none since the start).
    let last: String?
    let lastFailed: Bool
    /// The snapshot moment of the newest good backup, this run's or found in the folder (nil: none).
    let newestGood: String?
}
