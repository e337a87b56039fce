/// Email settings (issue 13): a member's own choices of which emails come and when.
extension Guardian {
    /// `/settings/email` shows the member's own choices: anyone signed in (suspended too: it is reading).
    public var canSeeEmailSettings: Bool { isSignedIn }

    /// Changing them: the member, not while suspended (an unsubscribe link still turns email off: receiving less is
    /// always allowed, and the link is authorised by its signature, not by the Guardian).
    public var canChangeEmailSettings: Bool { canAct }

    /// Whether the settings offer the moderators' kinds: to members who moderate a community (or site admins).
    public var seesModeratorEmailSettings: Bool { seesModeratorNotificationSettings }
}
