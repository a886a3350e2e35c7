import LessonEngine

/// `backprop check`: every lesson's checks in order, locks ignored; a results table.
enum CheckCommand: Command {
    static let name = "check"
    static let overview = "Run every lesson's checks in order (ignoring locks) and print a table; exit 1 if any fails."
    static let usage = "[--quick] [--mine] [--seed <n>] [--data <dir>]"
    static let options = RunCommand.runOptions.filter { $0.name != "force" }

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        let catalogue = try session.catalogue()
        let options = try session.runOptions()
        if options.mine, let stale = StaleBuild.message(course: try session.courseDirectory()) {
            Session.printError(stale)
            return ExitStatus.usage
        }
        let style = session.style
        let runner = LessonRunner(registry: session.registry)
        var rows: [[String]] = []
        var failures: [String] = []
        for lesson in catalogue.lessons {
            let result = options.mine ? ChildRun.run(lesson, options: options, presenter: SilentPresenter(), session: session)  // learner code: isolated
                : runner.run(lesson, options: options, presenter: SilentPresenter())
            let passedCount = result.checks.filter(\.passed).count
            let verdict = result.passed ? style.green(style.color ? "✓ pass" : "PASS") : style.red(style.color ? "✗ fail" : "FAIL")
            rows.append(["\(lesson.number)", lesson.title, "\(passedCount)/\(result.checks.count)", verdict])
            for check in result.checks where !check.passed {
                failures.append("lesson \(lesson.number): \(check.name): \(TerminalPresenter.comparisonText(check))"
                                + (check.detail.isEmpty ? "" : " (\(check.detail))"))
            }
        }
        let presenter = session.presenter()
        presenter.say(TableRenderer.render(Table(title: "Checks of every lesson", headers: ["#", "lesson", "checks", "verdict"],
                                                 rows: rows, rightAligned: [true, false, true, false]), style: style))
        let warnings = catalogue.warnings(registry: session.registry)
        if !warnings.isEmpty { presenter.say(["", "Catalogue warnings:"] + warnings.map { "  warning: " + $0 }) }
        if failures.isEmpty {
            presenter.say([catalogue.lessons.count == 1 ? "The lesson passes." : "All \(catalogue.lessons.count) lessons pass."])
            return ExitStatus.success
        }
        presenter.say(["", "Failed checks:"] + failures.map { "  " + $0 })
        return ExitStatus.checkFailed
    }
}
