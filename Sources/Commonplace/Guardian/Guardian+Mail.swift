/// The outbox (`/admin/mail`): what the server sent, is sending, failed to send or dropped.
extension Guardian {
    /// Seeing the outbox, recipients' addresses included: site admins.
    public var canSeeMailOutbox: Bool { isAdmin }

    /// Queueing a failed message again: site admins, not while suspended.
    public var canRetryMail: Bool { isAdmin && !isSuspended }
}
