/// `backprop run N|id`: render and run one lesson, record the verdict.
enum RunCommand: Command {
    static let name = "run"
    static let overview = "Run a lesson: its text, its code, the output of its stage and the verdict of its checks."
    static let usage = "<lesson> [--force] [--quick] [--mine] [--seed <n>] [--data <dir>]"
    static let argumentHelp = [("<lesson>", "The lesson's number (3) or id (softmax-cross-entropy).")]
    static let positionalCount = 1...1
    static let options = runOptions
    static let runOptions: [OptionSpec] = [
        .flag("force", "Run the lesson even if it is locked (earlier lessons not passed yet)."),
        .flag("quick", "Smaller data and fewer epochs (quicker, looser)."),
        .flag("mine", "Check your code in Sources/Exercises instead of the reference."),
        .value("seed", "<n>", "Seed for every random choice (default 42)."),
        .value("data", "<dir>", "Directory holding the Fashion-MNIST files."),
    ]

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        let catalogue = try session.catalogue()
        let lesson = try session.lesson(arguments.positionals[0], in: catalogue)
        return try LessonRun.run(lesson, in: catalogue, session: session, force: arguments.has("force"))
    }
}
