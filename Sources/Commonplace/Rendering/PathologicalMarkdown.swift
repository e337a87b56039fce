/// Inputs known to be slow or to blow up in cmark-gfm 0.29.0.gfm.6 (or in Markdown renderers generally),
/// each at most `Limits.maxPostCharacters` characters. Shared by MarkdownTests (output bounds) and
/// ops/bench/markdown (timings). Names say the shape; the comment says what it did without guards.
public enum PathologicalMarkdown {
    /// The largest post, in characters.
    static let size = Limits.maxPostCharacters

    public static var corpus: [(name: String, source: String)] {
        tables + nesting + inlines + rawHTML + plainText
    }

    /// k×k: a header of k columns, a delimiter row, k one-cell rows padded to k cells (k=1,000: 1.8 s, 10 MB).
    static func squareTable(_ k: Int) -> String {
        "|" + String(repeating: "a|", count: k) + "\n|" + String(repeating: "-|", count: k) + "\n"
            + String(repeating: "|x\n", count: k)
    }

    static var tables: [(name: String, source: String)] {
        let k = (size - 2) / 7
        let columns = Markdown.maxTableColumns
        let rows = Markdown.maxTableCells / columns - 2
        let fullRow = "|" + String(repeating: "x|", count: columns) + "\n"
        return [
            ("table 10×10", squareTable(10)),
            ("table 100×100", squareTable(100)),
            ("table 400×400", squareTable(400)),
            ("table 1000×1000", squareTable(1000)),
            ("table \(k)×\(k) (largest square)", squareTable(k)),
            ("table at the limits (\(columns) columns, \(rows) full rows)",
             "|" + String(repeating: "h|", count: columns) + "\n|" + String(repeating: "-|", count: columns) + "\n"
                + String(repeating: fullRow, count: rows)),
            // 8 columns, every later line a one-cell row: 46× the input in HTML.
            ("table of 8 columns, 10k short rows", fill("x\n", prefix: "|a|b|c|d|e|f|g|h|\n|-|-|-|-|-|-|-|-|\n")),
            // One row of 20k pipes: 1 s splitting cells no one sees.
            ("table row of pipes", fill("|", prefix: "|a|\n|-|\n")),
            // A would-be header of 20k pipes: 0.8 s.
            ("table header of pipes", fill("|", suffix: "\n|-|\n")),
            // Centred columns: 26 bytes of HTML per `|`.
            ("table of centred empty cells", fill(String(repeating: "|", count: columns + 1) + "\n", prefix: "|"
                + String(repeating: "a|", count: columns) + "\n|" + String(repeating: ":-:|", count: columns) + "\n")),
            // cmark's own pathological test: a table per `\r` line pair.
            ("tables from \\r lines", fill("aaa\rbbb\n-\u{0B}\n")),
        ]
    }

    static var nesting: [(name: String, source: String)] {
        let atCap = Markdown.maxNestingDepth
        return [
            ("block quotes `>` × 20k", fill(">")),
            ("block quotes `> ` × 10k", fill("> ", suffix: "a")),
            // 220 ms: every lazy line is checked against 10k open quotes.
            ("10k quotes then lazy lines", String(repeating: ">", count: 10_000) + " a\n" + fill("b\n", limit: size - 10_003)),
            // 330 ms.
            ("3k list items then lazy lines", String(repeating: "- ", count: 3_000) + "a\n" + fill("b\n", limit: size - 6_002)),
            ("\(atCap) quotes (the cap) then lazy lines", String(repeating: ">", count: atCap) + " a\n" + fill("b\n", limit: size - atCap - 3)),
            ("lists `- 1. ` nested", fill("- 1. ", suffix: "a")),
            ("lists `-\\t` nested", fill("-\t", suffix: "a")),
            ("quote and list alternating", fill("> - ", suffix: "a")),
            ("lists nested by indentation", String((0..<140).map { String(repeating: "  ", count: $0) + "* a\n" }.joined().prefix(size))),
            ("\(atCap) quotes per paragraph", fill(String(repeating: ">", count: atCap) + "a\n\n")),
            ("indented nesting past the cap, lazy lines", indentedNesting),
        ]
    }

    /// Lists nested 32 deeper on each line, each line indented to stay inside the items before: 480
    /// levels with no line over 32 markers, then lazy lines checked against all of them (31 ms when
    /// only markers were counted toward maxNestingDepth; indentation counts too now).
    static var indentedNesting: String {
        let levels = Markdown.maxNestingDepth
        let lines = (0..<15).map { String(repeating: " ", count: 2 * levels * $0) + String(repeating: "- ", count: levels) + "a\n" }
        let nested = lines.joined()
        return nested + fill("b\n", limit: size - nested.count)
    }

