import Foundation
import Hummingbird
import Mustache

/// Renders pages from the Mustache templates in `Views/`, every one escaped per Unicode scalar.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads every `.mustache` file under `directory`. A template's name is its path without the extension,
    /// with `.` for `/` (`account/signin.mustache` is `account.signin`): swift-mustache cannot close `{{/a/b}}`.
    public init(directory: String) throws {
        MustacheContentTypes.register(ScalarHTMLContentType(), named: ScalarHTMLContentType.name)
        var library = MustacheLibrary()
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else {
            throw RendererError.missingViews(directory)
        }
        let pragma = "{{% CONTENT_TYPE: \(ScalarHTMLContentType.name)}}"
        for case let path as String in enumerator where path.hasSuffix(".mustache") {
            let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            // Partials reset the content type to the library's default, so each template declares ours.
            try library.register(pragma + text, named: Self.name(String(path.dropLast(".mustache".count))))
        }
        guard library.getTemplate(named: "layouts.main") != nil else { throw RendererError.missingViews(directory) }
        self.library = library
    }

    /// The library name of the template at `path` (relative, without extension).
    static func name(_ path: String) -> String {
        path.replacingOccurrences(of: "/", with: ".")
    }

    enum RendererError: Error, CustomStringConvertible {
        case missingViews(String)
        case missingTemplate(String)
        var description: String {
            switch self {
            case .missingViews(let path): "No templates found in \(path) (set --views)."
            case .missingTemplate(let name): "No template named \(name)."
            }
        }
    }

    /// The HTML for `template` with `page` under the layout data.
    func html<Page>(_ template: String, layout: Layout, page: Page) throws -> String {
        guard let text = library.render(PageContext(layout: layout, page: page), withTemplate: Self.name(template)) else {
            throw RendererError.missingTemplate(template)
        }
        return text
    }

    /// A full HTML response.
    func response<Page>(_ template: String, layout: Layout, page: Page, status: HTTPResponse.Status = .ok) throws -> Response {
        let body = try html(template, layout: layout, page: page)
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// What every template sees: the layout's data and the page's own struct.
struct PageContext<Page> {
    let layout: Layout
    let page: Page
}
