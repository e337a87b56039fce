import Foundation

/// The email of a meeting notification (a place from the waitlist, a reminder, a changed or cancelled date): what
/// happened, when in the recipient's zone (the event's beside it when they differ), where, the meeting link only when
/// the recipient may see it (decided by the fan-out with the Guardian), a button to the date's page, and the footer.
/// It goes at once, not after the quiet minutes, and even if the member is using the site: it is about a time.
enum MeetingMail {
    static func compose(kind: NotificationKind, count: Int, detail: String, date: MeetingDate, community: Community,
                        showsLink: Bool, notificationID: Int64, object: String, recipient: (id: Int64, email: String),
                        viewerZone: String?, mailing: NotificationMailing, signer: UnsubscribeSigner, now: Date) -> OutgoingMail {
        let decoded = EventDetail.decode(detail)
        let sentence = NotificationText.meetingSentence(kind, date: date, count: count, detail: decoded)
        let clock = MeetingClock(viewerZone: viewerZone, siteZone: mailing.siteTimeZone, now: now)
        let times = clock.times(date.occurrence.startsAt, date.occurrence.endsAt, eventZone: date.meeting.timeZone)
        let unsubscribe = mailing.baseURL + Paths.unsubscribe(token: signer.token(userID: recipient.id, scope: .notification(kind)))
        var blocks: [MailBody.Block] = [.heading(sentence)]
        blocks.append(.paragraph("When: \(times.text) (\(times.zone))" + (times.eventZoneText.map { "; \($0)" } ?? "")))
        if let place = date.place.nonEmpty { blocks.append(.paragraph("Where: \(place)")) }
        if showsLink, !date.isCancelled, let link = date.link.nonEmpty { blocks.append(.paragraph("Meeting link: \(link)")) }
        if let note = NotificationText.note(kind, detail: decoded) { blocks.append(.paragraph(note)) }
        blocks.append(.button(label: "Open the event", url: mailing.baseURL + Paths.meeting(date.meeting.id!, on: date.occurrence.localDate)))
        blocks.append(.footer("You get this email because \(kind.emailReason) in \(community.name).",
                              link: MailBody.Link(label: "Turn off these emails", url: unsubscribe)))
        blocks.append(.footer("Choose which emails you get, and how often:",
                              link: MailBody.Link(label: "Email settings", url: mailing.baseURL + Paths.settingsEmail)))
        return OutgoingMail(
            userID: recipient.id, to: recipient.email, kind: .notification(kind), object: object,
            subject: "[\(community.name)] \(sentence)", body: MailBody(blocks), threadKey: "meeting-\(date.meeting.id!)",
            unsubscribeURL: unsubscribe, communityID: community.id, notificationID: notificationID, skipIfActive: false,
            notBefore: now)
    }
}
