import LessonEngine

/// `backprop tour [N]`: the reading tour. Runs the course's reference implementations (for
/// readers who do not want to write the exercises); progress is recorded apart from the
/// learner's and every footer says it was the reference.
enum TourCommand: Command {
    static let name = "tour"
    static let overview = "Reading tour: run the next lesson (or lesson N) on the course's reference code, not yours; kept apart from your progress."
    static let usage = "[<lesson>] [--force] [--quick] [--results] [--seed <n>] [--data <dir>]"
    static let argumentHelp = [("<lesson>", "The lesson's number or id (default: the next lesson the tour has not passed).")]
    static let positionalCount = 0...1
    static let options = RunCommand.runOptions.filter { $0.name != "reference" && $0.name != "mine" }

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        guard let reference = arguments.positionals.first else {
            return try NextCommand.runNext(session: session, tour: true, resultsOnly: arguments.has("results"))
        }
        let catalogue = try session.catalogue()
        let lesson = try session.lesson(reference, in: catalogue)
        return try LessonRun.run(lesson, in: catalogue, session: session, force: arguments.has("force"),
                                 tour: true, resultsOnly: arguments.has("results"))
    }
}
