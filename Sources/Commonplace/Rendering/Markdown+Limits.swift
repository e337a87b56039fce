// Thresholds for rendering untrusted Markdown with Debian 12's cmark-gfm 0.29.0.gfm.6, which has
// several super-linear paths that later upstream releases fixed. Every figure below was measured on
// this 2-core machine with that library, on inputs of 20,000 characters (Limits.maxPostCharacters):
// "took" is cmark alone without the guard, "take" is Markdown.render in a release build with it.
// The inputs are in PathologicalMarkdown.corpus; ops/bench/markdown prints the current figures.
extension Markdown {
    /// Largest rendered HTML, as a multiple of the source's UTF-8 size: above it the post falls back to
    /// escaped paragraphs. Every corpus input that is rendered stays under 9× (`[]()` becomes a 34-byte
    /// empty link, a task item 7.5×, `"` 6×); what goes over is amplification: one long link
    /// definition used 6,000 times gave 161×, 32 `>` per paragraph 27×.
    public static let maxOutputRatio = 20
    /// Added to the output bound so a tiny post (`---` is 3 bytes in, 7 out) never trips it.
    public static let outputAllowance = 1024

    /// Estimated table cells (columns × lines) above which tables are not parsed. cmark-gfm fills every
    /// short row up to the header's width, in time and size ~ columns × rows: a 1,000-column header with
    /// 1,000 one-cell rows took 1.8 s and gave 10 MB of HTML; a table of 2,000 cells renders in ~2 ms.
    public static let maxTableCells = 2_000
    /// Widest table parsed, and most `|` on any line of a table (a full row of 50 cells has 51). Each
    /// row's cells are split in time ~ pipes²: one row of 20,000 `|` took 1 s, a header of them 0.8 s.
    public static let maxTableColumns = 50
    /// Estimated cells allowed per byte of source. A table whose cells are all written out has at
    /// least one byte (`|`) per cell; more cells than bytes means short rows padded with empty cells,
    /// which cost 10 bytes of HTML each for no text. Such a table stays as readable paragraphs.
    public static let maxTableCellsPerSourceByte = 1

    /// Deepest nesting of block quotes and list items opened on one line (`> > - 1. …`, indentation
    /// counted at two columns a level, see MarkdownLine.nesting). Each line of a paragraph is checked
    /// against every open container: `>` × 10,000 then 5,000 lazy lines took 220 ms, `- ` × 3,000
    /// then lazy lines 330 ms, 480 levels built by indentation then lazy lines 31 ms. At 32: 4–6 ms.
    public static let maxNestingDepth = 32
    /// Most `<?`, `<!X` and `<![` (processing instructions, declarations, CDATA), which cmark scans
    /// to the end of the paragraph when unclosed: `a` + `<?` × 10,000 took 80–115 ms, `<!A ` × 5,000
    /// 60 ms. 100 of them before 80 KB of text take 4–7 ms. (`<!--` was fixed in this version.)
    public static let maxRawHTMLOpeners = 100
    /// Most `![` (image openers). Each link closed after them walks every open image opener:
    /// `![` × 5,000 then `[]()` × 2,500 took 67 ms; 200 then `[]()` × 4,900 take about 5 ms.
    public static let maxImageOpeners = 200
    /// Most `@` with the autolink extension on. Its e-mail matcher rescans the rest of the text at each
    /// `@`: `a@b.c` × 4,000 took 68 ms; 100 before 80 KB of text take under 2 ms. Above this, www.,
    /// http:// and e-mail addresses stay plain text (mentions come from our own walk and still work).
    public static let maxAutolinkAtSigns = 100

    /// The largest HTML accepted for a source of `sourceBytes` UTF-8 bytes.
    static func maxHTMLBytes(forSourceBytes sourceBytes: Int) -> Int {
        maxOutputRatio * sourceBytes + outputAllowance
    }
}

/// What a linear pre-scan of the source says about its cost to render, before cmark sees it.
struct MarkdownCost: Equatable {
    var deepestNesting = 0
    var tableCells = 0
    var widestTable = 0
    var mostPipesInTableLine = 0
    var rawHTMLOpeners = 0
    var imageOpeners = 0
    var atSigns = 0
    var sourceBytes = 0

    /// False when the source must not reach cmark at all (it is shown as escaped paragraphs).
    var allowsParsing: Bool {
        deepestNesting <= Markdown.maxNestingDepth
            && rawHTMLOpeners <= Markdown.maxRawHTMLOpeners
            && imageOpeners <= Markdown.maxImageOpeners
    }

    /// Whether the table extension may be attached.
    var allowsTables: Bool {
        widestTable <= Markdown.maxTableColumns
            && mostPipesInTableLine <= Markdown.maxTableColumns + 1
            && tableCells <= Markdown.maxTableCells
            && tableCells <= Markdown.maxTableCellsPerSourceByte * sourceBytes
    }

    /// Whether the autolink extension may be attached.
    var allowsAutolinks: Bool { atSigns <= Markdown.maxAutolinkAtSigns }

    init(scanning bytes: UnsafeBufferPointer<UInt8>) {
        sourceBytes = bytes.count
        countOpeners(bytes)
        var block = TableBlock()
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != .newline, bytes[lineEnd] != .carriageReturn { lineEnd += 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            deepestNesting = max(deepestNesting, MarkdownLine.nesting(line))
            if MarkdownLine.isBlank(line) {
                finish(&block)
            } else {
                block.add(line)
            }
            lineStart = lineEnd + 1
            if lineEnd + 1 < bytes.count, bytes[lineEnd] == .carriageReturn, bytes[lineEnd + 1] == .newline { lineStart += 1 }
        }
        finish(&block)
    }

