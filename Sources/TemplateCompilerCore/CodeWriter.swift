/// Swift source being written: indented lines, fresh variable names, and comments naming the template line
/// each statement came from.
struct CodeWriter {
    private(set) var lines: [String] = []
    private var depth = 1
    private var counter = 0
    private var location: (file: String, line: Int)?
    /// While > 0, nothing is written (a body that can never render is still checked, but not emitted).
    private var muted = 0

    mutating func line(_ text: String) {
        guard muted == 0 else { return }
        lines.append(String(repeating: "    ", count: depth) + text)
    }

    /// Opens a block; returns the index of its line (nil while muted), for `replaceIfUnused`.
    @discardableResult
    mutating func open(_ text: String) -> Int? {
        line(text + " {")
        guard muted == 0 else { return nil }
        depth += 1
        return lines.count - 1
    }

    /// Rewrites the line at `index` (and keeps its indentation) when `name` is not used after it,
    /// so the generated code compiles without "never used" warnings.
    mutating func replaceIfUnused(_ index: Int?, name: String, with text: String) {
        guard let index, !lines[(index + 1)...].contains(where: { Self.uses($0, name) }) else { return }
        let indentation = lines[index].prefix(while: { $0 == " " })
        lines[index] = indentation + text + " {"
    }

    /// Writes `let name = value` and drops it again if nothing after it uses `name`.
    mutating func declare(_ name: String, _ value: String) -> Int? {
        line("let \(name) = \(value)")
        return muted == 0 ? lines.count - 1 : nil
    }

    mutating func removeIfUnused(_ index: Int?, name: String) {
        guard let index, !lines[(index + 1)...].contains(where: { Self.uses($0, name) }) else { return }
        lines.remove(at: index)
    }

    /// Whether `line` mentions the identifier `name` (not merely a longer name starting with it).
    static func uses(_ line: String, _ name: String) -> Bool {
        var searchRange = line.startIndex..<line.endIndex
        while let found = line.range(of: name, range: searchRange) {
            let next = found.upperBound < line.endIndex ? line[found.upperBound] : " "
            if !(next.isLetter || next.isNumber || next == "_") { return true }
            searchRange = found.upperBound..<line.endIndex
        }
        return false
    }

    mutating func close(_ suffix: String = "") {
        if muted == 0 { depth -= 1 }
        line("}" + suffix)
    }

    /// `} else {`
    mutating func orElse() {
        if muted == 0 { depth -= 1 }
        line("} else {")
        if muted == 0 { depth += 1 }
    }

    mutating func fresh(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)\(counter)"
    }

    /// Notes `file:line` above what follows, so an error Swift reports in generated code leads to the template.
    /// (Not `#sourceLocation`: templates share file names across folders, which `#fileID` cannot tell apart.)
    mutating func at(_ file: String, _ line: Int) {
        guard muted == 0, location?.file != file || location?.line != line else { return }
        location = (file, line)
        self.line("// \(file):\(line)")
    }

    /// Stops writing (until `unmute`): for a body that can never render but whose names are still checked.
    mutating func mute() { muted += 1 }

    mutating func unmute() { muted -= 1 }

    /// A Swift string literal for `text`.
    static func literal(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
