import Foundation
import Hummingbird

/// Joining, leaving and the members of a community; join requests and screening questions.
///
///     GET  /c/{community}/join                 POST /c/{community}/join
///     POST /c/{community}/leave
///     GET  /c/{community}/members
///     POST /c/{community}/members/{handle}/remove
///     POST /c/{community}/members/{handle}/role          (site admins: role=moderator|member)
///     GET  /c/{community}/requests             POST /c/{community}/requests/{id}   (decision, reason)
///     GET  /c/{community}/join-questions       POST /c/{community}/join-questions
struct MembershipController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("c/:community/join", use: joinPage)
        router.post("c/:community/join", use: join)
        router.post("c/:community/leave", use: leave)
        router.get("c/:community/members", use: members)
        router.post("c/:community/members/:handle/remove", use: remove)
        router.post("c/:community/members/:handle/role", use: setRole)
        router.get("c/:community/requests", use: requests)
        router.post("c/:community/requests/:id", use: decide)
        router.get("c/:community/join-questions", use: questionsPage)
        router.post("c/:community/join-questions", use: saveQuestions)
    }

    struct JoinForm: Decodable {
        let message: String?
        let answer_1, answer_2, answer_3, answer_4, answer_5: String?
        var answers: [String?] { [answer_1, answer_2, answer_3, answer_4, answer_5] }
    }

    // MARK: - Join and leave

    /// The community's front door: everyone may see what it is; signed in, how to join and who moderates, with the
    /// request form or the way to an invitation.
    @Sendable func joinPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.frontDoor(context)
        let page = try await joinPageModel(community, context: context)
        return try services.page(.communitiesJoin, title: "Join \(community.name)", page: page, context: context)
    }

    private func joinPageModel(_ community: Community, context: AppRequestContext, form: JoinForm? = nil, error: String? = nil) async throws -> JoinPage {
        let guardian = context.guardian
        let showDetails = guardian.canSeeJoinDetails(of: community)
        let questions = showDetails ? try await services.database.joinQuestions(communityID: community.id!) : []
        var latest: JoinRequest?
        if let user = context.user {
            latest = try await services.database.latestJoinRequest(communityID: community.id!, userID: user.id!)
        }
        let moderators = showDetails ? try services.database.moderators(communityID: community.id!) : []
        let answers = form?.answers ?? []
        var header = try await load.header(community, context)
        header.linked = guardian.canSee(community)
        let back = Paths.join(community)
        var page = JoinPage(
            community: header, summary: community.summary, paragraphs: Formatting.paragraphs(community.description),
            membersOnly: community.visibility == .members, showDetails: showDetails,
            joinLabel: CommunityLabels.join(community.joinPolicy), howToJoin: community.howToJoin.nonEmpty,
            moderators: moderators.map { ModeratorLink(name: $0.displayName, url: Paths.user($0.handle)) },
            signInURL: guardian.isSignedIn ? nil : Paths.signIn(next: back),
            signUpURL: guardian.isSignedIn ? nil : Paths.signUp(next: back),
            wasApproved: latest?.status == .approved && guardian.isMember(of: community),
            action: back,
            isOpen: community.joinPolicy == .open, isRequest: community.joinPolicy == .request,
            isInvite: community.joinPolicy == .invite,
            canRequest: guardian.canRequestToJoin(community) && latest?.status != .pending,
            isMember: guardian.isMember(of: community),
            pending: latest?.status == .pending,
            declinedReason: latest?.status == .declined ? latest?.reason.nonEmpty : nil,
            wasDeclined: latest?.status == .declined && !guardian.isMember(of: community),
            questions: questions.enumerated().map { index, question in
                QuestionField(name: "answer_\(index + 1)", label: question.text,
                              value: index < answers.count ? (answers[index] ?? "") : "")
            })
        page.message = form?.message ?? ""
        page.error = error
        return page
    }

    @Sendable func join(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.frontDoor(context)
        let user = try load.actingUser(context)
        let form = try await FormBody.decode(JoinForm.self, from: request, context: context)
        let guardian = context.guardian
        try guardian.ensureMayJoin(community)
        switch community.joinPolicy {
        case .invite:
            throw AppError.forbidden("\(community.name) is by invitation only. Ask one of its moderators for an invitation.")
        case .open:
            if !cleanText(form.message).isEmpty {
                throw AppError.conflict("\(community.name) is open to everyone: join it directly, no request is needed.")
            }
            try guardian.ensureCanJoin(community)
            try await services.database.addMember(communityID: community.id!, userID: user.id!, now: services.now,
                                                  checking: guardian.communityCheck(community) { try $0.ensureCanJoin($1) })
            return redirect(to: Paths.community(community) + "?notice=joined")
        case .request:
            try guardian.ensureCanRequestToJoin(community)
            let message = cleanText(form.message)
            let questions = try await services.database.joinQuestions(communityID: community.id!)
            let answers = questions.indices.map { cleanText(form.answers[$0]) }
            var problem: String?
            if message.isEmpty { problem = "Write a short message to the moderators: who you are and why you would like to join." }
            else if message.count > JoinRequest.maxMessageLength { problem = "The message can be at most \(JoinRequest.maxMessageLength) characters." }
            else if answers.contains(where: { $0.isEmpty }) { problem = "Please answer every question." }
            else if answers.contains(where: { $0.count > JoinRequest.maxAnswerLength }) { problem = "Each answer can be at most \(JoinRequest.maxAnswerLength) characters." }
            if let problem {
                let page = try await joinPageModel(community, context: context, form: form, error: problem)
                return try services.page(.communitiesJoin, title: "Join \(community.name)", page: page, context: context, status: .badRequest)
            }
            _ = try await services.database.createJoinRequest(JoinRequest(
                communityId: community.id!, userId: user.id!, message: message,
                answers: JoinRequest.encode(answers), createdAt: services.now),
                checking: guardian.communityCheck(community) { try $0.ensureCanRequestToJoin($1) })
            return redirect(to: Paths.join(community))
        }
    }

    @Sendable func leave(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureCanLeave(community)
        try await services.database.removeMember(communityID: community.id!, userID: context.user!.id!,
                                                 checking: context.guardian.communityCheck(community) { try $0.ensureCanLeave($1) })
        return redirect(to: Paths.community(community) + "?notice=left")
    }

    // MARK: - Members

    @Sendable func members(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureVisible(context.guardian.canSeeMembers(of: community))
        let rows = try await services.database.members(communityID: community.id!)
        let guardian = context.guardian
        let entries = rows.map { row in
            MemberEntry(
                displayName: row.user.displayName, handle: row.user.handle, profileURL: Paths.user(row.user.handle),
                organisation: row.user.organisation.nonEmpty, since: Formatting.day(row.membership.createdAt),
                canRemove: guardian.canRemove(row.membership, from: community),
                removeURL: Paths.removeMember(community, row.user.handle),
                canChangeRole: guardian.canAppointModerators(of: community),
                roleURL: Paths.memberRole(community, row.user.handle),
                makeModerator: row.membership.role == .member,
                silencedUntil: guardian.canManageMembers(of: community) && row.membership.isSilenced(at: services.now)
                    ? row.membership.silencedUntil.map(Formatting.day) : nil,
                silenceReason: row.membership.silenceReason,
                canSilence: guardian.canSilence(row.membership, in: community),
                silenceURL: Paths.silenceMember(community, row.user.handle),
                unsilenceURL: Paths.unsilenceMember(community, row.user.handle),
                silenceOptions: SilenceController.dayOptions)
        }
        let page = MembersPage(
            community: try await load.header(community, context),
            moderators: zip(rows, entries).filter { $0.0.membership.role == .moderator }.map(\.1),
            members: zip(rows, entries).filter { $0.0.membership.role == .member }.map(\.1),
            count: rows.count)
        return try services.page(.communitiesMembers, title: "Members of \(community.name)", page: page, context: context)
    }

    func targetMembership(_ community: Community, context: AppRequestContext) async throws -> (User, Membership) {
        guard let target = try await services.database.user(handle: context.parameters.get("handle") ?? ""),
              let membership = try await services.database.membership(communityID: community.id!, userID: target.id!)
        else { throw AppError.notFound }
        return (target, membership)
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureCanManageMembers(of: community, "Only this community's moderators can remove members.")
        let (target, membership) = try await targetMembership(community, context: context)
        try context.guardian.ensureCanRemove(membership, from: community)
        try await services.database.removeMember(communityID: community.id!, userID: target.id!, log: ModerationAction(
            communityId: community.id!, actorId: context.user!.id!, action: .removeMember, targetType: .user,
            targetId: target.id!, targetLabel: "@\(target.handle)", createdAt: services.now),
            checking: Self.memberCheck(context.guardian, community, userID: target.id!) { guardian, membership, community in
                try guardian.ensureCanRemove(membership, from: community)
            })
        return redirect(to: Paths.members(community))
    }

    struct RoleForm: Decodable { let role: String }

    static let decideRefusal = "Only this community's moderators decide join requests."
    static let questionsRefusal = "Only this community's moderators set its questions."

    @Sendable func setRole(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureCanAppointModerators(of: community)
        let form = try await FormBody.decode(RoleForm.self, from: request, context: context)
        guard let role = Membership.Role(rawValue: form.role) else {
            throw AppError.badRequest("The role must be “member” or “moderator”.")
        }
        let (target, membership) = try await targetMembership(community, context: context)
        try Self.ensureChanges(membership, to: role, target, community)
        try await services.database.setRole(communityID: community.id!, userID: target.id!, role: role, actorID: context.user!.id!, now: services.now,
                                            checking: Self.memberCheck(context.guardian, community, userID: target.id!) { guardian, membership, community in
            try guardian.ensureCanAppointModerators(of: community)
            try Self.ensureChanges(membership, to: role, target, community)
        })
        return redirect(to: Paths.members(community))
    }

    // MARK: - Join requests

    @Sendable func requests(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canManageMembers(of: community), "Only this community's moderators see its join requests.")
        let questions = try await services.database.joinQuestions(communityID: community.id!)
        let rows = try await services.database.pendingJoinRequests(communityID: community.id!)
        let entries = rows.map { row in
            let answers = row.joinRequest.answerList
            return RequestEntry(
                displayName: row.user.displayName, handle: row.user.handle, profileURL: Paths.user(row.user.handle),
                organisation: row.user.organisation.nonEmpty, message: row.joinRequest.message,
                answers: answers.enumerated().map { index, answer in
                    QuestionAnswer(question: index < questions.count ? questions[index].text : "Question \(index + 1)", answer: answer)
                },
                submitted: Formatting.moment(row.joinRequest.createdAt),
                action: Paths.decideRequest(community, row.joinRequest.id!), id: row.joinRequest.id!)
        }
        let page = RequestsPage(community: CommunityHeader(community), requests: entries)
        return try services.page(.communitiesRequests, title: "Join requests", page: page, context: context)
    }

    struct DecisionForm: Decodable {
        let decision: String
        let reason: String?
    }

    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        let moderator = try load.actingUser(context)
        try context.guardian.ensureCanManageMembers(of: community, Self.decideRefusal)
        let form = try await FormBody.decode(DecisionForm.self, from: request, context: context)
        guard let id = context.parameters.get("id", as: Int64.self),
              let joinRequest = try await services.database.joinRequest(id: id), joinRequest.communityId == community.id
        else { throw AppError.notFound }
        guard form.decision == "approve" || form.decision == "decline" else {
            throw AppError.badRequest("The decision must be “approve” or “decline”.")
        }
        let reason = cleanText(form.reason)
        guard reason.count <= JoinRequest.maxReasonLength else {
            throw AppError.badRequest("The reason can be at most \(JoinRequest.maxReasonLength) characters.")
        }
        // Inside the write: the request's community as it is then (a merge moves requests), still managed by this actor.
        try await services.database.decideJoinRequest(
            id: id, approve: form.decision == "approve", reason: reason, moderatorID: moderator.id!, now: services.now,
            checking: context.guardian.writeCheck { guardian, db in
                guard let request = try JoinRequest.fetchOne(db, key: id) else { throw AppError.notFound }
                try guardian.ensureCanManageMembers(of: CheckedRows.community(db, id: request.communityId), Self.decideRefusal)
            })
        return redirect(to: Paths.joinRequests(community))
    }

    // MARK: - Screening questions

    struct QuestionsForm: Decodable {
        let question_1, question_2, question_3, question_4, question_5: String?
        var all: [String] { [question_1, question_2, question_3, question_4, question_5].map(cleanText) }
    }

    @Sendable func questionsPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canManageMembers(of: community), Self.questionsRefusal)
        let questions = try await services.database.joinQuestions(communityID: community.id!).map(\.text)
        return try services.page(.communitiesQuestions, title: "Screening questions",
                                 page: questionsModel(community, texts: questions), context: context)
    }

    private func questionsModel(_ community: Community, texts: [String], error: String? = nil) -> QuestionsPage {
        QuestionsPage(
            community: CommunityHeader(community), action: Paths.joinQuestions(community),
            fields: (1...JoinQuestion.maxCount).map { n in
                QuestionField(name: "question_\(n)", label: "Question \(n)", value: n <= texts.count ? texts[n - 1] : "")
            },
            error: error)
    }

    @Sendable func saveQuestions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureCanManageMembers(of: community, Self.questionsRefusal)
        let form = try await FormBody.decode(QuestionsForm.self, from: request, context: context)
        if form.all.contains(where: { $0.count > JoinQuestion.maxLength }) {
            let page = questionsModel(community, texts: form.all, error: "A question can be at most \(JoinQuestion.maxLength) characters.")
            return try services.page(.communitiesQuestions, title: "Screening questions", page: page, context: context, status: .badRequest)
        }
        try await services.database.setJoinQuestions(communityID: community.id!, form.all.filter { !$0.isEmpty }, log: ModerationAction(
            communityId: community.id!, actorId: context.user!.id!, action: .setJoinQuestions, targetType: .community,
            targetId: community.id!, targetLabel: community.name, createdAt: services.now),
            checking: context.guardian.communityCheck(community) { try $0.ensureCanManageMembers(of: $1, Self.questionsRefusal) })
        return redirect(to: Paths.community(community) + "?notice=questions-saved")
    }
}
