/// The links of a post on a discussion page, written straight into the page: fifty posts with six links each
/// were three hundred strings built per view. Each `description` is the same link as `Paths` builds it.

/// `/p/{id}/{action}` (edit, history, delete, hide, restore, flag).
struct PostAction: HTMLWritable {
    let id: Int64
    let action: StaticString

    init(_ id: Int64, _ action: StaticString) {
        self.id = id
        self.action = action
    }

    var description: String { "/p/\(id)/\(action)" }

    func write(to out: inout HTMLWriter) {
        out.ascii("/p/")
        out.decimal(id)
        out.ascii(UInt8(ascii: "/"))
        out.ascii(action)
    }
}

/// A post's permalink: its discussion's path, the page it is on, and its anchor (`Paths.post(discussionPath:number:)`).
struct PostPermalink: HTMLWritable, Equatable {
    let discussionPath: String
    let number: Int

    var description: String { Paths.post(discussionPath: discussionPath, number: number) }

    func write(to out: inout HTMLWriter) {
        out.text(discussionPath)
        let page = (number - 1) / Post.perPage + 1
        if page > 1 {
            out.ascii("?page=")
            out.decimal(Int64(page))
        }
        out.ascii("#p")
        out.decimal(Int64(number))
    }
}

/// "Quote": the discussion's page with the reply form holding the quoted post (`Paths.quote`).
struct QuoteLink: HTMLWritable, Equatable {
    let discussionID: Int64
    let number: Int
    let page: Int

    var description: String { "/d/\(discussionID)?quote=\(number)\(page > 1 ? "&page=\(page)" : "")#reply" }

    func write(to out: inout HTMLWriter) {
        out.ascii("/d/")
        out.decimal(discussionID)
        out.ascii("?quote=")
        out.decimal(Int64(number))
        if page > 1 {
            out.ascii("&amp;page=")
            out.decimal(Int64(page))
        }
        out.ascii("#reply")
    }
}
