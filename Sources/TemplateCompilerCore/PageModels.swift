/// The type of a page-model member, as far as templates care.
public indirect enum ModelType: Equatable, Sendable, CustomStringConvertible {
    case bool
    /// String, Int, Int64, Double: printed, and true in a section.
    case scalar(String)
    /// A type the compiler does not know (a `let x = Paths.y` without a written type): it may only be printed.
    case opaque(String)
    /// A struct declared in `Pages/`.
    case model(String)
    case optional(ModelType)
    case array(ModelType)

    public var description: String {
        switch self {
        case .bool: "Bool"
        case .scalar(let name), .opaque(let name), .model(let name): name
        case .optional(let wrapped): "\(wrapped)?"
        case .array(let element): "[\(element)]"
        }
    }

    static let scalarNames: Set<String> = ["String", "Int", "Int64", "Double", "Substring"]
}

/// A struct of `Pages/`: its stored properties, the only members swift-mustache could see (it used `Mirror`).
public struct PageModel: Sendable {
    public let name: String
    public var members: [String: ModelType]
    public let file: String
    public let line: Int
}

/// Reads the stored properties of every struct in Swift source files. Page models hold stored properties only
/// (see DESIGN.md), so a small scanner is enough: it skips comments, strings, functions, initialisers and
/// computed properties, and reads `let`/`var` declarations at a struct's own level.
public struct PageModelScanner {
    public private(set) var models: [String: PageModel] = [:]
    /// Declarations whose type the scanner could not tell, by struct.
    var untyped: [String: [String: (initializer: String, line: Int)]] = [:]

    public init() {}

    public mutating func scan(_ source: String, file: String) throws {
        let tokens = SwiftLexer.tokens(source)
        var index = 0
        try scanBody(tokens, &index, file: file, enclosing: nil, untilBrace: false)
    }

    /// Resolves `let x = Foo(…)` to a model type once every file has been read.
    public mutating func finish() {
        for (structName, entries) in untyped {
            for (member, entry) in entries {
                let callee = entry.initializer.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." })
                let rest = entry.initializer.dropFirst(callee.count)
                if models[String(callee)] != nil, rest.hasPrefix("(") {
                    models[structName]?.members[member] = .model(String(callee))
                }
            }
        }
        untyped = [:]
    }

    private mutating func scanBody(_ tokens: [SwiftToken], _ index: inout Int, file: String, enclosing: String?, untilBrace: Bool) throws {
        var modifiers: Set<String> = []
        while index < tokens.count {
            let token = tokens[index]
            switch token.kind {
            case .punct("}") where untilBrace:
                index += 1
                return
            case .punct("{"):
                index += 1
                skipBlock(tokens, &index)
                modifiers = []
            case .word("struct"):
                index += 1
                guard index < tokens.count, case .word(let name) = tokens[index].kind else { continue }
                let line = tokens[index].line
                // Skip generics and conformances up to the body.
                while index < tokens.count, tokens[index].kind != .punct("{") { index += 1 }
                index += 1
                models[name] = PageModel(name: name, members: [:], file: file, line: line)
                try scanBody(tokens, &index, file: file, enclosing: name, untilBrace: true)
                modifiers = []
            case .word("enum"), .word("class"), .word("extension"), .word("protocol"), .word("actor"),
                 .word("func"), .word("init"), .word("subscript"), .word("deinit"):
                // Not stored properties: skip the declaration and its body.
                index += 1
                skipDeclaration(tokens, &index)
                modifiers = []
            case .word("static"), .word("lazy"), .word("private"), .word("fileprivate"), .word("public"), .word("internal"),
                 .word("nonisolated"), .word("weak"), .word("unowned"), .word("final"), .word("override"):
                if case .word(let word) = token.kind { modifiers.insert(word) }
                index += 1
            case .word("let"), .word("var"):
                index += 1
                let isStatic = modifiers.contains("static")
                modifiers = []
                guard let structName = enclosing else { skipStatement(tokens, &index); continue }
                try readProperty(tokens, &index, structName: structName, isStatic: isStatic, file: file)
            default:
                index += 1
            }
        }
    }

    /// `name: Type = value`, `name = value` or `name: Type { get }` after `let`/`var`.
    private mutating func readProperty(_ tokens: [SwiftToken], _ index: inout Int, structName: String, isStatic: Bool, file: String) throws {
        guard index < tokens.count, case .word(let name) = tokens[index].kind else { return }
        let line = tokens[index].line
        index += 1
        var type: ModelType?
        if index < tokens.count, tokens[index].kind == .punct(":") {
            index += 1
            let text = typeText(tokens, &index)
            type = Self.parseType(text, known: { _ in true })
        }
        var initializer = ""
        if index < tokens.count, tokens[index].kind == .punct("=") {
            index += 1
            initializer = expressionText(tokens, &index)
        }
        // A computed property (`var x: T { … }`) is not stored: Mirror never saw it, nor do templates.
        let computed = index < tokens.count && tokens[index].kind == .punct("{") && initializer.isEmpty
        if computed {
            index += 1
            skipBlock(tokens, &index)
            return
        }
        guard !isStatic else { return }
        if let type {
            models[structName]?.members[name] = type
        } else {
            models[structName]?.members[name] = Self.literalType(initializer)
            untyped[structName, default: [:]][name] = (initializer, line)
        }
    }

