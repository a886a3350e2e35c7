import LessonEngine

/// `backprop hint N`: show one more hint of a lesson.
enum HintCommand: Command {
    static let name = "hint"
    static let overview = "Show one more hint for a lesson's exercise (and the ones already shown); the last one gives the formula."
    static let usage = "<lesson>"
    static let argumentHelp = [("<lesson>", "The lesson's number or id.")]
    static let positionalCount = 1...1
    static let options: [OptionSpec] = []

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        let catalogue = try session.catalogue()
        let lesson = try session.lesson(arguments.positionals[0], in: catalogue)
        guard !lesson.hints.isEmpty else {
            Session.print("Lesson \(lesson.number) has no hints. Read its checks' details after `\(Session.invocation) run \(lesson.number)`.")
            return ExitStatus.success
        }
        // Under the progress lock: another `backprop` may be recording a run right now.
        let ((record, alreadyAll), notice) = try session.store().update { state -> (LessonRecord, Bool) in
            var record = state.records[lesson.id] ?? LessonRecord(status: .notRun, lastRun: .distantPast)
            let alreadyAll = record.hintsShown >= lesson.hints.count
            record.hintsShown = min(lesson.hints.count, record.hintsShown + 1)
            state.records[lesson.id] = record
            return (record, alreadyAll)
        }
        if let notice { Session.printError(notice) }
        let presenter = session.presenter()
        presenter.say(LessonRun.hintLines(lesson, shown: record.hintsShown, style: session.style))
        if alreadyAll { presenter.say(["", "  That was every hint for lesson \(lesson.number)."]) }
        return ExitStatus.success
    }
}
