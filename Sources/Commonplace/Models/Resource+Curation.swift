import Foundation

/// What a moderator can do to keep one resource current, and when each change conflicts with its state.
public enum CurationChange: Sendable, Equatable {
    case feature, unfeature
    /// Confirmed current: last reviewed now, no longer outdated; `nextReviewBy` replaces the review-by date.
    case review(nextReviewBy: Date?)
    case markOutdated(note: String)
    case markCurrent
    case archive, unarchive

    /// The log's name for it.
    var action: ModerationAction.Kind {
        switch self {
        case .feature: .featureResource
        case .unfeature: .unfeatureResource
        case .review: .reviewResource
        case .markOutdated: .markOutdated
        case .markCurrent: .markCurrent
        case .archive: .archiveResource
        case .unarchive: .unarchiveResource
        }
    }
}

extension Resource {
    /// The most characters of a moderator's note on an outdated resource.
    public static let maxOutdatedNote = 500

    /// Why `change` cannot apply to the resource as it is now (a 409), or nil when it can.
    public func conflict(with change: CurationChange) -> String? {
        if isHeld { return "This resource is awaiting approval: approve it before curating it." }
        switch change {
        case .unarchive:
            return isArchived ? nil : "This resource is not archived."
        case _ where isArchived:
            return "This resource is archived: unarchive it first."
        case .feature:
            return isFeatured ? "This resource is already featured." : nil
        case .unfeature:
            return isFeatured ? nil : "This resource is not featured."
        case .markOutdated:
            return isOutdated ? "This resource is already marked outdated. Mark it current first to change the note." : nil
        case .markCurrent:
            return isOutdated ? nil : "This resource is not marked outdated."
        case .review, .archive:
            return nil
        }
    }

    /// The resource after `change`, made by a moderator at `now`.
    func applying(_ change: CurationChange, by moderatorID: Int64, at now: Date) -> Resource {
        var r = self
        switch change {
        case .feature: r.featuredAt = now
        case .unfeature: r.featuredAt = nil
        case .review(let next):
            r.lastReviewedAt = now
            r.lastReviewedBy = moderatorID
            r.outdatedAt = nil
            r.outdatedNote = ""
            // A review-by date that has passed has been met by this review.
            if let next { r.reviewBy = next } else if let due = r.reviewBy, due <= now { r.reviewBy = nil }
        case .markOutdated(let note):
            r.outdatedAt = now
            r.outdatedNote = note
        case .markCurrent:
            r.outdatedAt = nil
            r.outdatedNote = ""
        case .archive: r.archivedAt = now
        case .unarchive: r.archivedAt = nil
        }
        return r
    }
}
