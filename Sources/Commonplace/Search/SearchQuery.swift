import Foundation

/// A search as the user typed it, parsed by our own code (never passed to FTS5 as typed).
public struct SearchQuery: Sendable, Equatable {
    /// One searchable unit: a word (maybe a prefix) or an exact phrase, already split into index tokens.
    public enum Atom: Sendable, Equatable {
        case word(String, prefix: Bool)
        case phrase([String])

        var tokens: [String] {
            switch self {
            case .word(let word, _): [word]
            case .phrase(let words): words
            }
        }

        var isPrefix: Bool {
            if case .word(_, prefix: true) = self { return true }
            return false
        }

        var display: String {
            switch self {
            case .word(let word, let prefix): prefix ? word + "*" : word
            case .phrase(let words): "“" + words.joined(separator: " ") + "”"
            }
        }
    }

    /// Every clause must match; a clause matches when any of its alternatives (joined by OR) does.
    public var clauses: [[Atom]] = []
    public var excluded: [Atom] = []
    public var community: String?
    public var board: String?
    public var author: String?
    public var kind: Discussion.Kind?
    /// `kind:meeting`: only events and meeting records (no discussions, no resources).
    public var meetingsOnly = false
    public var answered: Bool?
    public var after: Date?
    public var before: Date?
    /// How the query was understood where that differs from what was typed (shown to the user).
    public var notes: [String] = []
    /// What the words also find (synonyms, words written as one or two), shown in "how your search was read".
    public var readings: [String] = []

    public var hasTerms: Bool { !clauses.isEmpty }

    /// Any filter at all: a search of filters alone lists what they allow.
    public var hasFilters: Bool {
        community != nil || board != nil || author != nil || kind != nil || meetingsOnly || answered != nil || after != nil || before != nil
    }

    /// Limits on what one query may ask of the index.
    public enum Limits {
        /// Clauses beyond this are dropped (a note says so).
        public static let maxClauses = 32
        /// Longer tokens are cut to this many characters.
        public static let maxTokenLength = 64
        /// The raw query is read up to this many characters.
        public static let maxQueryLength = 2_000
    }
}

extension SearchQuery {
    static let filterNames: Set<String> = ["in", "board", "author", "kind", "is", "after", "before"]

    /// What `kind:` takes for events and meeting records.
    static let meetingKinds: Set<String> = ["meeting", "meetings", "event", "events"]

    /// Parses the user's syntax: words, "phrases", -exclusions, OR, prefix*, and filters.
    public static func parse(_ raw: String) -> SearchQuery {
        var query = SearchQuery()
        var text = raw
        if text.count > Limits.maxQueryLength {
            text = String(text.prefix(Limits.maxQueryLength))
            query.notes.append("The search was cut to its first \(Limits.maxQueryLength) characters.")
        }
        let tokens = SearchLexer.tokens(text, notes: &query.notes)
        var pendingOr = false
        var index = 0
        func addClause(_ atom: Atom) {
            if pendingOr, !query.clauses.isEmpty {
                query.clauses[query.clauses.count - 1].append(atom)
            } else {
                query.clauses.append([atom])
            }
            pendingOr = false
        }
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token {
            case .phrase(let text, let negated):
                let words = SearchLexer.words(text)
                guard !words.isEmpty else { continue }
                let atom: Atom = words.count == 1 ? .word(words[0], prefix: false) : .phrase(words)
                if negated { query.excluded.append(atom) } else { addClause(atom) }
            case .bare(let word):
                if word == "OR" {
                    if query.clauses.isEmpty || index >= tokens.count {
                        query.notes.append("OR needs a word on each side; it was ignored.")
                    } else { pendingOr = true }
                    continue
                }
                if word == "AND" {
                    query.notes.append("AND is not needed: every word must match already.")
                    continue
                }
                if word == "NOT" {
                    if index < tokens.count, case .bare(let next) = tokens[index] {
                        index += 1
                        query.notes.append("NOT \(next) was read as -\(next): results must not contain it.")
                        query.excluded.append(contentsOf: SearchLexer.atoms(next, notes: &query.notes))
                    } else {
                        query.notes.append("NOT needs a word after it; it was ignored.")
                    }
                    continue
                }
                if word.hasPrefix("-"), word.count > 1 {
                    query.excluded.append(contentsOf: SearchLexer.atoms(String(word.dropFirst()), notes: &query.notes))
                    continue
                }
                if let colon = word.firstIndex(of: ":"), colon != word.startIndex {
                    let name = word[..<colon].lowercased()
                    let value = String(word[word.index(after: colon)...])
                    if filterNames.contains(name) {
                        query.applyFilter(name, value)
                        continue
                    }
                    query.notes.append("There is no filter “\(name):”; it was searched as words.")
                }
                for atom in SearchLexer.atoms(word, notes: &query.notes) {
                    addClause(atom)
                    // "multi-factor" also finds "multifactor": a hyphenated word is its phrase or its parts run together.
                    if case .phrase(let parts) = atom, parts.count <= 3, parts.allSatisfy({ $0.allSatisfy(\.isLetter) }) {
                        query.clauses[query.clauses.count - 1].append(.word(parts.joined(), prefix: false))
                    }
                }
            }
        }
        if query.clauses.count > Limits.maxClauses {
            query.clauses = Array(query.clauses.prefix(Limits.maxClauses))
            query.notes.append("Only the first \(Limits.maxClauses) words were used.")
        }
        if query.clauses.isEmpty && !query.excluded.isEmpty {
            query.notes.append("Add at least one word to look for: exclusions alone cannot be searched.")
        }
        return query
    }

    /// The query typed in `typed` with the filters chosen in a form (`in`, `kind` … as query parameters) on top.
    public static func make(typed: String, filters: [String: String]) -> SearchQuery {
        var query = parse(typed)
        for name in ["in", "kind", "is", "after", "before", "board", "author"] {
            if let value = filters[name], !value.isEmpty { query.applyFilter(name, value) }
        }
        return query
    }

    mutating func applyFilter(_ name: String, _ rawValue: String) {
        let value = rawValue.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        guard !value.isEmpty else {
            notes.append("The filter “\(name):” needs a value; it was ignored.")
            return
        }
        switch name {
        case "in": community = value.lowercased()
        case "board": board = value.lowercased()
        case "author": author = value.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "@"))
        case "kind":
            let aliases = ["lesson-learned": "lesson", "lessons": "lesson", "questions": "question"]
            if Self.meetingKinds.contains(value.lowercased()) { meetingsOnly = true; self.kind = nil }
            else if let kind = Discussion.Kind(rawValue: aliases[value.lowercased()] ?? value.lowercased()) { self.kind = kind; meetingsOnly = false }
            else { notes.append("kind: takes question, lesson, conversation, announcement or meeting; “\(value)” was ignored.") }
        case "is":
            switch value.lowercased() {
            case "answered": answered = true
            case "unanswered": answered = false
            default: notes.append("is: takes answered or unanswered; “\(value)” was ignored.")
            }
        case "after", "before":
            if let date = Self.date(value) {
                if name == "after" { after = date } else { before = date }
            } else {
                notes.append("\(name): needs a date like 2025-06-30; “\(value)” was ignored.")
            }
        default: break
        }
    }

    /// A YYYY-MM-DD date at midnight UTC, or nil.
    static func date(_ value: String) -> Date? {
        let parts = value.split(separator: "-")
        guard value.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d), (1900...9999).contains(y) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: y, month: m, day: d)
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == d else { return nil }
        return date
    }
}
