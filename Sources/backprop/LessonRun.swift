import Foundation
import LessonEngine

/// Running one lesson the way `run`, `next` and `watch` do: gate, render, run, record,
/// show hints on failure.
enum LessonRun {
    static func run(_ lesson: Lesson, in catalogue: LessonCatalogue, session: Session, force: Bool) throws -> Int32 {
        let store = try session.store()
        var progress = try session.loadProgress()
        let presenter = session.presenter()
        let style = session.style
        let blockers = Gating.blockers(of: lesson, in: catalogue, progress: progress)
        var note: String?
        if !blockers.isEmpty && progress.records[lesson.id]?.status != .passed {
            let first = blockers[0]
            if !force {
                Session.printError("""
                error: lesson \(lesson.number) (\(lesson.title)) is locked: lesson \(first.number) (\(first.title)) has not passed yet.
                hint: run `backprop run \(first.number)` first, or `backprop run \(lesson.number) --force` to run it anyway.
                """)
                return ExitStatus.usage
            }
            note = "Running a locked lesson because of --force: lesson \(first.number) (\(first.title)) has not passed yet."
        }
        let options = try session.runOptions()
        if options.mine, let stale = StaleBuild.message(course: try session.courseDirectory()) {   // never check an old build
            Session.printError(stale)
            return ExitStatus.usage
        }
        if options.mine { note = [note, "Checking your code in Sources/Exercises (--mine)."].compactMap { $0 }.joined(separator: "\n") }
        presenter.title(lesson, note: note)
        let recorder = RecordingPresenter(wrapping: presenter, lesson: lesson)  // outputs kept for `export --reuse`
        let result = ChildRun.run(lesson, options: options, presenter: recorder, session: session)  // --mine: in a child process
        try? OutputRecordingStore(progress: store).save(recorder.recording(options: options))
        presenter.say(presenter.verdict(result, lesson: lesson))

        var record = progress.records[lesson.id] ?? LessonRecord(status: .notRun, lastRun: Date())
        record.status = result.passed ? .passed : .failed
        record.lastRun = Date()
        if options.mine && result.passed && record.minePassed == nil { record.minePassed = record.lastRun }
        if !result.passed && !lesson.hints.isEmpty {
            record.hintsShown = min(lesson.hints.count, record.hintsShown + 1)
            presenter.say(hintLines(lesson, shown: record.hintsShown, style: style))
        }
        progress.records[lesson.id] = record
        try store.save(progress)

        if result.passed {
            if let next = catalogue.lessons.first(where: { $0.number > lesson.number }) {
                presenter.say(["  Next: lesson \(next.number), \(next.title). Run `backprop next`.", ""])
            } else {
                presenter.say(["  That was the last lesson. Well done.", ""])
            }
            return ExitStatus.success
        }
        presenter.say(["  Fix what the failed checks point at, then `backprop run \(lesson.number)` again" +
                       (lesson.hints.count > record.hintsShown ? " (or `backprop hint \(lesson.number)` for another hint)." : "."), ""])
        return ExitStatus.checkFailed
    }

    /// Hints 1…shown of the lesson, numbered.
    static func hintLines(_ lesson: Lesson, shown: Int, style: TerminalStyle) -> [String] {
        var lines = [""]
        for (index, hint) in lesson.hints.prefix(shown).enumerated() {
            let label = style.yellow("Hint \(index + 1)/\(lesson.hints.count): ")
            lines += InlineText.wrap(InlineText.render(hint, style: style), width: style.width, firstPrefix: "  " + label, indent: "    ")
        }
        return lines
    }
}
