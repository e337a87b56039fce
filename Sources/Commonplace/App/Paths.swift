import Foundation

/// Every link the app builds. No URL literal appears anywhere else.
public enum Paths {
    public static let home = "/"
    /// The communities directory (also `/` for anonymous visitors).
    public static let communities = "/communities"
    /// After sign-up: what communities of practice are, and which to join.
    public static let welcome = "/welcome"
    public static let about = "/about"
    public static let signUp = "/signup"
    public static let signIn = "/signin"
    public static let signOut = "/signout"
    public static let settings = "/settings"
    public static let settingsPassword = "/settings/password"
    public static let settingsSessions = "/settings/sessions"
    public static let adminCommunities = "/admin/communities"
    public static let adminNewCommunity = "/admin/communities/new"
    public static let stylesheet = "/css/site.css"
    public static let similarScript = "/js/similar.js"

    public static func community(_ slug: String) -> String { "/c/\(slug)" }
    public static func community(_ community: Community) -> String { self.community(community.slug) }
    public static func editCommunity(_ community: Community) -> String { "/admin/communities/\(community.slug)/edit" }
    public static func user(_ handle: String) -> String { "/u/\(handle)" }
    public static func endSession(_ id: Int64) -> String { "/settings/sessions/\(id)/end" }

    // MARK: - Membership

    public static func join(_ c: Community) -> String { "/c/\(c.slug)/join" }
    /// Start a discussion of `kind` in a community, choosing the board.
    public static func startDiscussion(_ c: Community, kind: Discussion.Kind) -> String { "/c/\(c.slug)/new?kind=\(kind.rawValue)" }
    /// The board chooser's form address (the kind and board come as fields).
    public static func startDiscussionForm(_ c: Community) -> String { "/c/\(c.slug)/new" }
    /// A new community's first moderator and boards (site admins).
    public static func setUpCommunity(_ c: Community) -> String { "/admin/communities/\(c.slug)/setup" }
    public static func setUpModerator(_ c: Community) -> String { "/admin/communities/\(c.slug)/setup/moderator" }
    public static func setUpBoards(_ c: Community) -> String { "/admin/communities/\(c.slug)/setup/boards" }
    /// "Mark all read" in a community (POST).
    public static func markRead(_ c: Community) -> String { "/c/\(c.slug)/mark-read" }
    public static func leave(_ c: Community) -> String { "/c/\(c.slug)/leave" }
    public static func members(_ c: Community) -> String { "/c/\(c.slug)/members" }
    public static func removeMember(_ c: Community, _ handle: String) -> String { "/c/\(c.slug)/members/\(handle)/remove" }
    public static func memberRole(_ c: Community, _ handle: String) -> String { "/c/\(c.slug)/members/\(handle)/role" }
    public static func joinRequests(_ c: Community) -> String { "/c/\(c.slug)/requests" }
    public static func decideRequest(_ c: Community, _ id: Int64) -> String { "/c/\(c.slug)/requests/\(id)" }
    public static func joinQuestions(_ c: Community) -> String { "/c/\(c.slug)/join-questions" }
    public static func invitations(_ c: Community) -> String { "/c/\(c.slug)/invitations" }
    public static func invitation(token: String) -> String { "/invitations/\(token)" }

    // MARK: - Boards, discussions, posts

    public static func boards(_ c: Community) -> String { "/c/\(c.slug)/boards" }
    public static func newBoard(_ c: Community) -> String { "/c/\(c.slug)/boards/new" }
    public static func board(_ c: Community, _ b: Board) -> String { "/c/\(c.slug)/b/\(b.slug)" }
    public static func editBoard(_ c: Community, _ b: Board) -> String { "/c/\(c.slug)/b/\(b.slug)/edit" }
    public static func moveBoard(_ c: Community, _ b: Board) -> String { "/c/\(c.slug)/b/\(b.slug)/move" }
    public static func archiveBoard(_ c: Community, _ b: Board) -> String { "/c/\(c.slug)/b/\(b.slug)/archive" }
    public static func newDiscussion(_ c: Community, _ b: Board) -> String { "/c/\(c.slug)/b/\(b.slug)/new" }

