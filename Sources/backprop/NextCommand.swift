import LessonEngine

/// `backprop next` (also `backprop` alone): run the first lesson that has not passed.
enum NextCommand: Command {
    static let name = "next"
    static let overview = "Continue the course: run the first lesson that has not passed (the default command)."
    static let usage = "[--quick] [--mine] [--seed <n>] [--data <dir>]"
    static let options = RunCommand.runOptions.filter { $0.name != "force" }

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        let catalogue = try session.catalogue()
        let progress = try session.loadProgress()
        guard let lesson = Gating.next(in: catalogue, progress: progress) else {
            Session.print("Every lesson has passed (\(catalogue.lessons.count) of \(catalogue.lessons.count)). Rerun any with `backprop run N`, or `backprop reset` to start over.")
            return ExitStatus.success
        }
        return try LessonRun.run(lesson, in: catalogue, session: session, force: false)
    }
}
