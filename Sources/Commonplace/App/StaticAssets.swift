import Crypto
import Foundation
import HTTPTypes
import NIOCore

/// The files of `Static/`, read once at start-up and served from memory.
///
/// Each file has two URLs: its plain path (`/css/site.css`, revalidated with its ETag) and a path carrying a hash
/// of its content (`/css/site.1a2b3c4d5e.css`, cached for a year as `immutable`). Pages link the hashed one, so
/// a browser never asks twice for the same stylesheet and a changed file gets a new URL.
struct StaticAssets: Sendable {
    struct Asset: Sendable {
        let body: ByteBuffer
        let etag: String
        let contentType: String
        /// The URL pages use: the content hash in the file name.
        let hashedPath: String
    }

    /// By plain path.
    private let assets: [String: Asset]
    /// Plain path by hashed path.
    private let hashed: [String: String]

    /// Only these folders are served (anything else under `Static/` stays private).
    static let prefixes = ["/css/", "/js/", "/icons/"]

    static let contentTypes = [
        "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml",
        "png": "image/png", "ico": "image/x-icon", "woff2": "font/woff2", "txt": "text/plain; charset=utf-8",
    ]

    init(directory: String) throws {
        var assets: [String: Asset] = [:]
        var hashed: [String: String] = [:]
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        let files = (try? FileManager.default.subpathsOfDirectory(atPath: root.path)) ?? []
        for relative in files.sorted() {
            let path = "/" + relative
            guard Self.prefixes.contains(where: path.hasPrefix) else { continue }
            var isDirectory: ObjCBool = false
            let url = root.appendingPathComponent(relative)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let data = try Data(contentsOf: url)
            let digest = SHA256.hash(data: data).hexString
            let hashedPath = Self.hashedPath(path, hash: String(digest.prefix(10)))
            assets[path] = Asset(
                body: ByteBuffer(bytes: data), etag: "\"\(digest.prefix(16))\"",
                contentType: Self.contentTypes[url.pathExtension.lowercased()] ?? "application/octet-stream",
                hashedPath: hashedPath)
            hashed[hashedPath] = path
        }
        self.assets = assets
        self.hashed = hashed
    }

    /// `/css/site.css` → `/css/site.<hash>.css`.
    static func hashedPath(_ path: String, hash: String) -> String {
        guard let dot = path.lastIndex(of: "."), let slash = path.lastIndex(of: "/"), dot > slash else { return path + "." + hash }
        return path[..<dot] + "." + hash + path[dot...]
    }

    /// The URL a page should link for the file at `path` (its hashed URL; the plain path if the file is missing).
    func url(_ path: String) -> String {
        assets[path]?.hashedPath ?? path
    }

    /// The file a request path names, and whether it was the hashed (immutable) URL.
    func asset(at path: String) -> (asset: Asset, immutable: Bool)? {
        if let asset = assets[path] { return (asset, false) }
        if let plain = hashed[path], let asset = assets[plain] { return (asset, true) }
        return nil
    }
}
