/// An email address with an optional display name, as `--mail-from` gives it (`Commonplace <forum@example.org>` or
/// `forum@example.org`). Only addresses that can go into a header and an SMTP command unchanged are accepted.
public struct MailAddress: Sendable, Equatable {
    public var name: String
    public var address: String

    /// The part after the last `@` (lower-cased): the domain of Message-IDs and thread references.
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]).lowercased() }

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            guard Self.isValid(address), name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }),
                  !name.contains("\""), !name.contains("\\")
            else { return nil }
            self.name = name
            self.address = address
        } else {
            guard Self.isValid(trimmed) else { return nil }
            name = ""
            address = trimmed
        }
    }

    /// One `@`, something on both sides (`localhost` is a domain too), and nothing that could end a header or an SMTP command
    /// (no control characters, spaces, angle brackets, commas, quotes, backslashes or parentheses).
    public static func isValid(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              address.utf8.count <= 254
        else { return false }
        return address.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value != 0x7F && !"<>(),;:\"\\[]".unicodeScalars.contains(scalar)
        }
    }
}
