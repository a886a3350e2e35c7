import Foundation

// HTML export: the whole course as a static site — `index.html` plus one self-contained page
// per lesson (`NN-id.html`) — each lesson run (or replayed from its recording) and written
// atomically. The CLI's `export` command is a thin wrapper around `HTMLExport.run`.

/// Exports a course to a directory of HTML pages.
public struct HTMLExport {
    /// What to export and how.
    public struct Settings {
        /// Lesson numbers to run and write; nil = every lesson. Others keep an existing page
        /// or get a text-only one, so every link works.
        public var selection: Set<Int>?
        public var runOptions: RunOptions
        /// Replay a lesson's recorded outputs instead of running it, when a recording fits.
        public var reuse: Bool

        public init(selection: Set<Int>? = nil, runOptions: RunOptions = RunOptions(), reuse: Bool = false) {
            self.selection = selection
            self.runOptions = runOptions
            self.reuse = reuse
        }
    }

    /// One lesson's line in the index.
    public struct Entry: Sendable, Equatable {
        public enum Status: Sendable, Equatable { case passed, failed, notRun }
        public var lesson: Lesson
        public var status: Status
        public var fileName: String
        /// Checks passed / total, when the lesson ran or was replayed in this export.
        public var checkCounts: (passed: Int, total: Int)?
        public static func == (a: Entry, b: Entry) -> Bool {
            a.lesson == b.lesson && a.status == b.status && a.fileName == b.fileName
                && a.checkCounts?.passed == b.checkCounts?.passed && a.checkCounts?.total == b.checkCounts?.total
        }
    }

    /// What was written.
    public struct Summary: Sendable {
        public var index: URL
        public var entries: [Entry]
        /// Lessons run or replayed in this export whose checks failed.
        public var failedLessons: [Lesson]
    }

    public var catalogue: LessonCatalogue
    public var registry: StageRegistry
    /// Where recordings are read (`--reuse`) and written (after a run); nil = neither.
    public var recordings: OutputRecordingStore?
    /// Statuses from earlier runs, for lessons not exported this time.
    public var progress: ProgressState
    /// Progress lines for the terminal (one call per line, without the newline).
    public var log: (String) -> Void
    /// Progress bars for long steps.
    public var progressBar: (String, Int) -> any ProgressReporter

    public init(catalogue: LessonCatalogue, registry: StageRegistry, recordings: OutputRecordingStore?,
                progress: ProgressState = ProgressState(), log: @escaping (String) -> Void = { _ in },
                progressBar: @escaping (String, Int) -> any ProgressReporter = { _, _ in SilentProgress() }) {
        self.catalogue = catalogue
        self.registry = registry
        self.recordings = recordings
        self.progress = progress
        self.log = log
        self.progressBar = progressBar
    }

