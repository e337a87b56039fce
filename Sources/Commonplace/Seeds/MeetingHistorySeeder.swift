import Foundation

/// What happened at an event's dates in the demo data (`seeds/meetings.json`, each event's `dates`): who answered,
/// the questions asked and answered, and the record (notes, decisions, recording, action items), so search finds what
/// was said in meetings. Written through the same `AppDatabase` methods as the site's forms, only for an event the
/// seeder has just scheduled (a second run changes nothing).
struct MeetingHistorySeeder {
    let database: AppDatabase
    let now: Date

    /// One date of an event: `date` -1 is the last one that took place, -2 the one before; 1 the next one to come.
    struct SeedDate: Decodable {
        let date: Int
        let notes, decisions, recording: String?
        let actions: [SeedAction]?
        let answers: [String: [String]]?
        let questions: [SeedQuestion]?
    }
    struct SeedAction: Decodable {
        let text: String
        let owner: String?
        let done: Bool?
    }
    struct SeedQuestion: Decodable {
        let author, body: String
        let anonymous: Bool?
        let votes: [String]?
        let answer: String?
    }

    func run(_ seeds: [SeedDate], meeting: Meeting) async throws {
        let rows = try await database.occurrences(meetingID: meeting.id!).filter { !$0.isCancelled }
        let past = Array(rows.filter { $0.endsAt <= now }.reversed())
        let upcoming = rows.filter { $0.endsAt > now }
        for seed in seeds {
            let list = seed.date < 0 ? past : upcoming
            let index = abs(seed.date) - 1
            guard seed.date != 0, list.indices.contains(index) else {
                throw CommandError("meetings.json: “\(meeting.title)” has no date \(seed.date) for its history")
            }
            try await write(seed, on: list[index], meeting: meeting)
        }
    }

    private func write(_ seed: SeedDate, on occurrence: MeetingOccurrence, meeting: Meeting) async throws {
        let id = meeting.id!, day = occurrence.localDate
        let isPast = occurrence.endsAt <= now
        // Answers come in the week before; questions are answered during the session, the record written after it.
        let answeredAt = min(now, occurrence.startsAt.addingTimeInterval(-3 * 86_400))
        if let unknown = (seed.answers ?? [:]).keys.first(where: { MeetingRSVP.Response(rawValue: $0) == nil }) {
            throw CommandError("meetings.json: “\(meeting.title)” has an unknown answer \(unknown)")
        }
        for response in MeetingRSVP.Response.allCases {
            var users: [Int64] = []
            for handle in seed.answers?[response.rawValue] ?? [] { users.append(try await user(handle)) }
            if isPast {
                try await database.importPastAnswers(occurrenceID: occurrence.id!, answers: users.map { ($0, response) },
                                                     at: answeredAt, checking: .trusted)
            } else {
                for userID in users {
                    _ = try await database.answerRSVP(meetingID: id, userID: userID, response: response, scope: .date(day),
                                                      now: now, checking: .trusted)
                }
            }
        }
        for question in seed.questions ?? [] {
            let asked = try await database.askQuestion(
                meetingID: id, localDate: day, authorID: try await user(question.author), body: question.body,
                anonymous: question.anonymous ?? false, now: answeredAt, checking: .trusted)
            for voter in question.votes ?? [] {
                try await database.setQuestionVote(questionID: asked.id!, userID: try await user(voter), voted: true,
                                                   now: answeredAt, checking: .trusted)
            }
            if let answer = question.answer, isPast {
                try await database.setQuestionAnswered(id: asked.id!, answered: true, note: answer,
                                                       now: occurrence.startsAt.addingTimeInterval(1_800), checking: .trusted)
            }
        }
        guard isPast else { return }
        let after = occurrence.endsAt.addingTimeInterval(3_600)
        if seed.notes != nil || seed.decisions != nil || seed.recording != nil {
            try await database.saveMeetingRecord(
                meetingID: id, localDate: day, notes: RenderedText.from(seed.notes ?? ""),
                decisions: RenderedText.from(seed.decisions ?? ""), recordingURL: seed.recording ?? "", now: after,
                checking: .trusted)
        }
        for action in seed.actions ?? [] {
            try await database.addActionItem(meetingID: id, localDate: day, text: action.text, ownerHandle: action.owner,
                                             now: after, checking: .trusted)
        }
        let done = (seed.actions ?? []).filter { $0.done == true }.map(\.text)
        if !done.isEmpty {
            for item in try await database.meetingRecord(occurrenceID: occurrence.id!).actionItems where done.contains(item.item.text) {
                try await database.changeActionItem(id: item.item.id!, occurrenceID: occurrence.id!, change: .done,
                                                    now: after.addingTimeInterval(7 * 86_400), checking: .trusted)
            }
        }
    }

    private func user(_ handle: String) async throws -> Int64 {
        guard let id = try await database.user(handle: handle)?.id else {
            throw CommandError("meetings.json names an unknown member \(handle)")
        }
        return id
    }
}
