/// `account/email`: every kind's email mode, the digest's schedule and time zone, and the address's delivery status.
struct EmailSettingsPage: Sendable {
    let nav: SettingsNav
    let action = Paths.settingsEmail
    let notificationsURL = Paths.settingsNotifications
    let address: String
    let verified: Bool
    let kinds: [EmailKindChoice]
    let moderatorKinds: [EmailKindChoice]
    let frequencies: [SelectOption]
    let hours: [SelectOption]
    let weekdays: [SelectOption]
    let timeZones: [SelectOption]
    /// "The last 3 messages failed …" when the address is bouncing, nil otherwise.
    let bouncing: String?
    let deliveries: [EmailDeliveryLine]
    /// Suspended accounts see their choices but cannot change them (unsubscribe links still work).
    let canChange: Bool
}

/// One kind's select (`mode_<kind>`: `immediately`, `digest` or `never`).
struct EmailKindChoice: Sendable {
    let id: String
    let name: String
    let label: String
    let options: [SelectOption]
}

/// An option of a select.
struct SelectOption: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

/// A recent message to the member's address and what became of it.
struct EmailDeliveryLine: Sendable {
    let subject: String
    let status: String
    let reply: String?
    let created: Moment
    let createdISO: ISOTime
}

/// `account/unsubscribe`: what a link turns off, with its button (GET), or the confirmation (after the POST).
struct UnsubscribePage: Sendable {
    let action: String
    let what: String
    let done: Bool
    let settingsURL = Paths.settingsEmail
}
