import Foundation
import LessonEngine

/// `backprop solution N`: the reference code for a lesson's exercise, once the learner's own
/// version has passed (`backprop run N`), or earlier with `--force`; shown beside the learner's.
enum SolutionCommand: Command {
    static let name = "solution"
    static let overview = "Show the reference code for a lesson's exercise beside yours, after your version passes `backprop run N`."
    static let usage = "<lesson> [--force]"
    static let argumentHelp = [("<lesson>", "The lesson's number (4) or id (vectorised-backprop) of a lesson with an exercise.")]
    static let positionalCount = 1...1
    static let options: [OptionSpec] = [
        .flag("force", "Show the solution even though your version has not passed yet."),
    ]

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        let catalogue = try session.catalogue()
        let lesson = try session.lesson(arguments.positionals[0], in: catalogue)
        let me = Session.invocation
        let withExercise = catalogue.lessons.filter { !$0.exercises.isEmpty }
        guard !lesson.exercises.isEmpty else {
            let list = withExercise.map { "\($0.number) (\($0.id))" }.joined(separator: ", ")
            throw UsageError(message: "lesson \(lesson.number) (\(lesson.title)) has no exercise, so it has no solution to show",
                             hint: "the lessons with an exercise are \(list); try `\(me) solution \(withExercise.first?.number ?? 2)`")
        }
        let files = lesson.exercises.map { String($0.source.split(separator: "#").first ?? "") }
        let passed = try session.loadProgress().records[lesson.id]?.minePassed != nil
        let force = arguments.has("force")
        if !passed && !force {
            Session.printError("""
            error: the solution to lesson \(lesson.number) is locked until your own version passes.
            hint: write your code in \(files.joined(separator: ", ")), then run `\(me) run \(lesson.number)`; once it passes, `\(me) solution \(lesson.number)` shows the reference beside yours. To see it now anyway: `\(me) solution \(lesson.number) --force`.
            """)
            return ExitStatus.checkFailed
        }
        let presenter = session.presenter()
        let style = session.style
        var lines = ["", style.heading("Solution · lesson \(lesson.number), \(lesson.title)")]
        if !passed {
            lines += ["", style.yellow("Showing the reference because of --force: your version has not passed `\(me) run \(lesson.number)` yet.")]
        }
        for exercise in lesson.exercises {
            lines += [""] + InlineText.wrap(InlineText.render("Yours (`\(exercise.source)`):", style: style), width: style.width)
            for block in lesson.blocks {
                if case .code(_, let text, exercise.source?) = block {
                    lines += presenter.lines(for: .code(language: "swift", text: text, source: exercise.source))
                    break
                }
            }
            lines += [""] + InlineText.wrap(InlineText.render("The reference (`\(exercise.referenceSource)`):", style: style), width: style.width)
            lines += presenter.lines(for: .code(language: "swift", text: exercise.referenceText, source: exercise.referenceSource))
        }
        presenter.say(lines + [""])
        return ExitStatus.success
    }
}