    /// A board page with its filter and page number.
    public static func board(_ c: Community, _ b: Board, filter: AnsweredFilter, page: Int) -> String {
        var items: [String] = []
        if filter != .all { items.append("filter=\(filter.rawValue)") }
        if page > 1 { items.append("page=\(page)") }
        return board(c, b) + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
    }

    /// A discussion, with its title as a readable slug.
    public static func discussion(_ d: Discussion) -> String {
        let slug = slug(of: d)
        return slug.isEmpty || reservedSlugs.contains(slug) ? "/d/\(d.id!)" : "/d/\(d.id!)/\(slug)"
    }

    /// Words that name a discussion's own pages (`/d/{id}/flag` …): a title that slugs to one of them gets no slug.
    static let reservedSlugs: Set<String> = ["flag", "move", "merge", "split", "reply", "accept", "lock", "pin", "hide", "restore", "ask", "watch"]

    /// A discussion page (the page holding post `number`), anchored at that post.
    public static func post(_ d: Discussion, number: Int) -> String {
        post(discussionPath: discussion(d), number: number)
    }

    /// A post's link from its discussion's path (a page of fifty posts slugs the title once, not fifty times).
    public static func post(discussionPath: String, number: Int) -> String {
        let page = (number - 1) / Post.perPage + 1
        return (page > 1 ? discussionPath + "?page=\(page)" : discussionPath) + "#p\(number)"
    }

    public static func discussion(_ d: Discussion, page: Int) -> String {
        page > 1 ? discussion(d) + "?page=\(page)" : discussion(d)
    }

    public static func reply(_ d: Discussion) -> String { "/d/\(d.id!)/reply" }
    public static func quote(_ d: Discussion, number: Int, page: Int) -> String {
        "/d/\(d.id!)?quote=\(number)\(page > 1 ? "&page=\(page)" : "")#reply"
    }
    public static func accept(_ d: Discussion) -> String { "/d/\(d.id!)/accept" }
    public static func lock(_ d: Discussion) -> String { "/d/\(d.id!)/lock" }
    public static func pin(_ d: Discussion) -> String { "/d/\(d.id!)/pin" }
    public static func editPost(_ id: Int64) -> String { "/p/\(id)/edit" }
    public static func postHistory(_ id: Int64) -> String { "/p/\(id)/history" }
    public static func deletePost(_ id: Int64) -> String { "/p/\(id)/delete" }
    public static func hidePost(_ id: Int64) -> String { "/p/\(id)/hide" }
    public static func restorePost(_ id: Int64) -> String { "/p/\(id)/restore" }

    // MARK: - Moderation

    public static let myFlags = "/flags"
    public static func flagPost(_ id: Int64) -> String { "/p/\(id)/flag" }
    public static func flagDiscussion(_ d: Discussion) -> String { "/d/\(d.id!)/flag" }
    public static func modDashboard(_ c: Community) -> String { "/mod/\(c.slug)" }
    public static func modFlags(_ c: Community) -> String { "/mod/\(c.slug)/flags" }
    public static func resolveFlag(_ c: Community, _ id: Int64) -> String { "/mod/\(c.slug)/flags/\(id)/resolve" }
    public static func modQueue(_ c: Community) -> String { "/mod/\(c.slug)/queue" }
    public static func approvePost(_ c: Community, _ id: Int64) -> String { "/mod/\(c.slug)/queue/\(id)/approve" }
    public static func declinePost(_ c: Community, _ id: Int64) -> String { "/mod/\(c.slug)/queue/\(id)/decline" }
    public static func modLog(_ c: Community) -> String { "/mod/\(c.slug)/log" }
    public static func modSettings(_ c: Community) -> String { "/mod/\(c.slug)/settings" }
    public static func silenceMember(_ c: Community, _ handle: String) -> String { "/c/\(c.slug)/members/\(handle)/silence" }
    public static func unsilenceMember(_ c: Community, _ handle: String) -> String { "/c/\(c.slug)/members/\(handle)/unsilence" }
    public static func moveDiscussion(_ d: Discussion) -> String { "/d/\(d.id!)/move" }
    public static func mergeDiscussion(_ d: Discussion) -> String { "/d/\(d.id!)/merge" }
    public static func splitDiscussion(_ d: Discussion) -> String { "/d/\(d.id!)/split" }
    public static func hideDiscussion(_ d: Discussion) -> String { "/d/\(d.id!)/hide" }
    public static func restoreDiscussion(_ d: Discussion) -> String { "/d/\(d.id!)/restore" }

