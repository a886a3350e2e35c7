import Foundation
import LessonEngine

/// `backprop watch [N]`: re-run a lesson whenever its markdown or a Swift source changes,
/// rebuilding (`swift build -c release`) first when Swift changed. Keys: r re-runs, q quits.
enum WatchCommand: Command {
    static let name = "watch"
    static let overview = "Re-run a lesson whenever its file or any Swift source changes (rebuilding first). Keys: r re-run, q quit."
    static let usage = "[<lesson>] [--full] [--reference] [--quick]"
    static let argumentHelp = [("<lesson>", "The lesson's number or id (default: the next lesson not passed).")]
    static let positionalCount = 0...1
    static let options: [OptionSpec] = [
        .flag("full", "Show the whole lesson on each run, not just the checks and the verdict."),
        .flag("reference", "Reading tour: run the reference code instead of yours."),
        .flag("quick", "Smaller data and fewer epochs."),
        .value("interval", "<seconds>", "How often to look for changes (default 0.5)."),
        .flag("debug", "Build and run the debug binary (quicker to build, slower to run) instead of release."),
    ]

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        let course = try session.courseDirectory()
        let catalogue = try session.catalogue()
        let lesson: Lesson
        if let reference = arguments.positionals.first {
            lesson = try session.lesson(reference, in: catalogue)
        } else {
            guard let next = Gating.next(in: catalogue, progress: try session.loadProgress()) ?? catalogue.lessons.last else {
                throw UsageError(message: "there are no lessons to watch", hint: "add lessons/NN-slug.md files")
            }
            lesson = next
        }
        let configuration = arguments.has("debug") ? "debug" : "release"
        let interval = try arguments.number("interval", default: 0.5, requirement: "a number of seconds from 0.05 to 3600",
                                            example: "0.5", isValid: { (0.05...3600).contains($0) })
        var childArguments = ["run", "\(lesson.number)", "--course", course.path, "--force"]
        if arguments.has("reference") { childArguments.append("--reference") }
        if !arguments.has("full") { childArguments.append("--results") }
        if arguments.has("quick") { childArguments.append("--quick") }
        if let color = arguments.value("color") { childArguments += ["--color", color] }

        let keys = KeyReader()
        defer { keys.restore() }
        var snapshot = FileSnapshot(course: course, lessonFile: lesson.file)
        var needsBuild = true
        var needsRun = true
        while true {
            if needsRun {
                if needsBuild {
                    Session.print("watch: building (swift build -c \(configuration))…")
                    if !build(course: course, configuration: configuration) {
                        Session.print("watch: the build failed; fix the errors above and save. (q quits)")
                        needsRun = false
                    }
                }
                if needsRun {
                    let binary = course.appendingPathComponent(".build/\(configuration)/backprop")
                    let status = runChild(binary, childArguments, course: course)
                    Session.print("watch: lesson \(lesson.number) \(status == 0 ? "passed" : "exited with status \(status)"). Watching for changes: r re-runs, q quits.")
                }
                needsBuild = false
                needsRun = false
            }
            switch keys.next(timeout: interval) {
            case "q": return ExitStatus.success
            case "r": needsRun = true
            default: break
            }
            let changes = snapshot.refresh()
            if !changes.isEmpty {
                Session.print("watch: changed: \(changes.prefix(3).joined(separator: ", "))\(changes.count > 3 ? " …" : "")")
                needsBuild = needsBuild || changes.contains { $0.hasSuffix(".swift") }
                needsRun = true
            }
        }
    }

    /// `swift build -c CONFIGURATION --product backprop`, showing only `file:line: error:` lines
    /// (and the source line and caret under each) when it fails.
    static func build(course: URL, configuration: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "build", "-c", configuration, "--product", "backprop"]
        process.currentDirectoryURL = course
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch {
            Session.printError("error: cannot start `swift build`: \(error)\nhint: is the Swift toolchain on PATH?")
            return false
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 0 { return true }
        Session.printError(compilerErrors(output, course: course))
        return false
    }

    /// The error lines of compiler output, paths made relative to the course, deduplicated.
    static func compilerErrors(_ output: String, course: URL) -> String {
        var seen = Set<String>()
        var lines: [String] = []
        for line in output.split(separator: "\n").map(String.init) where line.contains(": error:") {
            let relative = line.replacingOccurrences(of: course.path + "/", with: "")
            if seen.insert(relative).inserted { lines.append(relative) }
        }
        return lines.isEmpty ? output : lines.joined(separator: "\n")
    }

    static func runChild(_ binary: URL, _ arguments: [String], course: URL) -> Int32 {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = course
        do { try process.run() } catch {
            Session.printError("error: cannot run \(binary.path): \(error)")
            return ExitStatus.badInput
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Modification times of the lesson file, `lessons/` and every Swift file under `Sources/`.
struct FileSnapshot {
    let course: URL
    let lessonFile: String
    var times: [String: Date] = [:]

    init(course: URL, lessonFile: String) {
        self.course = course
        self.lessonFile = lessonFile
        times = scan()
    }

    func scan() -> [String: Date] {
        var result: [String: Date] = [:]
        let manager = FileManager.default
        var paths = [lessonFile]
        if let enumerator = manager.enumerator(atPath: course.appendingPathComponent("Sources").path) {
            for case let path as String in enumerator where path.hasSuffix(".swift") { paths.append("Sources/" + path) }
        }
        for path in paths {
            let attributes = try? manager.attributesOfItem(atPath: course.appendingPathComponent(path).path)
            result[path] = attributes?[.modificationDate] as? Date
        }
        return result
    }

    /// Paths whose modification time changed (or that appeared or vanished) since last time.
    mutating func refresh() -> [String] {
        let now = scan()
        let changed = Set(now.keys).union(times.keys).filter { now[$0] != times[$0] }.sorted()
        times = now
        return changed
    }
}

/// Single key presses from stdin: raw mode on a terminal; otherwise it just waits.
final class KeyReader {
    private var original = termios()
    private let isTerminal = isatty(STDIN_FILENO) == 1

    init() {
        guard isTerminal else { return }
        tcgetattr(STDIN_FILENO, &original)
        var raw = original
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
    }

    func restore() {
        if isTerminal { tcsetattr(STDIN_FILENO, TCSANOW, &original) }
    }

    /// A key pressed within `timeout` seconds, or nil.
    func next(timeout: Double) -> Character? {
        guard isTerminal else {
            Thread.sleep(forTimeInterval: timeout)
            return nil
        }
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(timeout * 1000)) > 0 else { return nil }
        var byte: UInt8 = 0
        guard read(STDIN_FILENO, &byte, 1) == 1 else { return nil }
        return Character(Unicode.Scalar(byte))
    }
}
