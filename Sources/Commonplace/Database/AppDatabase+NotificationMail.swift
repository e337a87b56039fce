import Foundation
import GRDB

/// A notification the fan-out has just written (or renewed), for its email.
struct WrittenNotification: Sendable {
    let delivery: Delivery
    let id: Int64
    /// A grouped notification the recipient had read, counting again (a new email may go, under a new object).
    let renewed: Bool
}

// MARK: - Notification emails (queued by the fan-out)

extension AppDatabase {
    /// Queues, inside the fan-out's write, the email of each notification just written whose recipient wants its kind
    /// at once (`email_preference`, else `NotificationKind.defaultEmailMode`) and whose address is verified.
    ///
    /// One email per notification: the notification is already one per recipient per post (its most specific reason),
    /// and the email's object is the notification (`notification:<id>`), so however its kind changes later (an edit
    /// that newly mentions someone upgrades a reply to a mention) no second email goes for it; a grouped notification
    /// (helpful marks, flags on one target) sends one email per group, and again only once its recipient has read it
    /// and it counts again (`notification:<id>:<event id>`). Whether it may still be sent is decided at send time by
    /// the mail service (read, active, may no longer see it, daily cap).
    static func queueNotificationMails(_ db: Database, _ written: [WrittenNotification], eventID: Int64,
                                       mailing: NotificationMailing, now: Date) throws {
        let userIDs = Array(Set(written.map(\.delivery.userID)))
        let modes = try emailModes(db, userIDs: userIDs)
        let wanted = written.filter { item in
            (modes[item.delivery.userID]?[item.delivery.kind] ?? item.delivery.kind.defaultEmailMode) == .immediately
        }
        guard !wanted.isEmpty else { return }
        let recipients = try verifiedAddresses(db, userIDs: Array(Set(wanted.map(\.delivery.userID))))
        let emailed = try alreadyEmailed(db, notificationIDs: wanted.filter { !$0.renewed }.map(\.id))
        var subjects: [String: NotificationMail.Subject] = [:]
        var signer: UnsubscribeSigner?
        var meetings = MeetingMailContext()
        for item in wanted {
            let delivery = item.delivery
            guard let address = recipients[delivery.userID], item.renewed || !emailed.contains(item.id) else { continue }
            if signer == nil { signer = UnsubscribeSigner(secret: try serverSecret(db)) }
            if delivery.kind.isAboutMeeting {
                if let mail = try meetings.mail(db, delivery, notificationID: item.id, address: address, recipients: wanted,
                                                mailing: mailing, signer: signer!, now: now) {
                    try enqueueMail(db, mail, now: now)
                }
                continue
            }
            let subjectKey = "\(delivery.communityID)/\(delivery.discussionID ?? 0)/\(delivery.postID ?? 0)/\(delivery.actorID ?? 0)"
            if subjects[subjectKey] == nil {
                subjects[subjectKey] = try mailSubject(db, delivery)
            }
            guard let subject = subjects[subjectKey] else { continue }
            let object = item.renewed ? "notification:\(item.id):\(eventID)" : "notification:\(item.id)"
            try enqueueMail(db, NotificationMail.compose(
                kind: delivery.kind, count: delivery.count, detail: delivery.detail, about: subject, notificationID: item.id,
                object: object, recipient: (delivery.userID, address), mailing: mailing, signer: signer!, now: now), now: now)
        }
    }

    /// What meeting emails of one batch share, read once: the dates with their events and communities, the recipients'
    /// time zones.
    struct MeetingMailContext {
        var dates: [Int64: MeetingDate?] = [:]
        var communities: [Int64: Community?] = [:]
        var zones: [Int64: String]?

