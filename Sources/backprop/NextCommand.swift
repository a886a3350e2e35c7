import LessonEngine

/// `backprop next` (also `backprop` alone): run the first lesson that has not passed.
enum NextCommand: Command {
    static let name = "next"
    static let overview = "Continue the course: run the first lesson your code has not passed yet (the default command)."
    static let usage = "[--quick] [--results] [--reference] [--seed <n>] [--data <dir>]"
    static let options = RunCommand.runOptions.filter { $0.name != "force" }

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        try runNext(session: session, tour: session.tour, resultsOnly: arguments.has("results"))
    }

    static func runNext(session: Session, tour: Bool, resultsOnly: Bool) throws -> Int32 {
        let catalogue = try session.catalogue()
        let progress = try session.loadProgress()
        let me = Session.invocation
        guard let lesson = Gating.next(in: catalogue, progress: tour ? progress.tourView : progress) else {
            Session.print(tour
                ? "The reading tour is complete (\(catalogue.lessons.count) lessons, reference code). Your own progress: `\(me) list`."
                : "Every lesson has passed (\(catalogue.lessons.count) of \(catalogue.lessons.count)). Rerun any with `\(me) run N`, or `\(me) reset` to start over.")
            return ExitStatus.success
        }
        return try LessonRun.run(lesson, in: catalogue, session: session, force: false, tour: tour, resultsOnly: resultsOnly)
    }
}