    // MARK: - Resources and curation

    public static func resources(_ c: Community) -> String { "/c/\(c.slug)/resources" }
    public static func newResource(_ c: Community) -> String { "/c/\(c.slug)/resources/new" }
    public static func resource(_ id: Int64) -> String { "/r/\(id)" }
    public static func resourceFile(_ id: Int64) -> String { "/r/\(id)/file" }
    public static func editResource(_ id: Int64) -> String { "/r/\(id)/edit" }
    public static func collections(_ c: Community) -> String { "/c/\(c.slug)/collections" }
    public static func collection(_ c: Community, _ slug: String) -> String { "/c/\(c.slug)/collections/\(slug)" }
    public static func modReviews(_ c: Community) -> String { "/mod/\(c.slug)/reviews" }
    public static func curateResource(_ id: Int64) -> String { "/r/\(id)/curate" }
    public static func featureResource(_ id: Int64) -> String { "/r/\(id)/feature" }
    public static func reviewResource(_ id: Int64) -> String { "/r/\(id)/review" }
    public static func markOutdated(_ id: Int64) -> String { "/r/\(id)/outdated" }
    public static func markCurrent(_ id: Int64) -> String { "/r/\(id)/current" }
    public static func archiveResource(_ id: Int64) -> String { "/r/\(id)/archive" }
    public static func unarchiveResource(_ id: Int64) -> String { "/r/\(id)/unarchive" }
    public static func newCollection(_ c: Community) -> String { "/c/\(c.slug)/collections/new" }
    public static func editCollection(_ c: Community, _ slug: String) -> String { "/c/\(c.slug)/collections/\(slug)/edit" }
    public static func deleteCollection(_ c: Community, _ slug: String) -> String { "/c/\(c.slug)/collections/\(slug)/delete" }
    public static func collectionItems(_ c: Community, _ slug: String) -> String { "/c/\(c.slug)/collections/\(slug)/items" }
    public static func removeFromCollection(_ c: Community, _ slug: String, _ resourceID: Int64) -> String {
        "/c/\(c.slug)/collections/\(slug)/items/\(resourceID)/remove"
    }
    public static func moveInCollection(_ c: Community, _ slug: String, _ resourceID: Int64) -> String {
        "/c/\(c.slug)/collections/\(slug)/items/\(resourceID)/move"
    }

    public static func approveResource(_ c: Community, _ id: Int64) -> String { "/mod/\(c.slug)/queue/resources/\(id)/approve" }
    public static func declineResource(_ c: Community, _ id: Int64) -> String { "/mod/\(c.slug)/queue/resources/\(id)/decline" }