        mutating func mail(_ db: Database, _ delivery: Delivery, notificationID: Int64, address: String,
                           recipients: [WrittenNotification], mailing: NotificationMailing, signer: UnsubscribeSigner,
                           now: Date) throws -> OutgoingMail? {
            guard let occurrenceID = delivery.occurrenceID else { return nil }
            if dates[occurrenceID] == nil { dates[occurrenceID] = try AppDatabase.meetingDate(db, occurrenceID: occurrenceID) }
            guard let date = dates[occurrenceID] ?? nil else { return nil }
            if communities[delivery.communityID] == nil { communities[delivery.communityID] = try Community.fetchOne(db, key: delivery.communityID) }
            guard let community = communities[delivery.communityID] ?? nil else { return nil }
            if zones == nil {
                let ids = Array(Set(recipients.filter { $0.delivery.kind.isAboutMeeting }.map(\.delivery.userID)))
                zones = Dictionary(try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT id, time_zone FROM user WHERE time_zone IS NOT NULL AND id IN (SELECT value FROM json_each(?))
                    """), arguments: [AppDatabase.jsonArray(ids)]).map { ($0[0] as Int64, $0[1] as String) }, uniquingKeysWith: { a, _ in a })
            }
            return MeetingMail.compose(
                kind: delivery.kind, count: delivery.count, detail: delivery.detail, date: date, community: community,
                showsLink: delivery.showsLink, notificationID: notificationID, object: "notification:\(notificationID)",
                recipient: (delivery.userID, address), viewerZone: zones?[delivery.userID], mailing: mailing, signer: signer, now: now)
        }
    }

    /// The modes members chose, by member and kind (kinds absent: their default).
    static func emailModes(_ db: Database, userIDs: [Int64]) throws -> [Int64: [NotificationKind: EmailMode]] {
        var modes: [Int64: [NotificationKind: EmailMode]] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT user_id, kind, mode FROM email_preference WHERE user_id IN (SELECT value FROM json_each(?))
            """), arguments: [jsonArray(userIDs)])
        while let row = try rows.next() {
            if let kind = NotificationKind(rawValue: row[1]), let mode = EmailMode(rawValue: row[2]) {
                modes[row[0], default: [:]][kind] = mode
            }
        }
        return modes
    }

    /// The verified addresses of these members (an unverified account gets no email but account email).
    static func verifiedAddresses(_ db: Database, userIDs: [Int64]) throws -> [Int64: String] {
        var found: [Int64: String] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT id, email FROM user WHERE id IN (SELECT value FROM json_each(?)) AND email_verified_at IS NOT NULL
            """), arguments: [jsonArray(userIDs)])
        while let row = try rows.next() { found[row[0]] = row[1] }
        return found
    }

    /// Which of these notifications already have an email queued (or sent, or dropped).
    private static func alreadyEmailed(_ db: Database, notificationIDs: [Int64]) throws -> Set<Int64> {
        guard !notificationIDs.isEmpty else { return [] }
        return Set(try Int64.fetchAll(db.cachedStatement(sql: """
            SELECT notification_id FROM mail_outbox WHERE notification_id IN (SELECT value FROM json_each(?))
            """), arguments: [jsonArray(notificationIDs)]))
    }

    /// What a delivery is about, as the rows are now (nil when they are gone).
    private static func mailSubject(_ db: Database, _ delivery: Delivery) throws -> NotificationMail.Subject? {
        let post = try delivery.postID.flatMap { try Post.fetchOne(db, cached: "SELECT * FROM post WHERE id = ?", [$0]) }
        let discussion = try (post?.discussionId ?? delivery.discussionID).flatMap { try Discussion.fetchOne(db, id: $0) }
        guard let community = try Community.fetchOne(db, cached: "SELECT * FROM community WHERE id = ?",
                                                     [discussion?.communityId ?? delivery.communityID]) else { return nil }
        let actorName = try delivery.actorID.flatMap {
            try String.fetchOne(db.cachedStatement(sql: "SELECT display_name FROM user WHERE id = ?"), arguments: [$0])
        }
        return NotificationMail.Subject(community: community, discussion: discussion, post: post, actorName: actorName)
    }
}
