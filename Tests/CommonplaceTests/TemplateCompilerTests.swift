import Foundation
import Testing
import TemplateCompilerCore
@testable import Commonplace

/// The template compiler refuses what swift-mustache would have rendered as a silent blank, with the template's
/// file and line, and compiles the real `Views/` without a complaint.
@Suite("Template compiler")
struct TemplateCompilerTests {
    static let layout = TemplateCompiler.Source(
        name: "layouts.main", file: "layouts/main.mustache",
        text: "<title>{{layout.title}}</title>\n{{$main}}{{/main}}\n")

    static let models: [(file: String, text: String)] = [("Pages.swift", """
        /// The layout.
        struct Layout: Sendable {
            let title: String
        }
        struct NotePage: Sendable {
            let title: String
            var notes: [Note] = []
            let author: Person?
            let limit = Limits.maxNotes
            var isEmpty: Bool { notes.isEmpty }
            static let shared = "x"
            init(title: String) { self.title = title; author = nil }
            func helper() -> String { "{ not a brace }" }
        }
        struct Note: Sendable {
            let text: String
            let title: String?
        }
        struct Person: Sendable { let name: String }
        """)]

    static func page(_ body: String) -> TemplateCompiler.Source {
        TemplateCompiler.Source(name: "notes.show", file: "notes/show.mustache",
                                text: "{{<layouts.main}}{{! page: NotePage }}{{$main}}\n\(body){{/main}}{{/layouts.main}}")
    }

    static func errors(_ body: String, extra: [TemplateCompiler.Source] = []) -> [TemplateError] {
        switch TemplateCompiler.compile(views: [layout, page(body)] + extra, models: models) {
        case .success: []
        case .failure(let failure): failure.errors
        }
    }

    static func source(_ body: String) throws -> String {
        try TemplateCompiler.compile(views: [layout, page(body)], models: models).get()
    }

    @Test("a misspelt name fails the build at its template line")
    func misspelt() throws {
        let errors = Self.errors("<h1>{{page.title}}</h1>\n<p>{{page.titel}}</p>\n")
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.file == "notes/show.mustache")
        #expect(error.line == 3)
        #expect(error.message.contains("titel"))
        #expect(error.description.hasPrefix("notes/show.mustache:3: error:"))
    }

    @Test("a name missing from a section's item and from every outer context is an error")
    func missingInSection() {
        let errors = Self.errors("{{#page.notes}}{{text}} {{colour}}{{/page.notes}}\n")
        #expect(errors.map(\.message).contains { $0.contains("no `colour`") })
    }

    @Test("computed and static properties are not template names (swift-mustache's Mirror never saw them either)")
    func computedIsNotStored() {
        #expect(!Self.errors("{{#page.isEmpty}}none{{/page.isEmpty}}\n").isEmpty)
        #expect(!Self.errors("{{page.shared}}\n").isEmpty)
    }

    @Test("a section over a value whose type the struct does not write is an error; printing it is fine")
    func untypedSection() throws {
        #expect(Self.errors("{{page.limit}}\n").isEmpty)
        let errors = Self.errors("{{#page.limit}}x{{/page.limit}}\n")
        #expect(errors.first?.message.contains("write it") == true)
    }

    @Test("a struct cannot be printed; a closing tag must match; an unknown partial is named")
    func otherMistakes() {
        #expect(Self.errors("{{page.author}}\n").first?.message.contains("cannot be printed") == true)
        #expect(Self.errors("{{#page.notes}}x{{/page.note}}\n").first?.message.contains("closes nothing") == true)
        #expect(Self.errors("{{>partials.nowhere}}\n").first?.message.contains("no template partials.nowhere") == true)
    }

    @Test("a page template must name its page struct, and a partial no page uses is reported")
    func declarations() {
        let unnamed = TemplateCompiler.Source(name: "notes.list", file: "notes/list.mustache",
                                              text: "{{<layouts.main}}{{$main}}x{{/main}}{{/layouts.main}}")
        #expect(Self.errors("x\n", extra: [unnamed]).contains { $0.file == "notes/list.mustache" && $0.message.contains("page:") })
        let orphan = TemplateCompiler.Source(name: "partials.orphan", file: "partials/orphan.mustache", text: "hi")
        #expect(Self.errors("x\n", extra: [orphan]).contains { $0.message.contains("used by no page") })
    }

    @Test("an inner nil optional lets the lookup go on outwards, as at run time in swift-mustache")
    func nilFallsThrough() throws {
        // Note.title is optional; NotePage.title is the fallback when a note has none.
        let source = try Self.source("{{#page}}{{#notes}}{{title}}{{/notes}}{{/page}}\n")
        #expect(source.contains("if let found"))
        #expect(source.contains("page.title"))
    }

    @Test("the generated code names the template line of each statement")
    func sourceLocations() throws {
        let source = try Self.source("<p>\n{{page.title}}</p>\n")
        let lines = source.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let note = try #require(lines.firstIndex(of: "// notes/show.mustache:3"))
        #expect(lines[note + 1] == "out.text(page.title)")
        #expect(source.contains("static var notesShow: Template<NotePage>"))
    }

    @Test("the real Views/ compile against the real Pages/")
    func realViews() throws {
        let root = URL(fileURLWithPath: ProjectPaths.views).deletingLastPathComponent()
        let result = try TemplateCompiler.compile(viewsDirectory: URL(fileURLWithPath: ProjectPaths.views),
                                                  pagesDirectory: root.appendingPathComponent("Sources/Commonplace/Pages"))
        let source = try result.get()
        #expect(CompiledTemplates.names.count > 50)
        for name in CompiledTemplates.names {
            #expect(source.contains("render: CompiledTemplates."), "\(name)")
        }
    }
}
