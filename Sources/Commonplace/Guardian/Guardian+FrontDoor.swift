/// A community's front door (`/c/{community}/join`): what anyone may learn of a community they cannot open, so that a
/// practitioner can find a members-only community and ask to join. Everything inside it stays behind `canSee`.
extension Guardian {
    /// Its name, summary and description: shown to everyone, members-only communities included (a merged one
    /// redirects to where it lives now instead).
    public func canSeeFrontDoor(of community: Community) -> Bool {
        !community.isMerged
    }

    /// How to join, and who moderates it: to everyone signed in (who could ask to join), and to whoever can open it.
    public func canSeeJoinDetails(of community: Community) -> Bool {
        canSeeFrontDoor(of: community) && (isSignedIn || canSee(community))
    }
}
