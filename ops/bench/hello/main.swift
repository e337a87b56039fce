// The yardstick of `ops/bench/pages`: a bare Hummingbird hello-world, built by the same toolchain as the app
// and run the same way, so each page's throughput can be read as a fraction of what the stack itself can do.
//
//   swift build -c release --product hello-bench && .build/release/hello-bench --port 8096
import Hummingbird

let arguments = CommandLine.arguments
let port = arguments.firstIndex(of: "--port").flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil } ?? 8096

let router = Router()
router.get("/") { _, _ in "Hello, world!" }
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
