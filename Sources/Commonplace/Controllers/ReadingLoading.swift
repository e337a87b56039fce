import Foundation

/// What is new to one member in a list of discussions: their read marks (saved and not yet saved) and, per community,
/// the moment before which everything counts as read. Two queries for a whole list, none per discussion.
struct UnreadState: Sendable {
    let marks: [Int64: Int]
    let baselines: [Int64: Date]

    static let none = UnreadState(marks: [:], baselines: [:])

    /// Posts of `discussion` the member has not seen: nothing when it has no activity since the community's baseline;
    /// else the posts after their mark, or all of them when they never opened it but are tracked in its community.
    func count(_ discussion: Discussion) -> Int {
        let baseline = baselines[discussion.communityId]
        if let baseline, discussion.lastPostAt <= baseline { return 0 }
        guard let mark = marks[discussion.id!] else { return baseline == nil ? 0 : discussion.postCount }
        return max(0, discussion.postCount - mark)
    }

    /// The number of the first post the member has not seen.
    func firstUnread(_ discussion: Discussion) -> Int {
        min(discussion.postCount, (marks[discussion.id!] ?? 0) + 1)
    }

    /// The "3 new" badge and its link to the first unread post, for a list row (nil: nothing new).
    func badge(_ discussion: Discussion) -> UnreadBadge? {
        let count = count(discussion)
        guard count > 0 else { return nil }
        return UnreadBadge(label: "\(count) new", url: Paths.post(discussion, number: firstUnread(discussion)))
    }
}

/// Loads `UnreadState` for a member's lists and records what a discussion page showed them.
struct ReadingLoading {
    let services: AppServices

    /// The state for `discussions` as seen by this visitor (empty for anonymous visitors: never tracked).
    func state(_ context: AppRequestContext, discussions: [Discussion]) throws -> UnreadState {
        try state(context, discussions: discussions, watching: nil).unread
    }

    /// `state(_:discussions:)` and, with `watching`, the member's watch levels there, read in one snapshot.
    func state(_ context: AppRequestContext, discussions: [Discussion], watching: (community: Int64, board: Int64?)?) throws
        -> (unread: UnreadState, watch: WatchState?) {
        guard let userID = context.user?.id, !discussions.isEmpty || watching != nil else { return (.none, nil) }
        let communities = Array(Set(discussions.map(\.communityId))).sorted()
        let saved = try services.database.readingState(userID: userID, discussionIDs: discussions.map { $0.id! },
                                                       communityIDs: communities, watching: watching)
        let marks = saved.marks.merging(services.views.reads.unsaved(userID: userID), uniquingKeysWith: max)
        return (UnreadState(marks: marks, baselines: saved.baselines), saved.watch)
    }

    /// Marks the first post this member had not seen ("new since your last visit", only when they read it before),
    /// then records that they have now seen this page's posts: in memory, saved with the view counts.
    /// `viewer`: the reader's rows, read with the page (`DiscussionThread.viewer`; nil for anonymous visitors).
    func read(_ page: inout DiscussionPage, _ found: DiscussionContext, viewer: ThreadViewerRows?, context: AppRequestContext) {
        guard let userID = context.user?.id, let viewer, context.guardian.canTrackReading(in: found.community) else { return }
        let discussion = found.discussion
        let saved = (mark: viewer.readMark, baseline: viewer.baseline)
        let mark = [saved.mark, services.views.reads.unsaved(userID: userID)[discussion.id!]].compactMap { $0 }.max()
        // "Mark all read" (or joining) after the discussion's last post: nothing is new in it.
        let markedAllRead = saved.baseline.map { discussion.lastPostAt <= $0 } ?? false
        if let mark, let index = page.posts.firstIndex(where: { $0.number > mark }), !markedAllRead {
            page.posts[index].firstNew = true
            let count = page.posts[index...].count
            page.newSinceLastVisit = "\(count) new since your last visit"
        }
        let lastShown = page.posts.last?.number ?? page.opening?.number ?? 0
        if lastShown > (mark ?? 0) { services.views.reads.record(userID: userID, discussionID: discussion.id!, number: lastShown) }
    }
}