    /// The type of `= literal`, or opaque.
    static func literalType(_ initializer: String) -> ModelType {
        if initializer.hasPrefix("\"") { return .scalar("String") }
        if initializer == "true" || initializer == "false" { return .bool }
        if let first = initializer.first, first.isNumber || first == "-" {
            return initializer.contains(".") ? .scalar("Double") : .scalar("Int")
        }
        return .opaque(initializer)
    }

    /// `String`, `[PostEntry]`, `Int?`, `Optional<T>`, `Array<T>`.
    static func parseType(_ text: String, known: (String) -> Bool) -> ModelType {
        var text = Substring(text.filter { !$0.isWhitespace })
        if text.hasSuffix("?") || text.hasSuffix("!") {
            text.removeLast()
            return .optional(parseType(String(text), known: known)).flattened
        }
        if text.hasPrefix("["), text.hasSuffix("]"), !text.contains(":") {
            return .array(parseType(String(text.dropFirst().dropLast()), known: known))
        }
        if text.hasPrefix("Optional<"), text.hasSuffix(">") {
            return .optional(parseType(String(text.dropFirst(9).dropLast()), known: known)).flattened
        }
        if text.hasPrefix("Array<"), text.hasSuffix(">") {
            return .array(parseType(String(text.dropFirst(6).dropLast()), known: known))
        }
        if text == "Bool" { return .bool }
        if ModelType.scalarNames.contains(String(text)) { return .scalar(String(text)) }
        return .model(String(text))
    }

    // MARK: - Skipping

    private func skipBlock(_ tokens: [SwiftToken], _ index: inout Int) {
        var depth = 1
        while index < tokens.count, depth > 0 {
            switch tokens[index].kind {
            case .punct("{"): depth += 1
            case .punct("}"): depth -= 1
            default: break
            }
            index += 1
        }
    }

    /// Skips to the end of a declaration: its `{ … }` body if it has one before the line ends at depth 0.
    private func skipDeclaration(_ tokens: [SwiftToken], _ index: inout Int) {
        var depth = 0
        let startLine = index < tokens.count ? tokens[index].line : 0
        while index < tokens.count {
            switch tokens[index].kind {
            case .punct("("), .punct("["): depth += 1
            case .punct(")"), .punct("]"): depth -= 1
            case .punct("{") where depth == 0:
                index += 1
                skipBlock(tokens, &index)
                return
            case .punct("}") where depth == 0:
                return
            default:
                // A body-less declaration (`case a, b` in an enum is inside a block; `func f()` in a protocol) ends with its line.
                if depth == 0, tokens[index].line > startLine, index > 0, tokens[index - 1].line < tokens[index].line,
                   case .word = tokens[index].kind, !tokens[index].continuesExpression {
                    return
                }
            }
            index += 1
        }
    }

    private func skipStatement(_ tokens: [SwiftToken], _ index: inout Int) {
        _ = expressionText(tokens, &index)
    }

    /// The text of a type annotation, up to `=`, `{` or the end of its line at depth 0.
    private func typeText(_ tokens: [SwiftToken], _ index: inout Int) -> String {
        var text = ""
        var depth = 0
        let line = index < tokens.count ? tokens[index].line : 0
        while index < tokens.count {
            let token = tokens[index]
            if depth == 0 {
                if token.kind == .punct("=") || token.kind == .punct("{") || token.kind == .punct("}") { break }
                if token.line > line { break }
            }
            switch token.kind {
            case .punct("<"), .punct("["), .punct("("): depth += 1
            case .punct(">"), .punct("]"), .punct(")"): depth -= 1
            default: break
            }
            text += token.text
            index += 1
        }
        return text
    }

    /// An initial value, up to the end of its line at depth 0 (a value spanning lines continues inside brackets).
    private func expressionText(_ tokens: [SwiftToken], _ index: inout Int) -> String {
        var text = ""
        var depth = 0
        let line = index < tokens.count ? tokens[index].line : 0
        var lastLine = line
        while index < tokens.count {
            let token = tokens[index]
            if depth == 0 {
                if token.kind == .punct("}") { break }
                if token.line > lastLine, !token.continuesExpression { break }
            }
            switch token.kind {
            case .punct("("), .punct("["), .punct("{"): depth += 1
            case .punct(")"), .punct("]"), .punct("}"): depth -= 1
            default: break
            }
            text += token.text
            lastLine = token.line
            index += 1
        }
        return text
    }
}

