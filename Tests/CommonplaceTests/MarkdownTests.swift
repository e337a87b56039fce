import Testing
@testable import Commonplace

@Suite("Markdown")
struct MarkdownTests {
    // MARK: - GFM features

    @Test("a pipe table renders as a table")
    func table() {
        let html = Markdown.render("| a | b |\n|---|:-:|\n| 1 | 2 |\n").html
        #expect(html.contains("<table>"))
        #expect(html.contains("<th>a</th>"))
        #expect(html.contains(#"<td align="center">2</td>"#))
    }

    @Test("~~text~~ renders as strikethrough")
    func strikethrough() {
        #expect(Markdown.render("~~gone~~").html.contains("<del>gone</del>"))
    }

    @Test("bare www. and https:// addresses become links marked nofollow ugc")
    func autolinks() {
        let html = Markdown.render("see www.example.org and https://example.org/a").html
        #expect(html.contains(#"<a rel="nofollow ugc" href="http://www.example.org">www.example.org</a>"#))
        #expect(html.contains(#"<a rel="nofollow ugc" href="https://example.org/a">"#))
    }

    @Test("- [x] and - [ ] render as disabled checkboxes")
    func taskList() {
        let html = Markdown.render("- [x] done\n- [ ] todo\n").html
        #expect(html.contains(#"<input type="checkbox" checked="" disabled="" /> done"#))
        #expect(html.contains(#"<input type="checkbox" disabled="" /> todo"#))
    }

    @Test("ordinary CommonMark renders: emphasis, code, headings, quotes")
    func commonMark() {
        let html = Markdown.render("# Title\n\n*em* **strong** `code`\n\n> quoted\n").html
        #expect(html == "<h1>Title</h1>\n<p><em>em</em> <strong>strong</strong> <code>code</code></p>\n<blockquote>\n<p>quoted</p>\n</blockquote>\n")
    }

    // MARK: - Safe mode

    @Test("raw HTML never reaches the output", arguments: [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        #"<a href="javascript:alert(1)">x</a>"#,
        "text <script>alert(1)</script> inline",
        "<iframe src=//evil.example></iframe>",
        "<svg onload=alert(1)>",
    ])
    func rawHTMLOmitted(source: String) {
        let html = Markdown.render(source).html
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<iframe"))
        #expect(!html.contains("<svg"))
        #expect(!html.contains("javascript:"))
        #expect(html.contains("raw HTML omitted"))
    }

