/// One parsed Mustache tag or run of text, with the line it starts on (for errors and notes in generated code).
///
/// The tokenisation follows swift-mustache 2.1.1 exactly (text split at line ends, standalone tags
/// removing their line, the indentation of standalone partials), so a compiled template writes the same
/// bytes the reference renderer does.
public indirect enum Node: Equatable, Sendable {
    case text(String)
    case variable(Tag, escaped: Bool)
    case section(Tag, inverted: Bool, body: [Node])
    /// `{{>name}}`; `indentation` is set for a standalone partial (each of its lines gets it).
    case partial(name: String, indentation: String?, line: Int)
    /// `{{<parent}}{{$block}}…{{/block}}{{/parent}}`: the parent rendered with these blocks.
    case inheritance(parent: String, indentation: String, blocks: [String: [Node]], line: Int)
    /// `{{$name}}default{{/name}}` in a parent: the child's block, or the default.
    case block(name: String, defaultBody: [Node], indentation: String, line: Int)
    /// A comment naming the page type: `{{! page: DiscussionPage }}`.
    case pageType(String, line: Int)
}

/// A name as a tag uses it: `page.posts`, `.`, with transforms such as `empty(…)`.
public struct Tag: Equatable, Sendable {
    public let name: String
    /// Outermost first: `{{#a(b(x))}}` has `["a", "b"]`.
    public let transforms: [String]
    public let file: String
    public let line: Int
}

