/// Turns one page template (with its layout and partials inlined) into the body of a Swift render function.
///
/// Names are resolved at compile time the way swift-mustache resolved them at run time: the first part of
/// `a.b.c` is looked up in the context stack, innermost first, among stored properties; a member that is an
/// optional and nil lets the lookup go on outwards; `b.c` are then read on what was found. A name found
/// nowhere is an error with the template's file and line, not an empty string.
struct PageGenerator {
    let models: [String: PageModel]
    let templates: [String: Template]
    var code = CodeWriter()
    var errors: [TemplateError] = []
    var usedPartials: Set<String> = []

    /// A parsed template file.
    struct Template {
        let name: String
        let file: String
        let nodes: [Node]
    }

    /// One entry of the context stack: a value a section pushed (or the root, which holds `layout` and `page`).
    struct Frame {
        let type: ModelType
        let expr: String
        var isRoot = false
    }

    /// Where nodes are being written: the stack, the indentation of standalone partials, the blocks a child defined.
    struct Scope {
        var frames: [Frame]
        var indentation = ""
        var overrides: [String: [Node]] = [:]
        var includes: [String] = []
    }

    static let rootModel = "$root"

    init(models: [String: PageModel], templates: [String: Template]) {
        self.models = models
        self.templates = templates
    }

    /// The statements rendering `template` for a page of type `pageType`.
    mutating func generate(_ template: Template, pageType: String) -> [String] {
        var models = self.models
        models[Self.rootModel] = PageModel(name: Self.rootModel, members: ["layout": .model("Layout"), "page": .model(pageType)], file: "", line: 0)
        var generator = PageGenerator(models: models, templates: templates)
        generator.emit(template.nodes, Scope(frames: [Frame(type: .model(Self.rootModel), expr: "", isRoot: true)], includes: [template.name]))
        errors += generator.errors
        usedPartials.formUnion(generator.usedPartials)
        return generator.code.lines
    }

    // MARK: - Nodes

    /// Writes `nodes` as one render of a template body. Inside a standalone partial, each line gets its indentation
    /// as swift-mustache gave it: before a token that writes something, when this body's output so far ends a line.
    mutating func emit(_ nodes: [Node], _ scope: Scope) {
        let indent = scope.indentation
        var start = ""
        var startLine: Int?
        if !indent.isEmpty {
            start = code.fresh("start")
            startLine = code.declare(start, "out.mark")
        }
        // What this body has written so far, as far as the compiler knows: decides indentation statically where it can.
        enum Written { case nothing, lineEnd, text, unknown }
        var written = Written.nothing
        var pending = ""
        func flush(_ code: inout CodeWriter) {
            if !pending.isEmpty { code.line("out.raw(\(CodeWriter.literal(pending)))") }
            pending = ""
        }
        for node in nodes {
            if case .pageType = node { continue }
            if case .text(let text) = node {
                switch (indent.isEmpty, written) {
                case (true, _), (false, .nothing), (false, .text):
                    pending += text
                case (false, .lineEnd):
                    pending += indent + text
                case (false, .unknown):
                    flush(&code)
                    code.line("out.indent(\(CodeWriter.literal(indent)), after: \(start))")
                    pending = text
                }
                written = text.last == "\n" || text.last == "\r\n" ? .lineEnd : .text
                continue
            }
            flush(&code)
            if indent.isEmpty || written == .nothing || written == .text {
                emit(node, scope)
            } else {
                let mark = code.fresh("indent")
                code.line("let \(mark) = out.indentIfWritten(\(CodeWriter.literal(indent)), after: \(start))")
                emit(node, scope)
                code.line("out.dropIndentIfNothingWritten(\(mark))")
            }
            written = .unknown
        }
        flush(&code)
        code.removeIfUnused(startLine, name: start)
    }

