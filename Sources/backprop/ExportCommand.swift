import Foundation
import LessonEngine

/// `backprop export --html DIR`: run the lessons (or reuse their recorded outputs) and write
/// the course as a static, self-contained HTML site.
enum ExportCommand: Command {
    static let name = "export"
    static let overview = "Write the course, run, as static HTML pages (prose, maths, code, outputs, charts, checks) into a directory."
    static let usage = "--html <dir> [--lessons <list>] [--quick] [--reuse] [--reference] [--seed <n>] [--data <dir>]"
    static let options: [OptionSpec] = [
        .value("html", "<dir>", "Directory to write index.html and one NN-id.html page per lesson into (created if missing; must not be a file). Required."),
        .value("lessons", "<list>", "Lessons to run and write, by number: 1,3,5-7 (default: all). Other lessons keep their page from an earlier export, or get a text-only page."),
        .flag("quick", "Smaller data and fewer epochs (quicker, looser)."),
        .flag("reference", "Reading tour: export the reference code and its runs instead of your exercises (default: your code, as `run` shows it)."),
        .flag("reuse", "Reuse each lesson's outputs recorded at its last run (`run`, `next`, `export`) instead of running it; lessons with no recording, or whose text changed since, run."),
        .value("seed", "<n>", "Seed for every random choice (default 42)."),
        .value("data", "<dir>", "Directory holding the Fashion-MNIST files."),
    ]

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        guard let path = arguments.value("html"), !path.isEmpty else {
            throw UsageError(message: "`backprop export` needs --html <dir>, the directory to write the pages into",
                             hint: "for example: backprop export --html site")
        }
        var catalogue = try session.catalogue()
        if session.tour { catalogue.lessons = catalogue.lessons.map(\.withReferenceCode) }
        var selection: Set<Int>?
        if let list = arguments.value("lessons") {
            selection = try parseSelection(list, known: Set(catalogue.lessons.map(\.number)))
        }
        let options = try session.runOptions()
        let directory = URL(fileURLWithPath: path).standardizedFileURL
        let presenter = session.presenter()
        let store = try session.store()
        let export = HTMLExport(catalogue: catalogue, registry: session.registry, recordings: OutputRecordingStore(progress: store),
                                progress: try session.loadProgress(), log: { presenter.say([$0]) },
                                progressBar: { presenter.progress(label: $0, total: $1) })
        let summary = try export.run(into: directory, settings: HTMLExport.Settings(selection: selection, runOptions: options,
                                                                                     reuse: arguments.has("reuse")))
        let exported = summary.entries.filter { $0.checkCounts != nil }.count
        if summary.failedLessons.isEmpty {
            presenter.say(["Exported \(exported) lesson\(exported == 1 ? "" : "s"). Open \(summary.index.path)"])
            return ExitStatus.success
        }
        let numbers = summary.failedLessons.map { "\($0.number)" }.joined(separator: ", ")
        presenter.say(["Exported \(exported) lesson\(exported == 1 ? "" : "s"); lesson\(summary.failedLessons.count == 1 ? "" : "s") \(numbers) failed (their pages show the failed checks). Open \(summary.index.path)"])
        return ExitStatus.checkFailed
    }

    /// `1,3,5-7` → {1, 3, 5, 6, 7}; every number must be a lesson.
    static func parseSelection(_ text: String, known: Set<Int>) throws(UsageError) -> Set<Int> {
        var numbers: Set<Int> = []
        let hint = "write lesson numbers like 1,3,5-7; lessons are \(known.sorted().map(String.init).joined(separator: ", "))"
        for part in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            if bounds.count == 1, let number = bounds[0] {
                numbers.insert(number)
            } else if bounds.count == 2, let low = bounds[0], let high = bounds[1], low <= high {
                // Bounded by the course: `1-99999999999` names lessons that do not exist,
                // and is refused without building a set of 10^11 numbers.
                if let last = known.max(), let first = known.min(), low < first || high > last {
                    let outside = low < first ? low : high
                    throw UsageError(message: "--lessons names no lesson \(outside) (in '\(part)')", hint: hint)
                }
                numbers.formUnion(low...high)
            } else {
                throw UsageError(message: "--lessons: '\(part)' is not a lesson number or range", hint: hint)
            }
        }
        let unknown = numbers.subtracting(known).sorted()
        if !unknown.isEmpty {
            throw UsageError(message: "--lessons names no lesson \(unknown.map(String.init).joined(separator: ", "))", hint: hint)
        }
        return numbers
    }
}
