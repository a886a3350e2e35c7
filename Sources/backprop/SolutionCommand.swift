import Foundation
import LessonEngine

/// `backprop solution N`: the reference code for a lesson's exercise, once the learner's own
/// version has passed (`backprop run N --mine`), or earlier with `--force`.
enum SolutionCommand: Command {
    static let name = "solution"
    static let overview = "Show the reference code for a lesson's exercise, after your version passes `backprop run N --mine`."
    static let usage = "<lesson> [--force]"
    static let argumentHelp = [("<lesson>", "The lesson's number (4) or id (vectorised-backprop); lessons 2, 4, 5 and 6 have exercises.")]
    static let positionalCount = 1...1
    static let options: [OptionSpec] = [
        .flag("force", "Show the solution even though your version has not passed yet."),
    ]

    /// One exercise: where the learner writes it, and the reference regions that solve it.
    struct Solution {
        let exerciseFile: String
        let function: String
        let references: [(path: String, region: String)]
        let note: String?
    }

    /// Solutions by lesson id (ids, unlike numbers, do not move when lessons are added).
    static let solutions: [String: Solution] = [
        "chain-rule": Solution(
            exerciseFile: "Sources/Exercises/ChainRuleExercise.swift",
            function: "ExerciseChainRule.gradients(network:input:target:)",
            references: [("Sources/NeuralNet/PerElementNetwork+Gradients.swift", "per-element-gradients")],
            note: "The reference is a method of `PerElementNetwork`; `ChainRule.gradients(network:input:target:)` calls it with the exercise's signature."),
        "vectorised-backprop": Solution(
            exerciseFile: "Sources/Exercises/VectorisedBackpropExercise.swift",
            function: "ExerciseVectorisedBackprop.gradients(parameters:input:targets:)",
            references: [("Sources/Stages/VectorisedBackprop.swift", "vectorised-forward"),
                         ("Sources/Stages/VectorisedBackprop.swift", "vectorised-backward")],
            note: nil),
        "softmax-cross-entropy": Solution(
            exerciseFile: "Sources/Exercises/SoftmaxCrossEntropyExercise.swift",
            function: "ExerciseSoftmaxCrossEntropy.softmax(logits:) and .logitGradient(logits:targets:)",
            references: [("Sources/Stages/SoftmaxCrossEntropy.swift", "naive-and-stable-softmax"),
                         ("Sources/Stages/SoftmaxCrossEntropy.swift", "collapsed-gradient")],
            note: "`softmax(logits:)` applies `stableSoftmax` to each row of the N×K logits."),
        "relu-kinks": Solution(
            exerciseFile: "Sources/Exercises/ReLUKinksExercise.swift",
            function: "ExerciseReLUKinks.reluBackward(outputGradient:preActivation:)",
            references: [("Sources/Stages/ReLUKinks.swift", "relu-backward")],
            note: nil),
    ]

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        let catalogue = try session.catalogue()
        let lesson = try session.lesson(arguments.positionals[0], in: catalogue)
        let withExercise = catalogue.lessons.filter { solutions[$0.id] != nil }
        guard let solution = solutions[lesson.id] else {
            let list = withExercise.map { "\($0.number) (\($0.id))" }.joined(separator: ", ")
            throw UsageError(message: "lesson \(lesson.number) (\(lesson.title)) has no exercise, so it has no solution to show",
                             hint: "the lessons with an exercise are \(list); try `backprop solution \(withExercise.first?.number ?? 2)`")
        }
        let passed = try session.loadProgress().records[lesson.id]?.minePassed != nil
        let force = arguments.has("force")
        if !passed && !force {
            Session.printError("""
            error: the solution to lesson \(lesson.number) is locked until your own version passes.
            hint: write \(solution.function) in \(solution.exerciseFile), then run `backprop run \(lesson.number) --mine`; once it passes, `backprop solution \(lesson.number)` shows the reference. To see it now anyway: `backprop solution \(lesson.number) --force`.
            """)
            return ExitStatus.checkFailed
        }
        let root = try session.courseDirectory()
        var blocks: [(String, String)] = []
        for (path, region) in solution.references {
            let url = root.appendingPathComponent(path)
            guard let source = try? String(contentsOf: url, encoding: .utf8) else {
                Session.printError("error: cannot read \(url.path)\nhint: run backprop inside the backprop checkout (or pass --course DIR).")
                return ExitStatus.badInput
            }
            guard let text = SourceRegion.extract(region, from: source) else {
                Session.printError("error: \(url.path) has no region '\(region)' (lines between `// region \(region)` and `// endregion`)\nhint: the file was edited; restore the region markers with git.")
                return ExitStatus.badInput
            }
            blocks.append(("\(path)#\(region)", text))
        }

        let presenter = session.presenter()
        let style = session.style
        var lines = ["", style.heading("Solution · lesson \(lesson.number), \(lesson.title)")]
        if !passed {
            lines += ["", style.yellow("Showing the reference because of --force: your version has not passed `backprop run \(lesson.number) --mine` yet.")]
        }
        let intro = "Your exercise: \(solution.function) in \(solution.exerciseFile). The reference:"
        lines += [""] + InlineText.wrap(InlineText.render(intro, style: style), width: style.width)
        for (caption, text) in blocks {
            lines += presenter.lines(for: .code(language: "swift", text: text, source: caption))
        }
        if let note = solution.note {
            lines += [""] + InlineText.wrap(InlineText.render(note, style: style), width: style.width)
        }
        presenter.say(lines + [""])
        return ExitStatus.success
    }
}