    /// The page file of a lesson: `03-chain-rule.html`.
    public static func fileName(for lesson: Lesson) -> String {
        let number = lesson.number < 10 ? "0\(lesson.number)" : "\(lesson.number)"
        let safeID = String(lesson.id.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" })
        return "\(number)-\(safeID).html"
    }

    /// Runs (or replays) the selected lessons and writes the site into `directory`, creating
    /// it if missing. Throws if `directory` is not a directory or a page cannot be written.
    public func run(into directory: URL, settings: Settings) throws(HTMLExportError) -> Summary {
        try Self.prepare(directory)
        let lessons = catalogue.lessons
        let selected = lessons.filter { settings.selection?.contains($0.number) ?? true }
        var entries: [Entry] = []
        var failed: [Lesson] = []
        var position = 0
        for (offset, lesson) in lessons.enumerated() {
            let fileName = Self.fileName(for: lesson)
            let target = directory.appendingPathComponent(fileName)
            let navigation = HTMLPage.Navigation(
                previous: offset > 0 ? link(lessons[offset - 1]) : nil,
                index: HTMLPage.Link(title: "Contents", href: "index.html"),
                next: offset + 1 < lessons.count ? link(lessons[offset + 1]) : nil)
            guard selected.contains(where: { $0.id == lesson.id }) else {
                let status: Entry.Status = switch progress.records[lesson.id]?.status {
                case .passed: .passed
                case .failed: .failed
                default: .notRun
                }
                entries.append(Entry(lesson: lesson, status: status, fileName: fileName, checkCounts: nil))
                if !FileManager.default.fileExists(atPath: target.path) {
                    try write(LessonPageHTML.page(lesson: lesson, body: textOnlyBody(lesson), note: "Not run in this export.",
                                                  checks: nil, navigation: navigation), to: target)
                }
                continue
            }
            position += 1
            let prefix = "[\(position)/\(selected.count)] Lesson \(lesson.number) · \(lesson.title)"
            let presenter = HTMLLessonPresenter(lesson: lesson, progressFactory: progressBar)
            let checks: [Check]
            let note: String
            if settings.reuse, let recording = recordings?.load(lessonID: lesson.id), recording.fits(lesson) {
                log("\(prefix): reusing the outputs recorded \(Self.dateText(recording.recorded))")
                recording.replay(lesson, into: presenter)
                checks = recording.checks
                note = "Outputs recorded \(Self.dateText(recording.recorded))\(recording.quick ? " with --quick" : "")\(recording.mine ? ", running your code (--mine)" : ""), seed \(recording.seed)."
            } else {
                if settings.reuse {
                    let stale = recordings?.load(lessonID: lesson.id) != nil
                    log("\(prefix): \(stale ? "its recording no longer fits the lesson text" : "no recorded outputs"); running it")
                } else {
                    log("\(prefix): running")
                }
                let recorder = RecordingPresenter(wrapping: presenter, lesson: lesson)
                let result = LessonRunner(registry: registry).run(lesson, options: settings.runOptions, presenter: recorder)
                if let recordings {
                    do throws(OutputRecordingError) {
                        try recordings.save(recorder.recording(options: settings.runOptions))
                    } catch {
                        log("  warning: could not record the outputs: \(error)")
                    }
                }
                checks = result.checks
                note = "Run \(Self.dateText(Date()))\(settings.runOptions.quick ? " with --quick" : "")\(settings.runOptions.mine ? ", running your code (--mine)" : ""), seed \(settings.runOptions.seed)."
            }
            let passedCount = checks.filter(\.passed).count
            let passed = passedCount == checks.count
            if !passed { failed.append(lesson) }
            log(passed ? "  ✓ passed (\(passedCount)/\(checks.count) checks) → \(fileName)"
                       : "  ✗ failed: \(checks.count - passedCount) of \(checks.count) checks did not hold → \(fileName)")
            entries.append(Entry(lesson: lesson, status: passed ? .passed : .failed, fileName: fileName,
                                 checkCounts: (passedCount, checks.count)))
            try write(LessonPageHTML.page(lesson: lesson, body: presenter.body, note: note, checks: checks, navigation: navigation),
                      to: target)
        }
        let index = directory.appendingPathComponent("index.html")
        try write(LessonPageHTML.index(entries: entries, generated: Date()), to: index)
        return Summary(index: index, entries: entries, failedLessons: failed)
    }

    private func link(_ lesson: Lesson) -> HTMLPage.Link {
        HTMLPage.Link(title: "\(lesson.number). \(lesson.title)", href: Self.fileName(for: lesson))
    }

    /// The lesson's text with a placeholder at each run.
    private func textOnlyBody(_ lesson: Lesson) -> String {
        let presenter = HTMLLessonPresenter(lesson: lesson)
        for block in lesson.blocks {
            if case .run(let step, _) = block { presenter.notRun(step: step) } else { presenter.present(block, of: lesson) }
        }
        return presenter.body
    }

    private func write(_ html: String, to url: URL) throws(HTMLExportError) {
        do throws(OutputRecordingError) {
            try AtomicFile.write(Data(html.utf8), to: url)
        } catch {
            throw HTMLExportError.unwritable(path: url.path, reason: "\(error)")
        }
    }

    /// Creates `directory` if missing; refuses a path that exists and is not a directory.
    static func prepare(_ directory: URL) throws(HTMLExportError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw HTMLExportError.notADirectory(path: directory.path) }
            return
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw HTMLExportError.unwritable(path: directory.path, reason: error.localizedDescription)
        }
    }

    static func dateText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}

/// The export could not write its pages.
public enum HTMLExportError: Error, Sendable, CustomStringConvertible {
    case notADirectory(path: String)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .notADirectory(let path):
            "\(path) exists and is not a directory, so the pages cannot be written into it\nhint: pass --html with a new or existing directory, e.g. --html site"
        case .unwritable(let path, let reason):
            "cannot write \(path): \(reason)\nhint: check that the directory is writable, or choose another with --html DIR"
        }
    }
}