    static var inlines: [(name: String, source: String)] {
        [
            ("brackets `[` × 20k", fill("[")),
            ("nested brackets", String(repeating: "[", count: size / 2 - 1) + "a" + String(repeating: "]", count: size / 2 - 1)),
            ("brackets `[ (](`", fill("[ (](")),
            ("unclosed links `[a](<b`", fill("[a](<b")),
            // 67 ms: each link walks all open image openers.
            ("image openers then links", String(repeating: "![", count: 5_000) + String(repeating: "[]()", count: 2_500)),
            ("image openers `![[]()`", fill("![[]()")),
            ("nested strong emphasis", fill("*a **a ", limit: size / 2) + "b" + fill(" a** a*", limit: size / 2 - 1)),
            ("emphasis `*_` run", fill("*_")),
            ("mismatched emphasis `*a_ `", fill("*a_ ")),
            ("openers multiple of 3", fill("c* ", prefix: "a**b")),
            ("backticks of growing length", String((1...200).map { "e" + String(repeating: "`", count: $0) }.joined().prefix(size))),
            ("backtick runs `a``", fill("`a``")),
            ("strikethrough `~~a `", fill("~~a ")),
            ("link definitions × 1,400", String((0..<1_400).map { "[l\($0)]: /u\($0)\n" }.joined().prefix(size))),
            // 161× output: one long definition, used 6k times.
            ("one long link definition used 6k times", "[a]: /" + String(repeating: "x", count: 1_000) + "\n\n" + fill("[a]", limit: size - 1_008)),
            ("entities `&amp;` × 4k", fill("&amp;")),
            ("numeric entities", fill("&#x1F600;")),
            // 68 ms in the e-mail autolinker.
            ("e-mail addresses `a@b.c`", fill("a@b.c")),
            ("at signs `a@`", fill("a@")),
            ("mentions `@ab ` × 5k", fill("@ab ")),
            ("www autolinks", fill("www.a.co ")),
            ("\(Markdown.maxAutolinkAtSigns) e-mail addresses (the cap) before wide text",
             fill("😀", prefix: String(repeating: "a@b.c ", count: Markdown.maxAutolinkAtSigns))),
            ("\(Markdown.maxImageOpeners) image openers (the cap) then links",
             fill("[]()", prefix: String(repeating: "![", count: Markdown.maxImageOpeners))),
            ("task list items", fill("- [x] a\n")),
        ]
    }

    static var rawHTML: [(name: String, source: String)] {
        [
            // 80–115 ms: each unclosed `<?` is scanned to the end.
            ("processing instructions `<?`", fill("<?", prefix: "a")),
            ("declarations `<!A `", fill("<!A ", prefix: "a")),
            ("CDATA `<![CDATA[`", fill("<![CDATA[", prefix: "a")),
            ("comments `<!--`", fill("<!--", prefix: "a")),
            ("script tags", fill("<script>alert(1)</script>\n")),
            ("100 `<?` (the cap) before wide text", "a" + String(repeating: "<?", count: Markdown.maxRawHTMLOpeners)
                + String(repeating: "😀", count: size - 1 - 2 * Markdown.maxRawHTMLOpeners)),
        ]
    }

    static var plainText: [(name: String, source: String)] {
        let post = """
            ## Lessons from the spring workshop

            Thanks @amara and @Bo_Chen for *running* it. Notes are at www.example.org/notes and \
            [the wiki](https://example.org/wiki "Wiki").

            - [x] book the room
            - [ ] send ~~slides~~ recordings
              1. edit
              2. upload

            > What we learned: start with a question.

            | step | owner | due |
            |------|:-----:|----:|
            | plan | amara | May |

            ```swift
            let answer = 42 // @not_a_mention
            ```


            """
        return [
            ("one huge paragraph", fill("word ")),
            ("one long line without spaces", fill("a")),
            ("emoji × 20k (80 KB)", fill("😀")),
            ("quotes `\"` × 20k", fill("\"")),
            ("less-than signs `<` × 20k", fill("<")),
            ("NUL characters", fill("\u{0}")),
            ("mixed: a real post repeated", fill(post)),
        ]
    }

    /// `prefix`, then `unit` repeated, then `suffix`, at most `limit` characters in all.
    static func fill(_ unit: String, prefix: String = "", suffix: String = "", limit: Int = size) -> String {
        let count = max(0, (limit - prefix.count - suffix.count) / max(1, unit.count))
        var text = prefix + String(repeating: unit, count: count) + suffix
        while text.count > limit { text.removeLast() }
        return text
    }
}
