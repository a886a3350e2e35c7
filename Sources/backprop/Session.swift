import Foundation
import LessonEngine
import Stages

/// What every command shares: the course directory, terminal style, lessons, progress.
final class Session {
    static let globalOptions: [OptionSpec] = [
        .value("course", "<dir>", "The course directory (holding lessons/ and Package.swift). Default: $BACKPROP_COURSE, else the current directory or an ancestor, else this checkout."),
        .value("color", "<when>", "auto (colour on a terminal unless NO_COLOR or TERM=dumb), always or never."),
    ]

    let arguments: ParsedArguments
    let environment: [String: String]
    let style: TerminalStyle
    let interactive: Bool
    private lazy var courseResult: Result<URL, UsageError> = Result { () throws(UsageError) in
        try Self.findCourse(option: arguments.value("course"), environment: environment)
    }

    /// The course directory, found on first use (so `help` works anywhere).
    func courseDirectory() throws(UsageError) -> URL { try courseResult.get() }

    init(arguments: ParsedArguments, environment: [String: String] = ProcessInfo.processInfo.environment) throws(UsageError) {
        self.arguments = arguments
        self.environment = environment
        let choiceText = arguments.value("color") ?? "auto"
        guard let choice = TerminalStyle.ColorChoice(rawValue: choiceText) else {
            throw UsageError(message: "--color must be auto, always or never, not '\(choiceText)'", hint: "write --color never for plain text")
        }
        let tty = isatty(STDOUT_FILENO) == 1
        style = TerminalStyle.detect(choice: choice, environment: environment, isTTY: tty)
        interactive = tty && style.color
    }

    /// `--course`, `$BACKPROP_COURSE`, the current directory or an ancestor holding
    /// `lessons/` and `Package.swift`, else the checkout this binary was built from.
    static func findCourse(option: String?, environment: [String: String]) throws(UsageError) -> URL {
        let manager = FileManager.default
        if let explicit = option ?? environment["BACKPROP_COURSE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            let url = URL(fileURLWithPath: explicit).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: url.appendingPathComponent("lessons").path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw UsageError(message: "no lessons/ directory in the course directory \(url.path)",
                                 hint: "pass --course DIR (or set BACKPROP_COURSE) to the backprop checkout")
            }
            return url
        }
        func isCourse(_ url: URL) -> Bool {
            manager.fileExists(atPath: url.appendingPathComponent("lessons").path)
                && manager.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
        }
        var candidate = URL(fileURLWithPath: manager.currentDirectoryPath).standardizedFileURL
        while true {
            if isCourse(candidate) { return candidate }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path { break }
            candidate = parent
        }
        // Sources/backprop/Session.swift → the checkout root.
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        if isCourse(checkout) { return checkout }
        throw UsageError(message: "cannot find the course (a directory with lessons/ and Package.swift)",
                         hint: "run backprop inside the backprop checkout, or pass --course DIR")
    }

    var registry: StageRegistry { Course.stages }

    /// Every lesson, validated. A broken lesson throws (exit 3).
    func catalogue() throws -> LessonCatalogue {
        try LessonCatalogue.load(root: try courseDirectory(), registry: registry)
    }

    func store() throws -> ProgressStore { ProgressStore(course: try courseDirectory(), environment: environment) }

    /// Progress, telling the user on stderr if a corrupt file was moved aside.
    func loadProgress() throws -> ProgressState {
        let (state, notice) = try store().load()
        if let notice { Session.printError(notice) }
        return state
    }

    func presenter() -> TerminalPresenter { TerminalPresenter(style: style, interactive: interactive) }

    /// The lesson named on the command line (number or id), or a usage error.
    func lesson(_ reference: String, in catalogue: LessonCatalogue) throws(UsageError) -> Lesson {
        guard let lesson = catalogue.lesson(named: reference) else {
            let known = catalogue.lessons.map { "\($0.number) (\($0.id))" }.joined(separator: ", ")
            throw UsageError(message: "no lesson '\(reference)'", hint: "lessons are \(known.isEmpty ? "none yet" : known); see `backprop list`")
        }
        return lesson
    }

    /// Whether this run is the reading tour (`--reference`, or `backprop tour`): the reference
    /// implementations run and progress is recorded apart from the learner's.
    var tour: Bool { arguments.has("reference") || arguments.has("tour-mode") }

    /// How the learner invoked backprop, for the commands footers print: `swift run -c release
    /// backprop` when the binary lives under a `.build/` directory, else `backprop`.
    static let invocation: String = invocation(executable: CommandLine.arguments.first ?? "backprop")

    static func invocation(executable: String) -> String {
        guard executable.contains("/.build/") || executable.hasPrefix(".build/") else { return "backprop" }
        return executable.contains("/debug/") ? "swift run backprop" : "swift run -c release backprop"
    }

    /// `mineByDefault`: the learner's code unless `--reference` (run, next, watch); `check`
    /// passes false, so it verifies the reference unless `--mine`.
    func runOptions(mineByDefault: Bool = true) throws(UsageError) -> RunOptions {
        let mine = mineByDefault ? !tour : arguments.has("mine")
        var options = RunOptions(quick: arguments.has("quick"), mine: mine, dataDirectory: arguments.value("data"))
        options.stateDirectory = (try? store())?.url.deletingLastPathComponent().path
        if let seedText = arguments.value("seed") {
            guard let seed = UInt64(seedText) else {
                throw UsageError(message: "--seed must be a non-negative whole number, not '\(seedText)'", hint: "for example --seed 42")
            }
            options.seed = seed
        }
        return options
    }

    /// On a terminal, messages go through `MessageWrap`: a long line breaks at a space, never
    /// mid-word (the terminal itself would cut anywhere). Piped, a message stays one line per
    /// line, so logs and `grep` see whole messages and paths.
    static func wrapped(_ text: String, descriptor: Int32) -> String {
        guard isatty(descriptor) == 1 else { return text }
        return MessageWrap.wrap(text, width: TerminalStyle.terminalWidth(environment: ProcessInfo.processInfo.environment, isTTY: isatty(1) == 1))
    }

    static func printError(_ text: String) {
        let wrapped = wrapped(text, descriptor: 2)
        FileHandle.standardError.write(Data((wrapped.hasSuffix("\n") ? wrapped : wrapped + "\n").utf8))
    }

    static func print(_ text: String) {
        let wrapped = wrapped(text, descriptor: 1)
        FileHandle.standardOutput.write(Data((wrapped.hasSuffix("\n") ? wrapped : wrapped + "\n").utf8))
    }
}