    private mutating func countOpeners(_ bytes: UnsafeBufferPointer<UInt8>) {
        for i in bytes.indices {
            switch bytes[i] {
            case .at: atSigns += 1
            case .bang where i + 1 < bytes.count && bytes[i + 1] == .openBracket: imageOpeners += 1
            case .lessThan where i + 1 < bytes.count:
                let next = bytes[i + 1]
                if next == .question { rawHTMLOpeners += 1 }
                if next == .bang, i + 2 < bytes.count, bytes[i + 2] == .openBracket || bytes[i + 2].isASCIILetter {
                    rawHTMLOpeners += 1
                }
            default: break
            }
        }
    }

    private mutating func finish(_ block: inout TableBlock) {
        if block.columns > 0 {
            tableCells += block.columns * block.linesFromHeader
            widestTable = max(widestTable, block.columns)
            mostPipesInTableLine = max(mostPipesInTableLine, block.mostPipes)
        }
        block = TableBlock()
    }
}

/// A run of non-blank lines that may hold a table: an upper bound on what cmark-gfm could build there.
/// A table needs a delimiter row (`|---|:-:|`); its header is the line before, its rows every line after.
private struct TableBlock {
    /// Widest delimiter row seen; 0 while there is none.
    var columns = 0
    /// Lines from the header of the first delimiter row to the end of the block.
    var linesFromHeader = 0
    var mostPipes = 0
    var pipesOnPreviousLine = 0

    mutating func add(_ line: UnsafeBufferPointer<UInt8>) {
        let pipes = line.reduce(0) { $0 + ($1 == .pipe ? 1 : 0) }
        if let delimiterColumns = MarkdownLine.delimiterColumns(line) {
            if columns == 0 {
                linesFromHeader = 1
                mostPipes = pipesOnPreviousLine
            }
            columns = max(columns, delimiterColumns)
        }
        if columns > 0 {
            linesFromHeader += 1
            mostPipes = max(mostPipes, pipes)
        }
        pipesOnPreviousLine = pipes
    }
}

/// Line-level questions the pre-scan asks, on raw UTF-8 without container prefixes removed.
private enum MarkdownLine {
    /// Container markers (`>`, `-`, `+`, `*`, `1.`, `1)`) at the start of the line, plus half the
    /// columns of indentation before them when there is one (indentation is how a line stays inside
    /// the list items above it: 64 spaces and 32 markers is 64 levels). Counted to just past the cap:
    /// the estimate is only compared with it, and stopping keeps the scan linear.
    static func nesting(_ line: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        var indentColumns = 0
        while i < line.count, line[i] == .space || line[i] == .tab {
            indentColumns += line[i] == .tab ? 4 : 1
            i += 1
        }
        var markers = 0
        while markers + indentColumns / 2 <= Markdown.maxNestingDepth {
            while i < line.count, line[i] == .space || line[i] == .tab { i += 1 }
            guard i < line.count else { break }
            if line[i] == .greaterThan {
                markers += 1
                i += 1
                continue
            }
            if isThematicBreak(line, from: i) { break }
            var end = i
            if line[i] == .dash || line[i] == .plus || line[i] == .star {
                end = i + 1
            } else {
                while end < line.count, end - i < 9, line[end].isASCIIDigit { end += 1 }
                guard end > i, end < line.count, line[end] == .dot || line[end] == .closeParen else { break }
                end += 1
            }
            guard end == line.count || line[end] == .space || line[end] == .tab else { break }
            markers += 1
            i = end
        }
        return markers == 0 ? 0 : markers + indentColumns / 2
    }

    /// `---`, `* * *`, `___`: three or more of one of them, with spaces, and nothing else.
    private static func isThematicBreak(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        let mark = line[start]
        guard mark == .dash || mark == .star || mark == .underscore else { return false }
        var count = 0
        for byte in line[start...] {
            if byte == mark { count += 1 } else if byte != .space && byte != .tab { return false }
        }
        return count >= 3
    }

    /// Only spaces, tabs and `>`: a blank line, in whichever block quote it sits.
    static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy { $0 == .space || $0 == .tab || $0 == .greaterThan }
    }

    /// The columns of a table delimiter row (`| --- | :-: |`), or nil when the line is not one.
    /// Accepts a superset of cmark-gfm's rows, so the estimate stays an upper bound.
    static func delimiterColumns(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        var columns = 0
        var segmentHasDash = false
        var seenContent = false
        for byte in line {
            switch byte {
            case .space, .tab, .verticalTab, .formFeed, .colon: break
            case .greaterThan where !seenContent: break
            case .dash: segmentHasDash = true
            case .pipe:
                if segmentHasDash { columns += 1 }
                segmentHasDash = false
            default: return nil
            }
            if byte != .space && byte != .tab && byte != .greaterThan { seenContent = true }
        }
        if segmentHasDash { columns += 1 }
        return columns > 0 ? columns : nil
    }
}

private extension UInt8 {
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let verticalTab: UInt8 = 0x0B
    static let formFeed: UInt8 = 0x0C
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let bang: UInt8 = 0x21
    static let closeParen: UInt8 = 0x29
    static let star: UInt8 = 0x2A
    static let plus: UInt8 = 0x2B
    static let dash: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let lessThan: UInt8 = 0x3C
    static let greaterThan: UInt8 = 0x3E
    static let question: UInt8 = 0x3F
    static let at: UInt8 = 0x40
    static let openBracket: UInt8 = 0x5B
    static let underscore: UInt8 = 0x5F
    static let pipe: UInt8 = 0x7C

    var isASCIIDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isASCIILetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
}
