/// What a member has read: kept only for signed-in members, only for what they may see.
extension Guardian {
    /// Reading marks and "N new" counts: a signed-in member in a community they can open (a suspended account still
    /// reads). Anonymous visitors are never tracked.
    public func canTrackReading(in community: Community) -> Bool {
        isSignedIn && canSee(community)
    }

    /// "Mark all read" for a community: the same rule (it changes nothing but the member's own marks).
    public func ensureCanMarkRead(_ community: Community) throws {
        try ensureSignedIn()
        try ensureVisible(canSee(community))
    }
}