    @Test("links and images with unsafe schemes lose their URL", arguments: [
        "[x](JaVaScRiPt:alert(1))",
        "[x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[x](vbscript:msgbox(1))",
        "[x](file:///etc/passwd)",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](data:image/png;base64,iVBORw0KGgo=)",
        "[x](java&#x73;cript:alert(1))",
        "[x](&#32;javascript:alert(1))",
        "[x](java&#9;script:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x][r]\n\n[r]: javascript:alert(1)",
    ])
    func unsafeSchemesNeutralised(source: String) {
        let html = Markdown.render(source).html
        for scheme in ["javascript:", "vbscript:", "file:", "data:"] {
            #expect(!html.lowercased().contains("href=\"\(scheme)"), "\(html)")
            #expect(!html.lowercased().contains("src=\"\(scheme)"), "\(html)")
        }
        #expect(html.contains(#"href="""#) || html.contains(#"src="""#), "\(html)")
    }

    @Test("safe links keep their URL; links within the site get no rel")
    func safeLinks() {
        let html = Markdown.render("[a](https://example.org) [b](/d/1#p2) [c](#p3) [d](mailto:x@example.org) [e](//evil.example)").html
        #expect(html.contains(#"<a rel="nofollow ugc" href="https://example.org">a</a>"#))
        #expect(html.contains(##"<a href="/d/1#p2">b</a>"##))
        #expect(html.contains(##"<a href="#p3">c</a>"##))
        #expect(html.contains(#"<a rel="nofollow ugc" href="mailto:x@example.org">d</a>"#))
        #expect(html.contains(#"<a rel="nofollow ugc" href="//evil.example">e</a>"#))
    }

    // MARK: - Mentions

    @Test("@handle in text links to the profile; handles come back lowercased, distinct, in order")
    func mentionsLinked() {
        let rendered = Markdown.render("Thanks @amara, @Bo_Chen and @amara again (@x-y).")
        #expect(rendered.html.contains(#"<a href="/u/amara">@amara</a>"#))
        #expect(rendered.html.contains(#"<a href="/u/bo_chen">@Bo_Chen</a>"#))
        #expect(rendered.html.contains(#"(<a href="/u/x-y">@x-y</a>)"#))
        #expect(rendered.mentions == ["amara", "bo_chen", "x-y"])
    }

    @Test("@handle inside emphasis, a list or a table is still a mention")
    func mentionsInContainers() {
        let rendered = Markdown.render("*hi @amara*\n\n- ask @bo\n\n| who |\n|-----|\n| @cy |\n")
        #expect(rendered.mentions == ["amara", "bo", "cy"])
        #expect(rendered.html.contains(#"<em>hi <a href="/u/amara">@amara</a></em>"#))
    }

    @Test("no mention in code, in e-mail addresses, in links, or in malformed handles", arguments: [
        "`@amara`",
        "```\n@amara\n```",
        "    @amara",
        "write to amara@example.org",
        "write to first.last@host",
        "[@amara](https://example.org)",
        "<https://example.org/@amara>",
        "https://example.org/@amara",
        "@a is too short",
        "@" + String(repeating: "a", count: 31) + " is too long",
        "@amara@elsewhere.example is someone elsewhere",
        "café@amara",
    ])
    func noMention(source: String) {
        let rendered = Markdown.render(source)
        #expect(rendered.mentions.isEmpty, "\(rendered.html)")
        #expect(!rendered.html.contains(#"href="/u/"#), "\(rendered.html)")
    }

    // MARK: - Quoting

    @Test("quote() prefixes every line and links back to the post")
    func quoteFormat() {
        let markdown = Markdown.quote("first line\n\nsecond\n", author: "amara", link: "/d/12#p3")
        #expect(markdown == "> first line\n>\n> second\n>\n> — [@amara](/d/12#p3)\n\n")
    }

    @Test("a quoted post renders as a block quote with a link back, not as a new mention")
    func quoteRenders() {
        let quoted = Markdown.quote("Start with a **question**.\n\n- one\n- two", author: "amara", link: "/d/12#p3")
        let rendered = Markdown.render(quoted + "I agree.")
        #expect(rendered.html.hasPrefix("<blockquote>\n<p>Start with a <strong>question</strong>.</p>\n<ul>"))
        #expect(rendered.html.contains(##"<p>— <a href="/d/12#p3">@amara</a></p>"##))
        #expect(rendered.html.contains("</blockquote>\n<p>I agree.</p>"))
        #expect(rendered.mentions.isEmpty)
    }

    // MARK: - Bounded cost

    @Test("every pathological input renders within 20× its size, with no script")
    func corpusBounded() {
        let corpus = PathologicalMarkdown.corpus
        #expect(corpus.count >= 12)
        for (name, source) in corpus {
            #expect(source.count <= Limits.maxPostCharacters, "\(name)")
            let html = Markdown.render(source).html
            #expect(html.utf8.count <= 20 * source.utf8.count + 1024, "\(name): \(html.utf8.count) bytes")
            #expect(!html.contains("<script"), "\(name)")
        }
    }

    @Test("a table at the size limits still renders as a table")
    func tableAtLimits() throws {
        let entry = try #require(PathologicalMarkdown.corpus.first { $0.name.hasPrefix("table at the limits") })
        #expect(Markdown.render(entry.source).html.contains("<table>"))
    }

    @Test("a table over the limits stays readable text, without a table", arguments: [
        PathologicalMarkdown.squareTable(Markdown.maxTableColumns + 1),
        PathologicalMarkdown.squareTable(1000),
        "|a|\n|-|\n" + String(repeating: "|", count: 500),
        "|a|b|c|d|e|f|g|h|\n|-|-|-|-|-|-|-|-|\n" + String(repeating: "x\n", count: 100),
    ])
    func tableOverLimits(source: String) {
        let html = Markdown.render(source).html
        #expect(!html.contains("<table>"))
        #expect(html.hasPrefix("<p>|"))
    }

    @Test("nesting deeper than the cap falls back to escaped paragraphs")
    func deepNesting() {
        let source = String(repeating: "> ", count: Markdown.maxNestingDepth + 1) + "deep <b>"
        let rendered = Markdown.render(source)
        #expect(rendered.html == "<p>" + String(repeating: "&gt; ", count: Markdown.maxNestingDepth + 1) + "deep &lt;b&gt;</p>\n")
        let atCap = Markdown.render(String(repeating: "> ", count: Markdown.maxNestingDepth) + "fine")
        #expect(atCap.html.hasPrefix("<blockquote>"))
    }

    @Test("indentation that keeps a line inside deep lists counts toward the nesting cap")
    func indentedNesting() {
        #expect(Markdown.render(PathologicalMarkdown.indentedNesting).html.hasPrefix("<p>- - -"))
        let ordinary = Markdown.render("- a\n  - b\n    - c\n\n```\n" + String(repeating: " ", count: 40) + "- code\n```\n").html
        #expect(ordinary.hasPrefix("<ul>\n<li>a\n<ul>\n<li>b\n<ul>\n<li>c</li>"))
        #expect(ordinary.contains("<pre><code>" + String(repeating: " ", count: 40) + "- code\n</code></pre>"))
    }

    @Test("HTML over 20× the source falls back to escaped paragraphs that mention no one")
    func outputRatioFallback() {
        let source = "@amara\n\n[a]: /" + String(repeating: "x", count: 500) + "\n\n" + String(repeating: "[a]", count: 200)
        let rendered = Markdown.render(source)
        #expect(rendered.html.utf8.count <= Markdown.maxHTMLBytes(forSourceBytes: source.utf8.count))
        #expect(rendered.html.hasPrefix("<p>@amara</p>\n<p>[a]: /xxx"))
        #expect(rendered.mentions.isEmpty)
    }

    @Test("many raw HTML openers or image openers fall back; many @ only turn autolinks off")
    func openerCaps() {
        let processing = "a" + String(repeating: "<?", count: Markdown.maxRawHTMLOpeners + 1)
        #expect(Markdown.render(processing).html == "<p>a" + String(repeating: "&lt;?", count: Markdown.maxRawHTMLOpeners + 1) + "</p>\n")
        let images = String(repeating: "![", count: Markdown.maxImageOpeners + 1)
        #expect(Markdown.render(images).html == "<p>" + images + "</p>\n")
        let addresses = "www.example.org @amara " + String(repeating: "a@b.c ", count: Markdown.maxAutolinkAtSigns)
        let rendered = Markdown.render(addresses)
        #expect(!rendered.html.contains("www.example.org</a>"))
        #expect(rendered.mentions == ["amara"])
    }

    @Test("rendering from many tasks at once gives the same HTML as one at a time")
    func concurrentRendering() async throws {
        let entry = try #require(PathologicalMarkdown.corpus.first { $0.name.hasPrefix("mixed") })
        let sources = [entry.source, "~~gone~~ www.example.org", "| a |\n|---|\n| ~~b~~ |\n"]
        let expected = sources.map { Markdown.render($0) }
        let results = await withTaskGroup(of: [RenderedMarkdown].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<10).flatMap { _ in sources.map { Markdown.render($0) } } }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for batch in results {
            for (index, rendered) in batch.enumerated() {
                #expect(rendered == expected[index % sources.count])
            }
        }
    }

    @Test("empty and whitespace-only sources render to nothing")
    func empty() {
        #expect(Markdown.render("") == RenderedMarkdown(html: "", mentions: []))
        #expect(Markdown.render(" \n\n ").html == "")
    }
}
