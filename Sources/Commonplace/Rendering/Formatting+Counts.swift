/// Counts and lists as sentences say them.
extension Formatting {
    /// "1 discussion", "2 discussions", "0 discussions" (`plural` when the noun does not just take an "s").
    static func count(_ value: Int, _ singular: String, plural: String? = nil) -> String {
        "\(value) " + (value == 1 ? singular : plural ?? singular + "s")
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// "“a”", "“a” and “b”", "“a”, “b” and “c”".
    static func quotedList(_ words: [String]) -> String {
        list(words.map { "“\($0)”" })
    }
}