    mutating func emit(_ node: Node, _ scope: Scope) {
        switch node {
        case .text, .pageType:
            break
        case .variable(let tag, let escaped):
            code.at(tag.file, tag.line)
            lookup(tag, scope) { generator, expr, type in
                generator.print(expr, type, escaped: escaped, tag: tag)
            } whenNil: { _ in }
        case .section(let tag, let inverted, let body):
            code.at(tag.file, tag.line)
            if inverted {
                lookup(tag, scope) { generator, expr, type in
                    generator.invertedSection(expr, type, body: body, scope: scope, tag: tag)
                } whenNil: { generator in
                    generator.emit(body, scope)
                }
            } else {
                lookup(tag, scope) { generator, expr, type in
                    generator.section(expr, type, body: body, scope: scope, tag: tag)
                } whenNil: { _ in }
            }
        case .partial(let name, let indentation, let line):
            guard let partial = templates[name] else {
                errors.append(TemplateError(file: currentFile(scope), line: line, message: "there is no template \(name) (Views/\(name.replacingOccurrences(of: ".", with: "/")).mustache)"))
                return
            }
            guard !scope.includes.contains(name) else {
                errors.append(TemplateError(file: partial.file, line: line, message: "\(name) includes itself"))
                return
            }
            usedPartials.insert(name)
            var inner = scope
            inner.indentation += indentation ?? ""
            inner.includes.append(name)
            emit(partial.nodes, inner)
        case .inheritance(let parentName, let indentation, let blocks, let line):
            guard let parent = templates[parentName] else {
                errors.append(TemplateError(file: currentFile(scope), line: line, message: "there is no layout \(parentName)"))
                return
            }
            usedPartials.insert(parentName)
            var inner = scope
            inner.indentation += indentation
            // Blocks already given by an outer child win, as in swift-mustache.
            inner.overrides = scope.overrides.merging(blocks) { outer, _ in outer }
            inner.includes.append(parentName)
            emit(parent.nodes, inner)
        case .block(let name, let defaultBody, let indentation, _):
            var inner = scope
            inner.indentation += indentation
            emit(scope.overrides[name] ?? defaultBody, inner)
        }
    }

    func currentFile(_ scope: Scope) -> String {
        scope.includes.last.flatMap { templates[$0]?.file } ?? ""
    }

    // MARK: - Values

    mutating func print(_ expr: String, _ type: ModelType, escaped: Bool, tag: Tag) {
        let call = escaped ? "out.text" : "out.html"
        switch type {
        case .optional(let wrapped):
            let value = code.fresh("value")
            code.open("if let \(value) = \(expr)")
            print(value, wrapped, escaped: escaped, tag: tag)
            code.close()
        case .bool, .scalar, .opaque:
            code.line("\(call)(\(expr))")
        case .model(let name) where models[name] == nil:
            // A type outside Pages/ (a date, an enum): printed by the writer's overload for it, or a Swift error here.
            code.line("\(call)(\(expr))")
        case .model, .array:
            fail(tag, "{{\(tag.name)}} is \(type), which cannot be printed; use a section {{#\(tag.name)}}…{{/\(tag.name)}}")
        }
    }

    mutating func section(_ expr: String, _ type: ModelType, body: [Node], scope: Scope, tag: Tag) {
        switch type {
        case .bool:
            code.open("if \(expr)")
            emit(body, scope)
            code.close()
        case .optional(let wrapped):
            let value = code.fresh("value")
            let line = code.open("if let \(value) = \(expr)")
            section(value, wrapped, body: body, scope: scope, tag: tag)
            code.close()
            code.replaceIfUnused(line, name: value, with: "if \(expr) != nil")
        case .array(let element):
            if case .optional = element { return fail(tag, "{{#\(tag.name)}} is a list of optionals; give the list plain values") }
            let item = code.fresh("item")
            let line = code.open("for \(item) in \(expr)")
            var inner = scope
            inner.frames.append(Frame(type: element, expr: item))
            emit(body, inner)
            code.close()
            code.replaceIfUnused(line, name: item, with: "for _ in \(expr)")
        case .model(let name) where models[name] == nil:
            fail(tag, "{{#\(tag.name)}} is a \(name), which is not a struct of Pages/: the template cannot look inside it")
        case .model, .scalar:
            var inner = scope
            inner.frames.append(Frame(type: type, expr: expr))
            emit(body, inner)
        case .opaque(let initializer):
            fail(tag, "{{#\(tag.name)}}: the type of `\(tag.name)` (= \(initializer)) is not written in its struct; write it (`: Bool`, `: String` …)")
        }
    }

