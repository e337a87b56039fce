// Renders every input of PathologicalMarkdown.corpus N times (default 5) and prints, per input, its size,
// the HTML's size and ratio, and the median and worst time. Run it in release mode:
//   swift build -c release --product markdown-bench && .build/release/markdown-bench [N] [FILE …]
// Given files, it times those instead of the corpus (to try a new input before adding it).
// Targets: every input under 100 ms and every ratio at most Markdown.maxOutputRatio.
import Commonplace
import Foundation

/// Milliseconds in a Duration.
func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
}

/// A column padded to `width`, right-aligned unless `left`.
func column(_ text: String, _ width: Int, left: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + padding : padding + text
}

let arguments = Array(CommandLine.arguments.dropFirst())
let runs = arguments.first.flatMap(Int.init) ?? 5
let files = arguments.filter { Int($0) == nil }
let inputs: [(name: String, source: String)] = files.isEmpty
    ? PathologicalMarkdown.corpus
    : files.map { ($0, (try? String(contentsOfFile: $0, encoding: .utf8)) ?? "") }
let clock = ContinuousClock()
_ = Markdown.render("warm *up* | a |\n|---|\n") // one-time extension registration is not charged to an input

print(column("input", 46, left: true), column("in B", 7), column("out B", 8), column("ratio", 6),
      column("median ms", 10), column("max ms", 8))
var worst = (name: "", ms: 0.0)
var worstRatio = 0.0
for (name, source) in inputs {
    var times: [Double] = []
    var outputBytes = 0
    for _ in 0..<runs {
        var rendered: RenderedMarkdown?
        let elapsed = clock.measure { rendered = Markdown.render(source) }
        outputBytes = rendered?.html.utf8.count ?? 0
        times.append(milliseconds(elapsed))
    }
    times.sort()
    let inputBytes = source.utf8.count
    let ratio = Double(outputBytes) / Double(max(1, inputBytes))
    let maximum = times.last ?? 0
    if maximum > worst.ms { worst = (name, maximum) }
    worstRatio = max(worstRatio, ratio)
    print(column(String(name.prefix(46)), 46, left: true), column("\(inputBytes)", 7), column("\(outputBytes)", 8),
          column(String(format: "%.1f", ratio), 6), column(String(format: "%.2f", times[times.count / 2]), 10),
          column(String(format: "%.2f", maximum), 8))
}
print("worst max: \(String(format: "%.2f", worst.ms)) ms (\(worst.name)); worst ratio \(String(format: "%.1f", worstRatio))×; \(runs) runs each")
