import Foundation
import Mustache
import NIOCore
import Synchronization
@testable import Commonplace

/// swift-mustache 2.1.1 rendering `Views/` at run time by reflection: the reference every compiled template is
/// checked against, byte for byte, on every page the test suite renders.
final class ReferenceRenderer: RenderObserver {
    static let shared = try! ReferenceRenderer()

    let library: MustacheLibrary
    /// Templates rendered so far (by any test using the shared renderer).
    private let seen = Mutex<Set<String>>([])

    init() throws {
        MustacheContentTypes.register(ScalarHTMLContentType(), named: ScalarHTMLContentType.name)
        var library = MustacheLibrary()
        let root = URL(fileURLWithPath: ProjectPaths.views, isDirectory: true)
        let pragma = "{{% CONTENT_TYPE: \(ScalarHTMLContentType.name)}}"
        for path in try FileManager.default.subpathsOfDirectory(atPath: root.path) where path.hasSuffix(".mustache") {
            let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            // Partials reset the content type to swift-mustache's default, so each template declares ours.
            let name = String(path.dropLast(".mustache".count)).replacingOccurrences(of: "/", with: ".")
            try library.register(pragma + text, named: name)
        }
        self.library = library
    }

    var rendered: Set<String> { seen.withLock { $0 } }

    /// The reference HTML for `template` (`discussions/show`).
    func html<Page>(_ template: String, layout: Layout, page: Page) -> String? {
        library.render(PageContext(layout: layout, page: page), withTemplate: template.replacingOccurrences(of: "/", with: "."))
    }

    func rendered<Page>(_ template: String, layout: Layout, page: Page, html: ByteBuffer) throws {
        seen.withLock { _ = $0.insert(template) }
        let compiled = String(buffer: html)
        guard let expected = self.html(template, layout: layout, page: page) else { throw Mismatch(template: template, detail: "no reference template") }
        guard compiled == expected else {
            let mismatch = Mismatch(template: template, detail: Self.firstDifference(compiled, expected))
            FileHandle.standardError.write(Data("\(mismatch)\n".utf8))
            throw mismatch
        }
    }

    /// Where two renderings part, with some context.
    static func firstDifference(_ compiled: String, _ expected: String) -> String {
        let a = Array(compiled.utf8), b = Array(expected.utf8)
        var index = 0
        while index < min(a.count, b.count), a[index] == b[index] { index += 1 }
        func around(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[max(0, index - 80)..<min(bytes.count, index + 80)], as: UTF8.self)
        }
        return "at byte \(index):\n  compiled:  \(around(a).debugDescription)\n  reference: \(around(b).debugDescription)"
    }

    struct Mismatch: Error, CustomStringConvertible {
        let template: String
        let detail: String
        var description: String { "compiled template \(template) differs from swift-mustache \(detail)" }
    }
}

/// What the reference templates see: the layout's data and the page's own struct (`{{layout.x}}`, `{{page.y}}`).
struct PageContext<Page> {
    let layout: Layout
    let page: Page
}

/// swift-mustache's built-in HTML escaping works per `Character`; the reference escapes per Unicode scalar, as
/// the compiled templates do.
struct ScalarHTMLContentType: MustacheContentType {
    static let name = "HTML_SCALAR"

    func escapeText(_ text: String) -> String {
        HTMLEscaping.escape(text)
    }
}
