import Foundation
import Testing
@testable import Commonplace

/// A feed as Python's feedparser reads it (ops/feed_check.py, which `ops/setup --test` equips): whether it found the
/// document ill-formed ("bozo"), and what it read of the feed and its entries, content unsanitized.
struct ParsedFeed: Decodable {
    let bozo: Int
    let bozo_exception: String
    let version: String
    let id: String?
    let title: String?
    let updated: String?
    let links: [Link]
    let entries: [Entry]

    struct Link: Decodable {
        let rel: String?
        let href: String?
    }

    struct Entry: Decodable {
        let id: String?
        let title: String?
        let link: String?
        let published: String?
        let updated: String?
        let author: String?
        let tags: [String]
        let content: Content?
    }

    struct Content: Decodable {
        let value: String
        let type: String
    }

    /// Runs feedparser on `xml`.
    static func parse(_ xml: String) throws -> ParsedFeed {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ProjectPaths.root.appendingPathComponent("ops/feed_check.py").path]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(xml.utf8))
        try stdin.fileHandleForWriting.close()
        // Read before waiting: a large feed's JSON would otherwise fill the pipe and stall both sides.
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CheckError(message: "python3 feed_check.py failed (is feedparser installed? `ops/setup --test` installs it): \(err)")
        }
        return try JSONDecoder().decode(ParsedFeed.self, from: out)
    }

    struct CheckError: Error, CustomStringConvertible { let message: String; var description: String { message } }

    /// The `rel` link's address.
    func link(_ rel: String) -> String? { links.first { $0.rel == rel }?.href }
}

extension Browser {
    /// Fetches `path` and parses it with feedparser, requiring a 200 Atom answer that is not "bozo".
    func feed(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> (Page, ParsedFeed) {
        let page = try await get(path)
        try #require(page.status == .ok, "\(path): \(page.status)", sourceLocation: sourceLocation)
        #expect(page.headers[.contentType] == "application/atom+xml; charset=utf-8", sourceLocation: sourceLocation)
        let parsed = try ParsedFeed.parse(page.body)
        #expect(parsed.bozo == 0, "\(path): \(parsed.bozo_exception)", sourceLocation: sourceLocation)
        #expect(parsed.version == "atom10", "\(path)", sourceLocation: sourceLocation)
        return (page, parsed)
    }

    /// Makes (or remakes) the signed-in member's private feed address through `/settings/feeds` and returns its token.
    func makeFeedToken(sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let page = try await post(Paths.makeFeedToken, [])
        try #require(page.status == .ok, "\(page.status)", sourceLocation: sourceLocation)
        let match = try #require(page.body.firstMatch(of: /\/feeds\/([A-Za-z0-9_-]{43})\/feed\.atom/), sourceLocation: sourceLocation)
        return String(match.1)
    }
}

/// Base URL of the test app's feeds (`AppConfiguration`'s default: the listening address).
let testBaseURL = "http://127.0.0.1:8080"
