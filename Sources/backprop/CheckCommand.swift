import LessonEngine

/// `backprop check`: every lesson's checks in order, locks ignored; a results table.
enum CheckCommand: Command {
    static let name = "check"
    static let overview = "Run every lesson's checks in order (ignoring locks) on the reference code (CI), or on yours with --mine; exit 1 if any fails, 3 if an input file is bad."
    static let usage = "[--quick] [--mine] [--seed <n>] [--data <dir>]"
    static let options: [OptionSpec] = [
        .flag("quick", "Smaller data and fewer epochs (quicker, looser)."),
        .flag("mine", "Check your code in Sources/Exercises instead of the reference."),
        .value("seed", "<n>", "Seed for every random choice (default 42)."),
        .value("data", "<dir>", "Directory holding the Fashion-MNIST files."),
    ]

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        let catalogue = try session.catalogue()
        let options = try session.runOptions(mineByDefault: false)
        if options.mine, let stale = StaleBuild.message(course: try session.courseDirectory()) {   // never check an old build
            Session.printError(stale)
            return ExitStatus.usage
        }
        let style = session.style
        var badInput = false
        var rows: [[String]] = []
        var failures: [String] = []
        for lesson in catalogue.lessons {
            // --mine: lessons with an exercise run the learner's code in a child process (a trap
            // is a failed check, not a crash of `check`); the others run in-process.
            var lessonOptions = options
            lessonOptions.mine = options.mine && !lesson.exercises.isEmpty
            let result = LessonInterruption.shared.running("`check` (at lesson \(lesson.number))", rerun: "\(Session.invocation) check\(options.mine ? " --mine" : "")\(options.quick ? " --quick" : "")") {
                ChildRun.run(lesson, options: lessonOptions, presenter: SilentPresenter(), session: session)
            }
            badInput = badInput || !result.inputErrors.isEmpty
            let passedCount = result.checks.filter(\.passed).count
            let verdict = result.passed ? style.green(style.color ? "✓ pass" : "PASS") : style.red(style.color ? "✗ fail" : "FAIL")
            rows.append(["\(lesson.number)", lesson.title, "\(passedCount)/\(result.checks.count)", verdict])
            for check in result.checks where !check.passed {
                failures.append("lesson \(lesson.number): \(check.name): \(TerminalPresenter.comparisonText(check))"
                                + (check.detail.isEmpty ? "" : " (\(check.detail))"))
            }
        }
        let presenter = session.presenter()
        presenter.say(TableRenderer.render(Table(title: options.mine ? "Checks of every lesson, on your code (--mine)" : "Checks of every lesson, on the reference code", headers: ["#", "lesson", "checks", "verdict"],
                                                 rows: rows, rightAligned: [true, false, true, false]), style: style))
        let warnings = catalogue.warnings(registry: session.registry)
        if !warnings.isEmpty { presenter.say(["", "Catalogue warnings:"] + warnings.map { "  warning: " + $0 }) }
        if failures.isEmpty {
            presenter.say([catalogue.lessons.count == 1 ? "The lesson passes." : "All \(catalogue.lessons.count) lessons pass."])
            return ExitStatus.success
        }
        presenter.say(["", "Failed checks:"] + failures.map { "  " + $0 })
        if badInput {
            Session.printError("error: some lessons could not run because an input file (data or weights) is bad; see the failed checks above\nhint: pass --data DIR with the four Fashion-MNIST .gz files, or install dataset-fashion-mnist")
            return ExitStatus.badInput
        }
        return ExitStatus.checkFailed
    }
}