    /// The library with filters, sort and page applied (defaults left out).
    public static func resources(_ c: Community, filter: ResourceLibraryFilter, page: Int = 1) -> String {
        var items: [String] = []
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func add(_ name: String, _ value: String?) {
            if let value, !value.isEmpty { items.append("\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")") }
        }
        add("type", filter.type?.rawValue)
        add("tag", filter.tag)
        add("audience", filter.audience)
        if filter.sort != .newest { add("sort", filter.sort.rawValue) }
        if filter.includeArchived { add("archived", "1") }
        if page > 1 { add("page", String(page)) }
        return resources(c) + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
    }

    // MARK: - All teach, all learn

    public static func whoToAsk(_ c: Community) -> String { "/c/\(c.slug)/who-to-ask" }
    public static let settingsExpertise = "/settings/expertise"
    public static let helpRequests = "/help-requests"
    public static let questionsForYou = "/questions-for-you"
    public static func helpfulPost(_ id: Int64) -> String { "/p/\(id)/helpful" }
    public static func helpfulResource(_ id: Int64) -> String { "/r/\(id)/helpful" }
    public static func askForHelp(_ d: Discussion) -> String { "/d/\(d.id!)/ask" }
    public static let helpRequestsSeen = "/help-requests/seen"
    public static func communityTopics(_ c: Community) -> String { "/c/\(c.slug)/topics" }

    /// Who to ask for one topic.
    public static func whoToAsk(_ c: Community, topic: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return whoToAsk(c) + "?topic=" + (topic.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }

    /// `path` with `notice=key` added to its query (before any fragment): the page shows the notice chosen by key.
    static func withNotice(_ path: String, _ key: String) -> String {
        let (base, fragment) = path.firstIndex(of: "#").map { (String(path[..<$0]), String(path[$0...])) } ?? (path, "")
        return base + (base.contains("?") ? "&" : "?") + "notice=" + key + fragment
    }

    // MARK: - Site administration

    public static let adminUsers = "/admin/users"
    public static let adminLog = "/admin/log"
    public static func adminUser(_ handle: String) -> String { "/admin/users/\(handle)" }
    public static func suspendUser(_ handle: String) -> String { "/admin/users/\(handle)/suspend" }
    public static func unsuspendUser(_ handle: String) -> String { "/admin/users/\(handle)/unsuspend" }
    public static func archiveCommunity(_ c: Community) -> String { "/admin/communities/\(c.slug)/archive" }
    public static func reactivateCommunity(_ c: Community) -> String { "/admin/communities/\(c.slug)/reactivate" }
    public static func mergeCommunity(_ c: Community) -> String { "/admin/communities/\(c.slug)/merge" }

    /// The accounts list, searched and paged.
    public static func adminUsers(query: String, page: Int) -> String {
        withQuery(adminUsers, [("q", query), ("page", page > 1 ? String(page) : "")])
    }

    /// The site-wide moderation log, filtered and paged.
    public static func adminLog(action: String, community: String, actor: String, page: Int) -> String {
        withQuery(adminLog, [("action", action), ("community", community), ("actor", actor), ("page", page > 1 ? String(page) : "")])
    }

    /// `path` with the non-empty `items` as a percent-encoded query string.
    static func withQuery(_ path: String, _ items: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let query = items.filter { !$0.1.isEmpty }
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
        return query.isEmpty ? path : path + "?" + query
    }

    // MARK: - Search

    public static let search = "/search"

    /// The same search with another sort or page.
    public static func search(parameters: [String: String], sort: SearchSort, page: Int) -> String {
        var items: [String] = []
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        for name in ["q", "in", "kind", "is", "after", "before", "board", "author"] {
            if let value = parameters[name], !value.isEmpty {
                items.append("\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")")
            }
        }
        if sort != .relevance { items.append("sort=\(sort.rawValue)") }
        if page > 1 { items.append("page=\(page)") }
        return search + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
    }

    /// The directory with filters applied.
    public static func directory(kind: String?, status: String?) -> String {
        var items: [String] = []
        if let kind { items.append("type=\(kind)") }
        if let status { items.append("status=\(status)") }
        return items.isEmpty ? communities : communities + "?" + items.joined(separator: "&")
    }
}
