/// Terms that mean the same thing to a searcher: an acronym and what it stands for, two names for one thing. A search
/// for any of a group's terms also finds the others ("MFA" finds "multi-factor authentication" and the reverse).
///
/// Written one group a line, terms separated by `=`: `MFA = multi-factor authentication = 2FA`. A term is matched by
/// its letters and digits alone, so "multi-factor", "multifactor" and "multi factor" are the same term.
public struct SearchSynonyms: Sendable, Equatable {
    /// Each group's terms, as index tokens (`["multi", "factor", "authentication"]`) and as written.
    struct Term: Sendable, Equatable {
        let tokens: [String]
        let written: String
        /// The tokens run together: how a typed term is looked up.
        var key: String { tokens.joined() }
    }

    private(set) var groups: [[Term]] = []
    /// Group indexes by term key.
    private var index: [String: [Int]] = [:]
    /// The longest term, in tokens: how far ahead a typed term is looked for.
    private(set) var longest = 1

    public static let empty = SearchSynonyms()

    /// The site-wide list: the acronyms and terms of the communities of practice the demo data draws from.
    public static let siteWide = SearchSynonyms(lines: siteWideLines)

    static let siteWideLines = [
        "MFA = multi-factor authentication = multi-factor = two-factor authentication = two-factor = 2FA",
        "PHI = personal health information",
        "PHIPA = Personal Health Information Protection Act",
        "EMR = electronic medical record = EHR = electronic health record",
        "PIA = privacy impact assessment",
        "FOI = freedom of information",
        "GL = general ledger",
        "SDOH = social determinants of health = sociodemographic",
        "OHT = Ontario Health Team",
        "IAW = international agricultural workers = seasonal agricultural workers = farm workers",
        "SDM = substitute decision-maker",
        "DMC = data management coordinator",
        "TLP = traffic light protocol",
        "CHC = community health centre = community health center",
        "FHT = family health team",
        "AHAC = Aboriginal Health Access Centre",
        "NP = nurse practitioner",
        "IPC = information and privacy commissioner",
        "OHIP = Ontario Health Insurance Plan = health card",
        "AI = artificial intelligence",
        "HST = harmonized sales tax",
        "HPV = human papillomavirus",
        "M-SAA = multi-sector service accountability agreement",
        "ARR = annual reconciliation report",
        "OHRS = Ontario Healthcare Reporting Standards",
        "ED = executive director",
        "CPP = cumulative patient profile",
        "RUG = regional user group",
        "SOC report = service organization controls report",
        "minutes = meeting notes",
        "lab results = test results",
    ]

    init() {}

    /// Reads lines of `term = term …`; lines with fewer than two terms are skipped (`validate` says why).
    public init(lines: [String]) {
        for line in lines {
            let terms = Self.terms(of: line)
            guard terms.count >= 2 else { continue }
            let group = groups.count
            groups.append(terms)
            for term in terms {
                index[term.key, default: []].append(group)
                longest = max(longest, term.tokens.count)
            }
        }
    }

    /// These groups followed by `other`'s (a community's list on top of the site's).
    public func adding(_ other: SearchSynonyms) -> SearchSynonyms {
        var merged = self
        for terms in other.groups {
            let group = merged.groups.count
            merged.groups.append(terms)
            for term in terms {
                merged.index[term.key, default: []].append(group)
                merged.longest = max(merged.longest, term.tokens.count)
            }
        }
        return merged
    }

    static func terms(of line: String) -> [Term] {
        line.split(separator: "=").compactMap { part in
            let written = part.trimmingCharacters(in: .whitespaces)
            let tokens = SearchLexer.words(written)
            return tokens.isEmpty ? nil : Term(tokens: tokens, written: written)
        }
    }

    /// The other terms of every group holding a term typed as `tokens` (in no particular group order, without repeats):
    /// "multifactor" is the term "multi-factor" written as one word, so that term is among its alternatives.
    func alternatives(for tokens: [String]) -> [Term] {
        var seen: Set<[String]> = [tokens]
        var result: [Term] = []
        for group in index[tokens.joined()] ?? [] {
            for term in groups[group] where seen.insert(term.tokens).inserted { result.append(term) }
        }
        return result
    }

    /// Problems with a list as a moderator typed it, one message per bad line (empty when it can be saved).
    public static func validate(_ text: String) -> [String] {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var problems: [String] = []
        if lines.count > Limits.maxGroups { problems.append("A community may have at most \(Limits.maxGroups) lines of synonyms.") }
        for (number, line) in lines.enumerated() {
            let terms = terms(of: line)
            if line.count > Limits.maxLineLength {
                problems.append("Line \(number + 1) is longer than \(Limits.maxLineLength) characters.")
            } else if terms.count < 2 {
                problems.append("Line \(number + 1) needs at least two terms separated by “=” (for example: MFA = multi-factor authentication).")
            } else if let long = terms.first(where: { $0.tokens.count > Limits.maxTermWords }) {
                problems.append("Line \(number + 1): “\(long.written)” has more than \(Limits.maxTermWords) words.")
            }
        }
        return problems
    }

    /// The lines of a saved list, blank lines dropped.
    public static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public enum Limits {
        public static let maxGroups = 100
        public static let maxLineLength = 300
        public static let maxTermWords = 6
    }
}
