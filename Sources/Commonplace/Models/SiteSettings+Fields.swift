import Foundation

/// Each site setting as a row of the `setting` table and a field of `/admin/settings`: its key, its label in the site
/// log, its value as stored text, and the check of a new value (a clear message per field, nothing saved on refusal).
extension SiteSettings {
    public enum Field: String, Sendable, CaseIterable {
        case name = "site.name"
        case description = "site.description"
        case contactEmail = "site.contact_email"
        case defaultTimeZone = "site.time_zone"
        case registration = "site.registration"
        case emailDomains = "site.email_domains"
        case maxUploadBytes = "site.max_upload_bytes"
        case holdFirstPosts = "site.new_community.hold_first_posts"
        case flagHideThreshold = "site.new_community.flag_hide_threshold"
        case unansweredAfterDays = "site.new_community.unanswered_after_days"
        case resourceReviewMonths = "site.new_community.resource_review_months"
        case requireResourceApproval = "site.new_community.require_resource_approval"

        /// How the site log names it.
        public var label: String {
            switch self {
            case .name: "Site name"
            case .description: "Site description"
            case .contactEmail: "Contact address"
            case .defaultTimeZone: "Default time zone"
            case .registration: "Registration"
            case .emailDomains: "Sign-up email domains"
            case .maxUploadBytes: "Upload limit"
            case .holdFirstPosts: "New communities: posts held for approval"
            case .flagHideThreshold: "New communities: flags that hide a post"
            case .unansweredAfterDays: "New communities: days before a question is unanswered"
            case .resourceReviewMonths: "New communities: months before a resource review"
            case .requireResourceApproval: "New communities: members' resources need approval"
            }
        }
    }

    public enum Bounds {
        public static let name = 1...60
        public static let description = 300
        public static let domains = 50
        /// Uploads from 1 MiB to 1 GiB (the reverse proxy's body limit must follow).
        public static let uploadMiB = 1...1024
    }

    /// The stored text of `field`.
    public func text(_ field: Field) -> String {
        switch field {
        case .name: name
        case .description: description
        case .contactEmail: contactEmail
        case .defaultTimeZone: defaultTimeZone
        case .registration: registration.rawValue
        case .emailDomains: emailDomains.joined(separator: " ")
        case .maxUploadBytes: String(maxUploadBytes)
        case .holdFirstPosts: String(newCommunity.holdFirstPosts)
        case .flagHideThreshold: String(newCommunity.flagHideThreshold)
        case .unansweredAfterDays: String(newCommunity.unansweredAfterDays)
        case .resourceReviewMonths: String(newCommunity.resourceReviewMonths)
        case .requireResourceApproval: newCommunity.requireResourceApproval ? "true" : "false"
        }
    }

    /// `field`'s value as the site log shows it ("10 MB", "(none)").
    public func display(_ field: Field) -> String {
        switch field {
        case .maxUploadBytes: ResourceForm.size(maxUploadBytes)
        case .emailDomains: emailDomains.isEmpty ? "any" : domainList
        case .requireResourceApproval: newCommunity.requireResourceApproval ? "yes" : "no"
        default: text(field).isEmpty ? "(none)" : "“\(text(field))”"
        }
    }

    /// Sets `field` from its stored text; a message saying what is wrong, and nothing set, when the text is not valid.
    @discardableResult
    public mutating func set(_ field: Field, _ text: String) -> String? {
        switch field {
        case .name:
            guard Bounds.name.contains(text.count) else { return "Give the site a name of 1 to \(Bounds.name.upperBound) characters." }
            name = text
        case .description:
            guard text.count <= Bounds.description else { return "Keep the description to \(Bounds.description) characters." }
            description = text
        case .contactEmail:
            if !text.isEmpty, let problem = AccountValidation.email(text) { return problem }
            contactEmail = text.isEmpty ? "" : User.normalizedEmail(text)
        case .defaultTimeZone:
            guard MeetingClock.knownZone(text) != nil else {
                return "“\(text)” is not a time zone this server knows: use a name such as America/Toronto or Europe/Paris."
            }
            defaultTimeZone = text
        case .registration:
            guard let policy = Registration(rawValue: text) else { return "Choose open, by invitation only, or closed." }
            registration = policy
        case .emailDomains:
            let (domains, problem) = Self.domains(text)
            if let problem { return problem }
            emailDomains = domains
        case .maxUploadBytes:
            guard let bytes = Int(text), bytes > 0 else { return "The upload limit must be a whole number of bytes." }
            maxUploadBytes = bytes
        case .holdFirstPosts:
            guard let n = Int(text), (0...Community.maxHoldFirstPosts).contains(n) else {
                return "Posts held for approval must be a whole number from 0 to \(Community.maxHoldFirstPosts)."
            }
            newCommunity.holdFirstPosts = n
        case .flagHideThreshold:
            let range = Community.flagHideThresholdRange
            guard let n = Int(text), range.contains(n) else {
                return "The number of flags that hides a post must be a whole number from \(range.lowerBound) to \(range.upperBound)."
            }
            newCommunity.flagHideThreshold = n
        case .unansweredAfterDays:
            let range = Community.unansweredAfterDaysRange
            guard let n = Int(text), range.contains(n) else {
                return "The days before a question counts as unanswered must be a whole number from 1 to \(range.upperBound)."
            }
            newCommunity.unansweredAfterDays = n
        case .resourceReviewMonths:
            let range = ResourceSettings.reviewMonthsRange
            guard let n = Int(text), range.contains(n) else {
                return "The months before a resource is due for review must be a whole number from 1 to \(range.upperBound)."
            }
            newCommunity.resourceReviewMonths = n
        case .requireResourceApproval:
            guard text == "true" || text == "false" else { return "Choose yes or no." }
            newCommunity.requireResourceApproval = text == "true"
        }
        return nil
    }

    /// Domains typed one per line or separated by commas or spaces (an `@` before each is allowed), lower case,
    /// without repeats; or the first problem.
    static func domains(_ text: String) -> ([String], String?) {
        var domains: [String] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }) {
            var domain = part.lowercased()
            if domain.hasPrefix("@") { domain.removeFirst() }
            let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
            let valid = labels.count >= 2 && domain.count <= 253 && labels.allSatisfy { label in
                !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
            guard valid else { return ([], "“\(part)” is not a domain: write domains such as uhn.ca or example.org, one per line.") }
            if !domains.contains(domain) { domains.append(domain) }
        }
        if domains.count > Bounds.domains { return ([], "List at most \(Bounds.domains) domains.") }
        return (domains, nil)
    }

    /// The fields whose stored text differs between `self` and `other`, in the form's order.
    public func changes(to other: SiteSettings) -> [Field] {
        Field.allCases.filter { text($0) != other.text($0) }
    }
}
