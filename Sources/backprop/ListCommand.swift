import Foundation
import LessonEngine

/// `backprop list`: every lesson with its status and when it last ran.
enum ListCommand: Command {
    static let name = "list"
    static let overview = "List the lessons with their status (passed, failed, not run, locked) and when each last ran."
    static let usage = ""
    static let options: [OptionSpec] = [
        .flag("reference", "Show the reading tour's progress (reference code) instead of yours."),
    ]

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        let catalogue = try session.catalogue()
        let stored = try session.loadProgress()
        let tour = session.tour
        let progress = tour ? stored.tourView : stored
        let me = Session.invocation
        let style = session.style
        let rows = catalogue.lessons.map { lesson -> [String] in
            let status = Gating.status(of: lesson, in: catalogue, progress: progress)
            let statusText: String
            switch status {
            case .passed: statusText = style.green(style.color ? "✓ passed" : "passed")
            case .failed: statusText = style.red(style.color ? "✗ failed" : "failed")
            case .notRun: statusText = style.yellow("not run")
            case .locked: statusText = style.dim("locked")
            }
            let lastRun = progress.records[lesson.id].flatMap { $0.status == .notRun ? nil : relative($0.lastRun) } ?? "never"
            let exercise: String
            if lesson.exercises.isEmpty {
                exercise = style.dim("—")
            } else if tour {
                exercise = style.dim("reference")
            } else {
                switch progress.records[lesson.id]?.status {
                case .passed?: exercise = style.green(style.color ? "✓ solved" : "solved")
                case .failed?: exercise = style.red(style.color ? "✗ failing" : "failing")
                default: exercise = style.yellow("to write")
                }
            }
            return ["\(lesson.number)", lesson.title, statusText, exercise, lastRun]
        }
        let table = Table(title: tour ? "Reading tour (reference code; your own progress is `\(me) list`)" : nil,
                          headers: ["#", "lesson", "status", "your code", "last run"], rows: rows,
                          rightAligned: [true, false, false, false, false])
        let presenter = session.presenter()
        presenter.say(TableRenderer.render(table, style: style))
        if let next = Gating.next(in: catalogue, progress: progress) {
            presenter.say(["Next: lesson \(next.number), \(next.title). Run `\(me) \(tour ? "tour" : "next")` (or `\(me) \(tour ? "tour" : "run") \(next.number)`)."])
        } else {
            presenter.say(["Every lesson has passed."])
        }
        return ExitStatus.success
    }

    /// `just now`, `5 min ago`, `3 h ago`, else the date and time.
    static func relative(_ date: Date, now: Date = Date()) -> String {
        let seconds = now.timeIntervalSince(date)
        if seconds < 60 { return "just now" }
        if seconds < 3600 { return "\(Int(seconds / 60)) min ago" }
        if seconds < 86_400 { return "\(Int(seconds / 3600)) h ago" }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
