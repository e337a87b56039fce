import Foundation

extension Markdown {
    /// At most this many quoted posts of one post notify their authors.
    static let maxQuotesNotified = 10

    /// The posts a post quotes: the links back that `quote(_:author:link:)` writes at the end of a quotation
    /// (`> — [@amara](/d/12/slug?page=2#p3)`), read from lines of a block quote, as (discussion id, post number),
    /// distinct, in order. Read by the fan-out worker, off the request path.
    static func quotedPosts(in source: String) -> [(discussionID: Int64, number: Int)] {
        var found: [(discussionID: Int64, number: Int)] = []
        var seen: Set<String> = []
        for line in source.split(whereSeparator: \.isNewline) where line.drop(while: { $0 == " " }).hasPrefix(">") {
            for match in line.matches(of: /\]\(\/d\/(\d+)[^)\s#]*#p(\d+)\)/) {
                guard let discussion = Int64(match.output.1), let number = Int(match.output.2),
                      seen.insert("\(discussion)#\(number)").inserted else { continue }
                found.append((discussion, number))
                if found.count == maxQuotesNotified { return found }
            }
        }
        return found
    }
}