/// A template that does not parse, with where.
public struct TemplateError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: error: message`, the form build tools and editors understand.
    public var description: String { "\(file):\(line): error: \(message)" }
}

/// Parses Mustache text into nodes.
public struct MustacheParser {
    let chars: [Character]
    let file: String
    var position = 0
    var line = 1

    /// What every template of the old runtime renderer began with; kept so the first line's standalone tags behave the same.
    static let contentTypePragma = "{{% CONTENT_TYPE: HTML_SCALAR}}"

    public static func parse(_ text: String, file: String) throws -> [Node] {
        var parser = MustacheParser(chars: Array(contentTypePragma + text), file: file)
        return try parser.parse(State())
    }

    struct State {
        var sectionName: String?
        var sectionTransforms: [String] = []
        var newLine = true
        var isPartialDefinition = false
        var isPartialDefinitionTopLevel = false
        var partialDefinitionIndent: String?

        func withSection(_ name: String, newLine: Bool, transforms: [String] = []) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = transforms
            state.isPartialDefinitionTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func withInheritance(_ name: String) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = []
            state.newLine = true
            state.isPartialDefinition = true
            state.isPartialDefinitionTopLevel = true
            return state
        }
    }

    // MARK: - Characters

    var atEnd: Bool { position >= chars.count }
    var current: Character { atEnd ? "\0" : chars[position] }

    mutating func advance() {
        if chars[position].isNewline { line += 1 }
        position += 1
    }

    @discardableResult mutating func read(while set: Set<Character>) -> String {
        var text = ""
        while !atEnd, set.contains(chars[position]) { text.append(chars[position]); advance() }
        return text
    }

    mutating func skipWhitespace() {
        while !atEnd, chars[position].isWhitespace { advance() }
    }

    /// Reads `string` if it comes next; a template that ends inside it is an error, as in swift-mustache.
    mutating func read(string: String) throws -> Bool {
        let wanted = Array(string)
        guard chars.count - position >= wanted.count else { throw error("the template ends inside a tag") }
        guard Array(chars[position..<position + wanted.count]) == wanted else { return false }
        for _ in wanted { advance() }
        return true
    }

    func error(_ message: String, line: Int? = nil) -> TemplateError {
        TemplateError(file: file, line: line ?? self.line, message: message)
    }

    // MARK: - Parsing

    mutating func parse(_ initial: State) throws -> [Node] {
        var nodes: [Node] = []
        var state = initial
        var whiteSpaceBefore = ""
        while !atEnd {
            if state.newLine {
                let whiteSpace = read(while: [" ", "\t"])
                if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
                    if let indent = state.partialDefinitionIndent {
                        whiteSpaceBefore = String(whiteSpace.dropFirst(indent.count))
                    } else {
                        state.partialDefinitionIndent = whiteSpace
                    }
                } else {
                    whiteSpaceBefore = whiteSpace
                }
            }
            let text = try readUntilTagOrNewline()
            if !atEnd, current.isNewline {
                nodes.append(.text(whiteSpaceBefore + text + String(current)))
                state.newLine = true
                advance()
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(whiteSpaceBefore + text))
                whiteSpaceBefore = ""
                state.newLine = false
            }
            if atEnd { break }
            let tagLine = line
            var setNewLine = false
            switch current {
            case "#", "^":
                let inverted = current == "^"
                advance()
                let (name, transforms) = try parseName()
                if isStandalone(state) {
                    setNewLine = true
                } else if !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(whiteSpaceBefore))
                    whiteSpaceBefore = ""
                }
                let body = try parse(state.withSection(name, newLine: setNewLine, transforms: transforms))
                nodes.append(.section(Tag(name: name, transforms: transforms, file: file, line: tagLine), inverted: inverted, body: body))

            case "/":
                advance()
                let (name, transforms) = try parseName()
                guard name == state.sectionName, transforms == state.sectionTransforms else {
                    throw error("{{/\(name)}} closes nothing open here" + (state.sectionName.map { " (expected {{/\($0)}})" } ?? ""), line: tagLine)
                }
                if isStandalone(state) {
                    setNewLine = true
                } else if !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(whiteSpaceBefore))
                    whiteSpaceBefore = ""
                }
                return nodes

            case "!":
                advance()
                let comment = try readComment()
                let words = comment.split(whereSeparator: \.isWhitespace)
                if words.count == 2, words[0] == "page:" {
                    nodes.append(.pageType(String(words[1]), line: tagLine))
                }
                setNewLine = isStandalone(state)

            case "{", "&":
                if !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(whiteSpaceBefore))
                    whiteSpaceBefore = ""
                }
                let triple = current == "{"
                advance()
                let (name, transforms) = try parseName()
                if triple {
                    guard current == "}" else { throw error("{{{\(name)}} needs a third closing brace", line: tagLine) }
                    advance()
                }
                nodes.append(.variable(Tag(name: name, transforms: transforms, file: file, line: tagLine), escaped: false))

            case ">":
                advance()
                skipWhitespace()
                guard current != "*" else { throw error("dynamic partials are not supported", line: tagLine) }
                let name = try parsePartialName()
                if !whiteSpaceBefore.isEmpty { nodes.append(.text(whiteSpaceBefore)) }
                let standalone = isStandalone(state)
                if standalone { setNewLine = true }
                nodes.append(.partial(name: name, indentation: standalone ? whiteSpaceBefore : nil, line: tagLine))
                whiteSpaceBefore = ""

            case "<":
                advance()
                skipWhitespace()
                let name = try parsePartialName()
                guard !name.hasPrefix("*") else { throw error("dynamic parents are not supported", line: tagLine) }
                if !whiteSpaceBefore.isEmpty { nodes.append(.text(whiteSpaceBefore)) }
                if isStandalone(state) { setNewLine = true }
                let body = try parse(state.withInheritance(name))
                var blocks: [String: [Node]] = [:]
                var pageType: Node?
                for node in body {
                    switch node {
                    case .block(let blockName, let blockBody, _, _): blocks[blockName] = blockBody
                    case .pageType: pageType = node
                    case .text: break
                    default: throw error("only {{$blocks}} may stand inside {{<\(name)}}", line: tagLine)
                    }
                }
                if let pageType { nodes.append(pageType) }
                nodes.append(.inheritance(parent: name, indentation: whiteSpaceBefore, blocks: blocks, line: tagLine))
                whiteSpaceBefore = ""

            case "$":
                advance()
                let (name, transforms) = try parseName()
                guard transforms.isEmpty else { throw error("a block cannot have a transform", line: tagLine) }
                if state.isPartialDefinitionTopLevel {
                    if isStandalone(state) { setNewLine = true }
                    let body = try parse(state.withSection(name, newLine: setNewLine))
                    // A block definition inside {{<parent}}: collected by the caller.
                    nodes.append(.block(name: name, defaultBody: body, indentation: "", line: tagLine))
                } else {
                    if !whiteSpaceBefore.isEmpty { nodes.append(.text(whiteSpaceBefore)) }
                    if isStandalone(state) { setNewLine = true }
                    let body = try parse(state.withSection(name, newLine: setNewLine))
                    nodes.append(.block(name: name, defaultBody: body, indentation: whiteSpaceBefore, line: tagLine))
                    whiteSpaceBefore = ""
                }

            case "=":
                throw error("changing delimiters is not supported", line: tagLine)

            case "%":
                advance()
                try readPragma()
                setNewLine = isStandalone(state)

            default:
                if !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(whiteSpaceBefore))
                    whiteSpaceBefore = ""
                }
                let (name, transforms) = try parseName()
                nodes.append(.variable(Tag(name: name, transforms: transforms, file: file, line: tagLine), escaped: true))
            }
            state.newLine = setNewLine
        }
        if let open = state.sectionName {
            throw error("{{#\(open)}} is never closed")
        }
        return nodes
    }

    /// Text up to a line end (not consumed) or up to and including the next `{{`.
    mutating func readUntilTagOrNewline() throws -> String {
        var text = ""
        while !atEnd {
            let c = chars[position]
            if c == "\n" || c == "\r\n" { break }
            if c == "{" {
                if try read(string: "{{") { break }
                text.append("{")
                advance()
                continue
            }
            text.append(c)
            advance()
        }
        return text
    }

    static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    static let nameCharactersWithBrackets = nameCharacters.union(["(", ")"])
    static let partialNameCharacters = nameCharactersWithBrackets.union(["/"])

    /// A tag's name up to `}}`, split into the name and its transforms (`empty(page.posts)`).
    mutating func parseName() throws -> (String, [String]) {
        let tagLine = line
        skipWhitespace()
        let text = read(while: Self.nameCharactersWithBrackets)
        skipWhitespace()
        guard try read(string: "}}") else { throw error("a tag is not closed by }}", line: tagLine) }
        guard text.contains("(") else { return (text, []) }
        // a(b(name)) → name with transforms [a, b]
        var transforms: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "(") {
            transforms.append(String(rest[..<open]))
            rest = rest[rest.index(after: open)...]
        }
        let closing = rest.drop(while: { $0 != ")" })
        let name = String(rest.prefix(while: { $0 != ")" }))
        guard closing.count == transforms.count, closing.allSatisfy({ $0 == ")" }), !transforms.contains(where: \.isEmpty) else {
            throw error("“\(text)” is not a name or a transform of one", line: tagLine)
        }
        return (name, transforms)
    }

    mutating func parsePartialName() throws -> String {
        let tagLine = line
        skipWhitespace()
        let text = read(while: Self.partialNameCharacters)
        skipWhitespace()
        guard try read(string: "}}") else { throw error("a tag is not closed by }}", line: tagLine) }
        return text
    }

    mutating func readComment() throws -> String {
        var text = ""
        while !atEnd {
            if chars[position] == "}", position + 1 < chars.count, chars[position + 1] == "}" {
                advance(); advance()
                return text
            }
            text.append(chars[position])
            advance()
        }
        throw error("a comment is not closed by }}")
    }

    /// `{{% CONTENT_TYPE: … }}`: escaping is always per Unicode scalar here, so the pragma changes nothing.
    mutating func readPragma() throws {
        let tagLine = line
        skipWhitespace()
        let variable = read(while: Self.nameCharacters)
        skipWhitespace()
        guard current == ":" else { throw error("a pragma reads {{% NAME: value}}", line: tagLine) }
        advance()
        skipWhitespace()
        _ = read(while: Self.nameCharacters)
        skipWhitespace()
        guard try read(string: "}}") else { throw error("a tag is not closed by }}", line: tagLine) }
        guard variable == "CONTENT_TYPE" else { throw error("unknown pragma \(variable)", line: tagLine) }
    }

    /// A tag alone on its line (only spaces around it): the line, with its end, is removed.
    mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if atEnd { return true }
        var probe = position
        while probe < chars.count, chars[probe] == " " || chars[probe] == "\t" { probe += 1 }
        guard probe < chars.count, chars[probe].isNewline else { return false }
        while position <= probe { advance() }
        return true
    }
}
