import Foundation
import Testing
@testable import Commonplace

/// Every public `can…` rule of the Guardian is checked against every actor by some matrix row (`GuardianCase`).
///
/// Both sides are read from source: the rules from `Sources/Commonplace/Guardian/*.swift`, the rows from this test
/// target's `Case(rule: …) { $0.canX(…) }`. A rule is named by its base name and argument labels (`canRemove(_:from:)`);
/// overloads that share those (`canSee(_:in:)` for discussions, resources and collections) are told apart by the
/// hand-kept `overloadRows`, each naming a row that exercises that overload.
@Suite("Guardian: every rule in a matrix")
struct GuardianCoverageTests {
    /// For each overloaded rule, by the type of its first parameter: a matrix row that exercises that overload.
    static let overloadRows: [String: String] = [
        "canSee(_:in:) Discussion": "see a hidden discussion",
        "canSee(_:in:) Resource": "see a held resource",
        "canSee(_:in:) ResourceCollection": "see a members-only community's collection",
        "canEdit(_:in:) Post": "edit the author's post",
        "canEdit(_:in:) Resource": "edit the author's resource",
        "canHide(_:in:) Post": "hide a post",
        "canHide(_:in:) Discussion": "hide and restore a discussion",
        "canWatch(_:in:) Board": "watch a board",
        "canWatch(_:in:) Discussion": "watch a listed discussion",
        "canSee(_:in:) Meeting": "see an event of a members-only community",
        "canEdit(_:in:) Meeting": "edit an event",
    ]

    static let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()  // Tests/CommonplaceTests

    /// The public rules: `public func canX(…) -> Bool` and `public var canX: Bool`, as (name with labels, first parameter type).
    static func declaredRules() throws -> [(rule: String, firstType: String)] {
        let folder = ProjectPaths.root.appendingPathComponent("Sources/Commonplace/Guardian")
        var rules: [(String, String)] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /public func (can\w+)\(([^)]*)\) -> Bool/) {
                let parameters = match.2.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                let labels = parameters.map { parameter in
                    let names = parameter.split(separator: ":")[0].split(separator: " ")
                    return String(names[0])
                }
                let firstType = parameters.first.map { String($0.split(separator: ":").last!).trimmingCharacters(in: .whitespaces) } ?? ""
                rules.append(("\(match.1)(\(labels.map { "\($0):" }.joined()))", firstType.replacingOccurrences(of: "?", with: "")))
            }
            for match in text.matches(of: /public var (can\w+): Bool/) { rules.append((String(match.1), "")) }
        }
        return rules
    }

    /// Every row of every matrix in the test target: its title, and the rules (name with labels) its check calls.
    static func matrixRows() throws -> [(title: String, rules: Set<String>)] {
        var rows: [(String, Set<String>)] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: sourceRoot.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sourceRoot.appendingPathComponent(file), encoding: .utf8)
            for chunk in text.split(separator: "Case(rule: \"").dropFirst() {
                // A row ends where the next begins, or where its array does (a line holding only `]`).
                let row = chunk.firstRange(of: /\n\s*\]/).map { chunk[..<$0.lowerBound] } ?? chunk
                let title = String(row.prefix { $0 != "\"" })
                var rules: Set<String> = []
                for call in row.matches(of: /\$0\.(can\w+)(\((?:[^()]|\([^()]*\))*\))?/) {
                    guard let arguments = call.2 else { rules.insert(String(call.1)); continue }
                    let labels = Self.topLevelArguments(String(arguments.dropFirst().dropLast())).map { argument in
                        argument.firstMatch(of: /^\s*(\w+):/).map { String($0.1) } ?? "_"
                    }
                    rules.insert("\(call.1)(\(labels.map { "\($0):" }.joined()))")
                }
                rows.append((title, rules))
            }
        }
        return rows
    }

    /// Splits `a, f(b, c), d` at its top-level commas.
    static func topLevelArguments(_ text: String) -> [String] {
        var parts: [String] = [], current = "", depth = 0
        for character in text {
            if character == "(" || character == "[" { depth += 1 }
            if character == ")" || character == "]" { depth -= 1 }
            if character == ",", depth == 0 { parts.append(current); current = ""; continue }
            current.append(character)
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { parts.append(current) }
        return parts
    }

    @Test("the source scans find the Guardian's rules and the matrices' rows")
    func scansWork() throws {
        let declared = try Self.declaredRules()
        #expect(declared.contains { $0.rule == "canRemove(_:from:)" && $0.firstType == "Membership" })
        #expect(declared.contains { $0.rule == "canReadSiteLog" })
        #expect(declared.count > 40, "\(declared.count) rules found")
        let rows = try Self.matrixRows()
        #expect(rows.contains { $0.title == "flag the author's post" && $0.rules == ["canFlag(authorID:in:)"] })
        #expect(rows.contains { $0.title == "see one's own flags" && $0.rules == ["canSeeOwnFlags"] })
        #expect(Self.topLevelArguments("a, f(b, c), [d, e]").count == 3)
    }

    @Test("every public can… rule of the Guardian is in some matrix row")
    func everyRuleInAMatrix() throws {
        let declared = try Self.declaredRules()
        let rows = try Self.matrixRows()
        let covered = rows.reduce(into: Set<String>()) { $0.formUnion($1.rules) }
        let missing = Set(declared.map(\.rule)).subtracting(covered).sorted()
        #expect(missing == [], "rules no matrix row checks")
        // Overloads that share a name and labels: each named row must exist and call that rule.
        let overloaded = Dictionary(grouping: declared, by: \.rule).filter { $0.value.count > 1 }
        let overloads = Set(overloaded.values.flatMap { $0.map { "\($0.rule) \($0.firstType)" } })
        #expect(overloads == Set(Self.overloadRows.keys), "keep overloadRows in step with the Guardian's overloads")
        for (overload, title) in Self.overloadRows {
            let rule = String(overload.split(separator: " ")[0])
            #expect(rows.contains { $0.title == title && $0.rules.contains(rule) }, "\(overload): no row “\(title)” calling \(rule)")
        }
    }
}
