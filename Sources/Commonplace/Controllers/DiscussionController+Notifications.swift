import Foundation

extension DiscussionController {
    /// Opening a discussion marks the member's notifications about it read. The unread summary is kept in memory
    /// (`AppDatabase.unreadSummary`), so a page view writes only when there is something to mark. When the server
    /// cannot save, the page is shown all the same (they stay unread until a later visit).
    func markNotificationsRead(discussionID: Int64, context: AppRequestContext) async {
        guard let userID = context.user?.id,
              (try? services.database.unreadSummary(for: context.guardian).discussions.contains(discussionID)) == true else { return }
        do {
            _ = try await services.database.markDiscussionNotificationsRead(userID: userID, discussionID: discussionID, now: context.now)
        } catch {
            if let problem = StorageProblem(error) {
                services.storageHealth.record(problem, at: context.now, logger: services.logger, detail: String(describing: error))
            } else {
                services.logger.error("marking notifications read failed: \(error)")
            }
        }
    }
}
