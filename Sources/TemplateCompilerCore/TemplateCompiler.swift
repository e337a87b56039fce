import Foundation

/// Every error of a failed compilation.
public struct CompileFailure: Error {
    public let errors: [TemplateError]
}

/// Compiles `Views/**/*.mustache` against the page structs of `Pages/` into Swift render functions.
///
/// Each page template names its page struct in a comment (`{{! page: DiscussionPage }}`) and becomes
/// `Template<DiscussionPage>.discussionsShow`; layouts and partials are inlined where they are used.
public enum TemplateCompiler {
    /// A template file: its library name (`discussions.show`, as partial tags name it) and its text.
    public struct Source: Sendable {
        public let name: String
        public let file: String
        public let text: String

        public init(name: String, file: String, text: String) {
            self.name = name
            self.file = file
            self.text = text
        }
    }

    /// The Swift source for `views`, or every error found (file, line, message).
    public static func compile(views: [Source], models modelSources: [(file: String, text: String)]) -> Result<String, CompileFailure> {
        var errors: [TemplateError] = []
        var scanner = PageModelScanner()
        for source in modelSources {
            do { try scanner.scan(source.text, file: source.file) } catch let error as TemplateError { errors.append(error) } catch {}
        }
        scanner.finish()
        let models = scanner.models

        var templates: [String: PageGenerator.Template] = [:]
        for view in views {
            do {
                templates[view.name] = PageGenerator.Template(name: view.name, file: view.file, nodes: try MustacheParser.parse(view.text, file: view.file))
            } catch let error as TemplateError {
                errors.append(error)
            } catch {
                errors.append(TemplateError(file: view.file, line: 1, message: "\(error)"))
            }
        }

        var generator = PageGenerator(models: models, templates: templates)
        var extensions: [String] = []
        var functions: [String] = []
        var names: [String] = []
        for name in templates.keys.sorted() where !isShared(name) {
            let template = templates[name]!
            guard let pageType = pageType(of: template.nodes) else {
                errors.append(TemplateError(file: template.file, line: 1,
                                            message: "say which page struct this template renders: {{! page: SomePage }} inside {{<layouts.main}}"))
                continue
            }
            guard models[pageType] != nil else {
                errors.append(TemplateError(file: template.file, line: 1, message: "\(pageType) is not a struct of Pages/"))
                continue
            }
            let path = name.replacingOccurrences(of: ".", with: "/")
            let identifier = swiftIdentifier(name)
            names.append(path)
            extensions.append("""
                extension Template where Page == \(pageType) {
                    /// `Views/\(path).mustache`
                    static var \(identifier): Template<\(pageType)> { Template(name: \(CodeWriter.literal(path)), render: CompiledTemplates.\(identifier)) }
                }
                """)
            let body = generator.generate(template, pageType: pageType)
            functions.append("""
                    static func \(identifier)(_ out: inout HTMLWriter, _ layout: Layout, _ page: \(pageType)) {
                \(body.joined(separator: "\n"))
                    }
                """)
        }
        errors += generator.errors
        // (After a parse error a partial may only look unused: say so only when everything parsed.)
        for name in templates.keys.sorted() where errors.isEmpty && isShared(name) && !generator.usedPartials.contains(name) {
            errors.append(TemplateError(file: templates[name]!.file, line: 1, message: "\(name) is used by no page (delete it, or include it)"))
        }
        guard errors.isEmpty else { return .failure(CompileFailure(errors: errors.sorted { ($0.file, $0.line) < ($1.file, $1.line) })) }
        return .success("""
            // Generated from Views/ by the template compiler (Sources/TemplateCompiler): do not edit, edit the templates.

            \(extensions.joined(separator: "\n\n"))

            /// The render functions of every page template.
            enum CompiledTemplates {
                /// Every page template's name (`discussions/show`).
                static let names: [String] = [\(names.map(CodeWriter.literal).joined(separator: ", "))]

            \(functions.joined(separator: "\n\n"))
            }

            """)
    }

    /// Reads every `.mustache` file under `views` and every `.swift` file under `pages`, and compiles them.
    public static func compile(viewsDirectory views: URL, pagesDirectory pages: URL) throws -> Result<String, CompileFailure> {
        let files = FileManager.default
        var sources: [Source] = []
        for path in try files.subpathsOfDirectory(atPath: views.path).sorted() where path.hasSuffix(".mustache") {
            let url = views.appendingPathComponent(path)
            let name = String(path.dropLast(".mustache".count)).replacingOccurrences(of: "/", with: ".")
            sources.append(Source(name: name, file: url.path, text: try String(contentsOf: url, encoding: .utf8)))
        }
        var models: [(file: String, text: String)] = []
        for path in try files.subpathsOfDirectory(atPath: pages.path).sorted() where path.hasSuffix(".swift") {
            let url = pages.appendingPathComponent(path)
            models.append((url.path, try String(contentsOf: url, encoding: .utf8)))
        }
        return compile(views: sources, models: models)
    }

    /// Layouts and partials are inlined into pages, never rendered alone.
    static func isShared(_ name: String) -> Bool {
        name.hasPrefix("layouts.") || name.hasPrefix("partials.")
    }

    static func pageType(of nodes: [Node]) -> String? {
        for node in nodes {
            if case .pageType(let type, _) = node { return type }
        }
        return nil
    }

    /// `learning.questions-for-you` → `learningQuestionsForYou`.
    static func swiftIdentifier(_ name: String) -> String {
        let words = name.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "_" || $0 == "/" })
        return words.enumerated().map { index, word in index == 0 ? String(word) : word.prefix(1).uppercased() + word.dropFirst() }.joined()
    }
}
