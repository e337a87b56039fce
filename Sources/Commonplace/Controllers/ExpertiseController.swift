import Foundation
import Hummingbird

/// A member's expertise: topics they can help with and want to learn (from their communities' vocabularies
/// as checkboxes, plus free entries), and the opt-ins to being suggested and to mentoring.
///
///     GET  /settings/expertise     POST /settings/expertise
///          (help[] and learn[]: vocabulary topics; help_other, learn_other: topics one per line or comma-separated;
///           suggestable=true, mentor=true when opted in)
struct ExpertiseController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("settings/expertise", use: form)
        router.post("settings/expertise", use: save)
    }

    struct ExpertiseForm: Decodable {
        let help: [String]?
        let help_other: String?
        let learn: [String]?
        let learn_other: String?
        let suggestable: String?
        let mentor: String?
    }

    static let notices = ["saved": "Your expertise was saved."]

    /// The page for `expertise`: vocabulary topics as checkboxes, the rest in the free-entry boxes.
    private func page(_ expertise: Expertise, vocabulary: [String], context: AppRequestContext) async throws -> ExpertisePage {
        func choices(_ kind: String, _ topics: [String]) -> [TopicChoice] {
            vocabulary.enumerated().map { TopicChoice(id: "\(kind)-\($0.offset)", topic: $0.element, checked: topics.contains($0.element)) }
        }
        return ExpertisePage(
            nav: try await SettingsNav.make(.expertise, services: services, context: context),
            helpChoices: choices("help", expertise.help), learnChoices: choices("learn", expertise.learn),
            helpOther: expertise.help.filter { !vocabulary.contains($0) }.joined(separator: "\n"),
            learnOther: expertise.learn.filter { !vocabulary.contains($0) }.joined(separator: "\n"),
            suggestable: expertise.suggestable, mentor: expertise.mentor)
    }

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canSeeOwnLearning)
        let user = context.user!
        let expertise = try await services.database.expertise(userID: user.id!)
        let vocabulary = try await services.database.vocabulary(forMember: user.id!)
        let notice = request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] } ?? ""
        return try services.page(.accountExpertise, title: "Your expertise",
                                 page: try await page(expertise, vocabulary: vocabulary, context: context), context: context, notice: notice)
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureCanEditExpertise(ofUser: context.user?.id)
        let user = context.user!
        let form = try await FormBody.decode(ExpertiseForm.self, from: request, context: context)
        let expertise = Expertise(
            help: Topics.unique((form.help ?? []) + Topics.parse(form.help_other)),
            learn: Topics.unique((form.learn ?? []) + Topics.parse(form.learn_other)),
            suggestable: form.suggestable == "true", mentor: form.mentor == "true")
        let errors = ExpertiseErrors(
            help: Topics.problem(expertise.help, label: "Topics you can help with"),
            learn: Topics.problem(expertise.learn, label: "Topics you want to learn"))
        if errors.help != nil || errors.learn != nil {
            let vocabulary = try await services.database.vocabulary(forMember: user.id!)
            var page = try await page(expertise, vocabulary: vocabulary, context: context)
            page.errors = errors
            page.hasErrors = true
            return try services.page(.accountExpertise, title: "Your expertise", page: page, context: context, status: .badRequest)
        }
        let userID = user.id!
        // Inside the write: the account as it is then (a suspension may have committed since).
        try await services.database.saveExpertise(userID: userID, expertise, now: services.now,
                                                  checking: context.guardian.writeCheck { guardian, _ in try guardian.ensureCanEditExpertise(ofUser: userID) })
        return redirect(to: Paths.settingsExpertise + "?notice=saved")
    }
}
