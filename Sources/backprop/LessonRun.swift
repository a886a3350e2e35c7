import Datasets
import Foundation
import LessonEngine
import NeuralNet

/// Running one lesson the way `run`, `next`, `tour` and `watch` do: gate, render, run, record.
/// By default the lesson runs the learner's code (Sources/Exercises) and records into the
/// learner's progress; the reading tour (`tour: true`) runs the reference and records apart.
enum LessonRun {
    static func run(_ lesson: Lesson, in catalogue: LessonCatalogue, session: Session, force: Bool,
                    tour: Bool = false, resultsOnly: Bool = false) throws -> Int32 {
        let store = try session.store()
        let progress = try session.loadProgress()
        let me = Session.invocation
        let modeFlag = tour ? " --reference" : ""
        let gatingView = tour ? progress.tourView : progress
        let blockers = Gating.blockers(of: lesson, in: catalogue, progress: gatingView)
        var note: String?
        if !blockers.isEmpty && gatingView.records[lesson.id]?.status != .passed {
            let first = blockers[0]
            if !force {
                Session.printError("""
                error: lesson \(lesson.number) (\(lesson.title)) is locked: lesson \(first.number) (\(first.title)) has not passed yet\(tour ? " in the reading tour" : "").
                hint: run `\(me) run \(first.number)\(modeFlag)` first, or `\(me) run \(lesson.number)\(modeFlag) --force` to run it anyway.
                """)
                return ExitStatus.usage
            }
            note = "Running a locked lesson because of --force: lesson \(first.number) (\(first.title)) has not passed yet."
        }
        var options = try session.runOptions()
        let hasExercise = !lesson.exercises.isEmpty
        options.mine = !tour && hasExercise   // lessons without an exercise run the course's code in-process
        if options.mine, let stale = StaleBuild.message(course: try session.courseDirectory()) {   // never check an old build
            Session.printError(stale)
            return ExitStatus.usage
        }
        if tour {
            note = [note, "Reading tour: this runs the course's reference code, not yours; progress is kept apart from your own."].compactMap { $0 }.joined(separator: "\n")
        } else if hasExercise {
            var files: [String] = []   // each file once, in the order the lesson shows them
            for exercise in lesson.exercises {
                let file = exercise.source.split(separator: "#").first.map(String.init) ?? exercise.source
                if !files.contains(file) { files.append(file) }
            }
            note = [note, "This lesson runs your code: \(files.joined(separator: ", "))."].compactMap { $0 }.joined(separator: "\n")
        }
        let terminal = session.presenter()
        let shown = tour ? lesson.withReferenceCode : lesson
        let presenter: any LessonPresenter = resultsOnly ? ResultsOnlyPresenter(wrapping: terminal) : terminal
        if resultsOnly {
            terminal.say(["", "Lesson \(lesson.number) · \(lesson.title)" + (tour ? " (reading tour: the reference code)" : "")])
        } else {
            terminal.title(shown, note: note)
        }
        let recorder = RecordingPresenter(wrapping: presenter, lesson: shown)  // outputs kept for `export --reuse`
        let result = LessonInterruption.shared.running("lesson \(lesson.number)", rerun: "\(me) run \(lesson.number)\(modeFlag)\(note?.contains("--force") == true ? " --force" : "")") {
            ChildRun.run(shown, options: options, presenter: recorder, session: session)  // learner code: in a child process
        }
        if !tour { try? OutputRecordingStore(progress: store).save(recorder.recording(options: options)) }
        terminal.say(terminal.verdict(result, lesson: lesson))

        // Under the progress lock, on the state as it is now: only this lesson's record (of
        // this mode: the learner's or the tour's) changes.
        let (record, notice) = try store.update { state -> LessonRecord in
            var record = state.records(tour: tour)[lesson.id] ?? LessonRecord(status: .notRun, lastRun: Date())
            record.status = result.passed ? .passed : .failed
            record.lastRun = Date()
            if !tour && hasExercise && result.passed && record.minePassed == nil { record.minePassed = record.lastRun }
            state.set(record, for: lesson.id, tour: tour)
            return record
        }
        if let notice { Session.printError(notice) }

        let rerun = "\(me) run \(lesson.number)\(modeFlag)\(note?.contains("--force") == true ? " --force" : "")"
        if result.passed {
            var lines: [String] = []
            if tour { lines.append("  " + terminal.style.yellow("Reading tour: that was the reference code passing, not yours. Your own progress is unchanged (`\(me) list`).")) }
            if !tour && hasExercise { lines.append("  Your code passed. `\(me) solution \(lesson.number)` shows the reference beside yours.") }
            if let next = catalogue.lessons.first(where: { $0.number > lesson.number }) {
                lines.append("  Next: lesson \(next.number), \(next.title). Run `\(me) \(tour ? "tour" : "next")`.")
            } else {
                lines.append(tour ? "  That was the last lesson of the tour." : "  That was the last lesson. Well done.")
            }
            terminal.say(lines + [""])
            return ExitStatus.success
        }
        if !result.inputErrors.isEmpty {
            // Bad data (missing or truncated files, broken weights): the input's fault, exit 3.
            Session.printError("error: lesson \(lesson.number) could not run because an input file is bad:\n"
                               + result.inputErrors.map { $0.hasPrefix("error: ") ? String($0.dropFirst(7)) : $0 }.joined(separator: "\n"))
            return ExitStatus.badInput
        }
        var lines = ["  Fix what the failed checks point at, then re-run it: `\(rerun)`"
                     + (resultsOnly ? "." : " (or `\(rerun) --results` for just the verdict).")]
        if !tour && hasExercise {
            let more = record.hintsShown < lesson.hints.count
            lines.append(more ? "  Stuck? `\(me) hint \(lesson.number)` shows hint \(record.hintsShown + 1) of \(lesson.hints.count)."
                              : "  You have seen every hint (`\(me) hint \(lesson.number)` repeats them).")
        }
        terminal.say(lines + [""])
        return ExitStatus.checkFailed
    }

    /// Errors that mean an input file is bad (data, weights) rather than a wrong answer.
    @Sendable static func isBadInput(_ error: any Error) -> Bool {
        error is DatasetError || error is IDXError || error is GzipError || error is WeightsError || error is NetworkWeightsError
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

/// `--results`: only the checks a lesson emits (with their details), none of its text.
final class ResultsOnlyPresenter: LessonPresenter {
    let terminal: TerminalPresenter
    init(wrapping terminal: TerminalPresenter) { self.terminal = terminal }
    func present(_ block: LessonBlock, of lesson: Lesson) {}
    func present(_ output: OutputBlock) {
        if case .check = output { terminal.present(output) }
    }
    func progress(label: String, total: Int) -> any ProgressReporter { SilentProgress() }
}
