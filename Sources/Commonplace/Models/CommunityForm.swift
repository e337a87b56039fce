import Foundation

/// The fields of the new/edit community form (snake_case, as posted).
struct CommunityForm: Decodable {
    let name: String
    let slug: String
    let summary: String
    let description: String
    let visibility: String
    let join_policy: String
    let how_to_join: String?
    let steward: String?
    let partner_name: String?
    let meeting_rhythm: String?
    let founded: String?
    let inactive_since: String?
    let parent: String?
    let type_exchange: String?
    let type_strategy: String?
    let type_change: String?

    static let slugCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789-")

    /// Copies the form into `community`, returning a message for each field that is wrong. `communities` are the
    /// possible parents; `hasChildren` says whether the community already has sub-communities (one level only).
    /// Status is not a field: site admins archive and reactivate through their own logged actions.
    func apply(to community: inout Community, communities: [Community], hasChildren: Bool) -> CommunityErrors {
        func clean(_ s: String?) -> String { InputText.clean(s) }
        var errors = CommunityErrors()
        community.name = clean(name)
        community.slug = clean(slug).lowercased()
        community.summary = clean(summary)
        community.description = clean(description)
        community.howToJoin = clean(how_to_join)
        community.partnerName = clean(partner_name)
        community.meetingRhythm = clean(meeting_rhythm)
        community.founded = clean(founded)
        let since = clean(inactive_since)

        if community.name.isEmpty { errors.name = "Give the community a name." }
        else if community.name.count > Community.Limits.name { errors.name = "A name can be at most \(Community.Limits.name) characters." }
        if community.slug.count < 2 || community.slug.count > Community.Limits.slug {
            errors.slug = "The address needs 2 to \(Community.Limits.slug) characters."
        } else if !community.slug.allSatisfy(Self.slugCharacters.contains) || community.slug.hasPrefix("-") || community.slug.hasSuffix("-") {
            errors.slug = "Use lowercase letters a–z, digits and hyphens (not at the start or end)."
        }
        if community.summary.isEmpty { errors.summary = "Write a one-line summary for the directory." }
        else if community.summary.count > Community.Limits.summary { errors.summary = "A summary can be at most \(Community.Limits.summary) characters." }
        if community.description.isEmpty { errors.description = "Describe the community: who it is for and what it does." }
        else if community.description.count > Community.Limits.description { errors.description = "A description can be at most \(Community.Limits.description) characters." }
        if community.howToJoin.count > Community.Limits.howToJoin { errors.howToJoin = "At most \(Community.Limits.howToJoin) characters." }
        if community.partnerName.count > Community.Limits.partnerName { errors.partnerName = "At most \(Community.Limits.partnerName) characters." }
        if community.meetingRhythm.count > Community.Limits.meetingRhythm { errors.meetingRhythm = "At most \(Community.Limits.meetingRhythm) characters." }
        if !community.founded.isEmpty, !Self.isYearMonth(community.founded) { errors.founded = "Use the form YYYY-MM, for example 2023-02." }
        if !since.isEmpty, !Self.isDate(since) { errors.inactiveSince = "Use the form YYYY-MM-DD, for example 2023-03-31." }

        var choiceErrors: [String] = []
        if let value = Community.Visibility(rawValue: visibility) { community.visibility = value } else { choiceErrors.append("visibility") }
        if let value = Community.JoinPolicy(rawValue: join_policy) { community.joinPolicy = value } else { choiceErrors.append("how to join") }
        if let raw = steward, !raw.isEmpty {
            if let value = Community.Steward(rawValue: raw) { community.steward = value } else { choiceErrors.append("who runs it") }
        }
        errors.parent = applyParent(clean(parent), to: &community, communities: communities, hasChildren: hasChildren)
        if !choiceErrors.isEmpty { errors.choice = "Choose a listed option for: \(choiceErrors.joined(separator: ", "))." }

        var kinds: [Community.Kind] = []
        if type_exchange != nil { kinds.append(.exchange) }
        if type_strategy != nil { kinds.append(.strategy) }
        if type_change != nil { kinds.append(.change) }
        if kinds.isEmpty { errors.kinds = "Choose at least one type." }
        community.kinds = kinds
        community.inactiveSince = community.status == .inactive ? (since.isEmpty ? nil : since) : nil
        if community.steward == .alliance { community.partnerName = "" }
        return errors
    }

    /// Sets the parent named by `slug`, or returns why it cannot be: sub-communities go one level deep.
    private func applyParent(_ slug: String, to community: inout Community, communities: [Community], hasChildren: Bool) -> String? {
        guard !slug.isEmpty else { community.parentId = nil; return nil }
        guard let found = communities.first(where: { $0.slug == slug }), !found.isMerged else {
            return "Choose a listed community as the parent, or none."
        }
        if community.id != nil, found.id == community.id { return "A community cannot be its own parent." }
        if found.parentId != nil { return "\(found.name) is itself part of another community: a sub-community cannot have sub-communities." }
        if hasChildren { return "This community has sub-communities of its own, so it cannot be part of another community." }
        community.parentId = found.id
        return nil
    }

    static func isYearMonth(_ s: String) -> Bool {
        let p = s.split(separator: "-")
        return (p.count == 1 && p[0].count == 4 && Int(p[0]) != nil)
            || (p.count == 2 && p[0].count == 4 && Int(p[0]) != nil && (Int(p[1]).map { (1...12).contains($0) } ?? false))
    }

    static func isDate(_ s: String) -> Bool {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return s.count == 10 && formatter.date(from: s) != nil
    }
}

extension CommunityErrors {
    var isEmpty: Bool {
        [name, slug, summary, description, howToJoin, partnerName, meetingRhythm, founded, inactiveSince, parent, kinds, choice]
            .allSatisfy { $0 == nil }
    }
}
