import Foundation

/// The RSVP section of an event date (`partials/meeting-rsvp`), on the event page and on the attendees page: the
/// counts, the viewer's answer and the form to change it, and who answered for those who may see it.
struct RSVPSection: Sendable {
    let action: String
    /// The date answered by default (`occurrence`), and as the viewer reads it.
    let occurrence: String
    let dateText: String
    /// A series offers "every date to come" besides this date.
    let isSeries: Bool
    let canAnswer: Bool
    let choices: [RSVPChoice]
    /// "You are going." / "You are on the waitlist: number 2 of 3." …
    let current: String?
    /// "3 going · 1 maybe · 2 on the waitlist · full".
    let summary: String
    /// Why the viewer cannot answer, or that going now means the waitlist.
    let note: String?
    let signInURL: String?
    /// For visitors not signed in: one sign-in link per answer, each coming back to this date with it chosen.
    let signInChoices: [RSVPSignIn]
    /// After such a sign-in: the answer chosen, waiting to be saved.
    let intentNote: String?
    /// Who answered (members of the community only).
    let attendees: AttendeeGroups?
    /// Moderators: the date's answers as CSV.
    let csvURL: String?
}

/// "Sign in to answer: Going": a sign-in that returns to the date with that answer chosen.
struct RSVPSignIn: Sendable {
    let label: String
    let url: String
}

/// One answer the form offers.
struct RSVPChoice: Sendable {
    let id: String
    let value: String
    let label: String
    let checked: Bool
}

/// Who answered one date, by answer; each group cut at `RSVPSectionBuilder.shown` on the event page.
struct AttendeeGroups: Sendable {
    let going: [AttendeeEntry]
    let waitlist: [AttendeeEntry]
    let maybe: [AttendeeEntry]
    let goingHeading: String
    let waitlistHeading: String
    let maybeHeading: String
    /// "See all 64 answers" when the page shows only some.
    let allURL: String?
    let allLabel: String?
}

struct AttendeeEntry: Sendable {
    let name: String
    let url: String
}

/// Every answer to one date (`/e/{id}/attendees?on=`).
struct AttendeesPage: Sendable {
    let community: CommunityHeader
    let title: String
    let dateText: String
    let eventURL: String
    let rsvp: RSVPSection
}