    mutating func invertedSection(_ expr: String, _ type: ModelType, body: [Node], scope: Scope, tag: Tag) {
        switch type {
        case .bool:
            code.open("if !\(expr)")
            emit(body, scope)
            code.close()
        case .optional(let wrapped):
            let value = code.fresh("value")
            let line = code.open("if let \(value) = \(expr)")
            invertedSection(value, wrapped, body: body, scope: scope, tag: tag)
            code.replaceIfUnused(line, name: value, with: "if \(expr) != nil")
            code.orElse()
            emit(body, scope)
            code.close()
        case .array:
            code.open("if \(expr).isEmpty")
            var inner = scope
            inner.frames.append(Frame(type: type, expr: expr))
            emit(body, inner)
            code.close()
        case .model, .scalar:
            // A present value: the inverted section never renders. Its names are still checked.
            code.mute()
            emit(body, scope)
            code.unmute()
        case .opaque(let initializer):
            fail(tag, "{{^\(tag.name)}}: the type of `\(tag.name)` (= \(initializer)) is not written in its struct; write it (`: Bool`, `: String` …)")
        }
    }

    // MARK: - Lookup

    /// Resolves `tag` and calls `found` with the Swift expression and its type (transforms applied, optionals
    /// unwrapped before a transform), or `whenNil` where the value is absent.
    mutating func lookup(_ tag: Tag, _ scope: Scope,
                         found: (inout PageGenerator, String, ModelType) -> Void,
                         whenNil: (inout PageGenerator) -> Void) {
        if tag.name.isEmpty { return fail(tag, "an empty name") }
        if tag.name == "." {
            guard let frame = scope.frames.last, !frame.isRoot else { return fail(tag, "{{.}} outside a section") }
            return withTransforms(frame.expr, frame.type, tag, found: found, whenNil: whenNil)
        }
        let parts = tag.name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let leadingDot = tag.name.hasPrefix(".")
        let path = leadingDot ? Array(parts.dropFirst()) : parts
        guard let first = path.first, !path.contains(where: \.isEmpty) else { return fail(tag, "“\(tag.name)” is not a name") }
        let rest = Array(path.dropFirst())

        // Candidates for the first part, innermost first; a nil optional lets the lookup go on outwards.
        var candidates: [(expr: String, type: ModelType)] = []
        let frames = leadingDot ? Array(scope.frames.suffix(1)) : Array(scope.frames.reversed())
        for frame in frames {
            guard let type = member(frame.type, first) else { continue }
            candidates.append((frame.isRoot ? first : "\(frame.expr).\(first)", type))
            if case .optional = type { continue }
            break
        }
        guard !candidates.isEmpty else {
            let places = frames.compactMap { frame -> String? in
                if frame.isRoot { return "layout, page" }
                if case .model(let name) = frame.type { return name }
                return nil
            }
            return fail(tag, "no `\(first)` in \(places.joined(separator: ", then ")) (a misspelt name, or a property that is not stored)")
        }
        resolveCandidates(candidates[...], rest: rest, tag: tag, found: found, whenNil: whenNil)
    }

