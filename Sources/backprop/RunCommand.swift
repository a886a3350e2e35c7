/// `backprop run N|id`: render and run one lesson, record the verdict.
enum RunCommand: Command {
    static let name = "run"
    static let overview = "Run a lesson on your code: its text, your exercise, the stage's output and the verdict of its checks."
    static let usage = "<lesson> [--force] [--quick] [--results] [--reference] [--seed <n>] [--data <dir>]"
    static let argumentHelp = [("<lesson>", "The lesson's number (3) or id (softmax-cross-entropy).")]
    static let positionalCount = 1...1
    static let options = runOptions
    static let runOptions: [OptionSpec] = [
        .flag("force", "Run the lesson even if it is locked (earlier lessons not passed yet)."),
        .flag("quick", "Smaller data and fewer epochs (quicker, looser)."),
        .flag("results", "Show only the checks and the verdict, not the lesson's text (the default for `watch`)."),
        .flag("reference", "Reading tour: run the course's reference code instead of yours; recorded apart from your progress."),
        .flag("mine", "Run your code in Sources/Exercises (the default; kept for old scripts)."),
        .value("seed", "<n>", "Seed for every random choice (default 42)."),
        .value("data", "<dir>", "Directory holding the Fashion-MNIST files."),
    ]

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        let catalogue = try session.catalogue()
        let lesson = try session.lesson(arguments.positionals[0], in: catalogue)
        return try LessonRun.run(lesson, in: catalogue, session: session, force: arguments.has("force"),
                                 tour: session.tour, resultsOnly: arguments.has("results"))
    }
}
