import NIOCore

/// A page template compiled to Swift at build time (by the `CompileTemplates` plugin, from `Views/`):
/// `Template<DiscussionPage>.discussionsShow` renders `Views/discussions/show.mustache` for a `DiscussionPage`.
/// A name the page struct lacks, or a template given the wrong page type, fails the build.
struct Template<Page>: Sendable {
    /// The template's path under `Views/`, without extension (`discussions/show`).
    let name: String
    let render: @Sendable (inout HTMLWriter, Layout, Page) -> Void
}

/// Sees every page rendered: tests use it to check compiled output against the reference Mustache renderer.
protocol RenderObserver: Sendable {
    func rendered<Page>(_ template: String, layout: Layout, page: Page, html: ByteBuffer) throws
}