    private mutating func resolveCandidates(_ candidates: ArraySlice<(expr: String, type: ModelType)>, rest: [String], tag: Tag,
                                            found: (inout PageGenerator, String, ModelType) -> Void,
                                            whenNil: (inout PageGenerator) -> Void) {
        guard let candidate = candidates.first else { return whenNil(&self) }
        if candidates.count == 1 {
            guard let (expr, type) = follow(candidate.expr, candidate.type, rest, tag) else { return }
            return withTransforms(expr, type, tag, found: found, whenNil: whenNil)
        }
        guard case .optional(let wrapped) = candidate.type else { return }
        let value = code.fresh("found")
        let line = code.open("if let \(value) = \(candidate.expr)")
        if let (expr, type) = follow(value, wrapped, rest, tag) {
            withTransforms(expr, type, tag, found: found, whenNil: whenNil)
        }
        code.replaceIfUnused(line, name: value, with: "if \(candidate.expr) != nil")
        code.orElse()
        resolveCandidates(candidates.dropFirst(), rest: rest, tag: tag, found: found, whenNil: whenNil)
        code.close()
    }

    /// `expr.b.c` with optional chaining where a part is optional.
    private mutating func follow(_ expr: String, _ type: ModelType, _ rest: [String], _ tag: Tag) -> (String, ModelType)? {
        var expr = expr
        var type = type
        var chained = false
        for part in rest {
            var base = type
            if case .optional(let wrapped) = base {
                expr += "?"
                base = wrapped
                chained = true
            }
            guard let next = member(base, part) else {
                fail(tag, "no `\(part)` in \(base) (in {{\(tag.name)}})")
                return nil
            }
            expr += ".\(part)"
            type = next
        }
        if chained, case .optional = type {} else if chained { type = .optional(type) }
        return (expr, type.flattened)
    }

    /// Applies `empty(…)`, `count(…)`, `equalzero(…)`, `minusone(…)`, `plusone(…)`, `first(…)`, `last(…)`, `reversed(…)`, innermost first, to present values.
    private mutating func withTransforms(_ expr: String, _ type: ModelType, _ tag: Tag,
                                         found: (inout PageGenerator, String, ModelType) -> Void,
                                         whenNil: (inout PageGenerator) -> Void) {
        guard !tag.transforms.isEmpty else { return found(&self, expr, type) }
        var expr = expr
        var type = type
        if case .optional(let wrapped) = type {
            let value = code.fresh("value")
            code.open("if let \(value) = \(expr)")
            withTransforms(value, wrapped, tag, found: found, whenNil: whenNil)
            code.orElse()
            whenNil(&self)
            code.close()
            return
        }
        for transform in tag.transforms.reversed() {
            switch (transform, type) {
            case ("empty", .array), ("empty", .scalar("String")):
                (expr, type) = ("\(expr).isEmpty", .bool)
            case ("equalzero", .scalar("Int")), ("equalzero", .scalar("Int64")):
                // swift-mustache's integer transforms; for counts: `{{n}} post{{^equalzero(minusone(n))}}s{{/…}}`.
                (expr, type) = ("(\(expr) == 0)", .bool)
            case ("minusone", .scalar("Int")), ("minusone", .scalar("Int64")):
                expr = "(\(expr) - 1)"
            case ("plusone", .scalar("Int")), ("plusone", .scalar("Int64")):
                expr = "(\(expr) + 1)"
            case ("count", .array), ("count", .scalar("String")):
                (expr, type) = ("\(expr).count", .scalar("Int"))
            case ("first", .array(let element)):
                (expr, type) = ("\(expr).first", ModelType.optional(element).flattened)
            case ("last", .array(let element)):
                (expr, type) = ("\(expr).last", ModelType.optional(element).flattened)
            case ("reversed", .array):
                expr = "Array(\(expr).reversed())"
            default:
                return fail(tag, "\(transform)(…) does not apply to \(type)")
            }
            if case .optional = type, transform != tag.transforms.first {
                return fail(tag, "chain no transform after first(…) or last(…)")
            }
        }
        found(&self, expr, type)
    }

    func member(_ type: ModelType, _ name: String) -> ModelType? {
        guard case .model(let model) = type else { return nil }
        return models[model]?.members[name]
    }

    mutating func fail(_ tag: Tag, _ message: String) {
        errors.append(TemplateError(file: tag.file, line: tag.line, message: message))
    }
}