extension ModelType {
    /// `T??` is `T?`: optional chains flatten.
    var flattened: ModelType {
        if case .optional(.optional(let inner)) = self { return ModelType.optional(inner).flattened }
        return self
    }
}

/// A token of Swift source: a word, a punctuation mark or a literal (strings and comments are kept whole or dropped).
struct SwiftToken: Equatable {
    enum Kind: Equatable {
        case word(String)
        case punct(String)
        case literal(String)
    }
    let kind: Kind
    let line: Int

    var text: String {
        switch kind {
        case .word(let w), .punct(let w), .literal(let w): w
        }
    }

    /// A token that carries an expression on from the line before (`.member`, an operator).
    var continuesExpression: Bool {
        if case .punct(let p) = kind { return [".", "+", "-", "*", "/", "?", ":", "&&", "||", "??"].contains(p) }
        return false
    }
}

/// Splits Swift source into tokens, skipping comments and keeping string literals (with interpolations) whole.
enum SwiftLexer {
    static func tokens(_ source: String) -> [SwiftToken] {
        let chars = Array(source)
        var tokens: [SwiftToken] = []
        var i = 0
        var line = 1
        func peek(_ offset: Int) -> Character? { i + offset < chars.count ? chars[i + offset] : nil }
        while i < chars.count {
            let c = chars[i]
            if c == "\n" { line += 1; i += 1; continue }
            if c.isWhitespace { i += 1; continue }
            if c == "/", peek(1) == "/" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "/", peek(1) == "*" {
                var depth = 0
                repeat {
                    if chars[i] == "/", peek(1) == "*" { depth += 1; i += 2; continue }
                    if chars[i] == "*", peek(1) == "/" { depth -= 1; i += 2; continue }
                    if chars[i] == "\n" { line += 1 }
                    i += 1
                } while i < chars.count && depth > 0
                continue
            }
            if c == "\"" || (c == "#" && (peek(1) == "\"" || peek(1) == "#")) {
                let start = i
                let startLine = line
                skipString(chars, &i, &line)
                tokens.append(SwiftToken(kind: .literal(String(chars[start..<i])), line: startLine))
                continue
            }
            if c.isLetter || c == "_" || c == "@" || c == "`" {
                let start = i
                i += 1
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "`" { i += 1 }
                tokens.append(SwiftToken(kind: .word(String(chars[start..<i]).replacingBackticks), line: line))
                continue
            }
            if c.isNumber {
                let start = i
                while i < chars.count, chars[i].isNumber || chars[i] == "_" || chars[i] == "." || chars[i].isLetter { i += 1 }
                tokens.append(SwiftToken(kind: .literal(String(chars[start..<i])), line: line))
                continue
            }
            for op in ["&&", "||", "??", "->", "==", "!=", "..."] where String(chars[i..<min(chars.count, i + op.count)]) == op {
                tokens.append(SwiftToken(kind: .punct(op), line: line))
                i += op.count
                break
            }
            if i < chars.count, chars[i] == c {
                tokens.append(SwiftToken(kind: .punct(String(c)), line: line))
                i += 1
            }
        }
        return tokens
    }

    /// Skips a string literal starting at `i`: `"…"`, `"""…"""`, raw `#"…"#`, with `\( … )` interpolations.
    static func skipString(_ chars: [Character], _ i: inout Int, _ line: inout Int) {
        var hashes = 0
        while i < chars.count, chars[i] == "#" { hashes += 1; i += 1 }
        let multiline = i + 2 < chars.count && chars[i] == "\"" && chars[i + 1] == "\"" && chars[i + 2] == "\""
        i += multiline ? 3 : 1
        let closing = String(repeating: "\"", count: multiline ? 3 : 1) + String(repeating: "#", count: hashes)
        let escape = "\\" + String(repeating: "#", count: hashes)
        while i < chars.count {
            if String(chars[i..<min(chars.count, i + closing.count)]) == closing {
                i += closing.count
                return
            }
            if String(chars[i..<min(chars.count, i + escape.count)]) == escape {
                i += escape.count
                if i < chars.count, chars[i] == "(" {
                    // An interpolation: skip to its matching parenthesis, strings inside included.
                    var depth = 0
                    while i < chars.count {
                        if chars[i] == "\"" { skipString(chars, &i, &line); continue }
                        if chars[i] == "(" { depth += 1 }
                        if chars[i] == ")" { depth -= 1; if depth == 0 { i += 1; break } }
                        if chars[i] == "\n" { line += 1 }
                        i += 1
                    }
                } else {
                    i += 1
                }
                continue
            }
            if chars[i] == "\n" { line += 1 }
            i += 1
        }
    }
}

private extension String {
    var replacingBackticks: String { filter { $0 != "`" } }
}
