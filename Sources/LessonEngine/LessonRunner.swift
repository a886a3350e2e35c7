/// Where a lesson's prose and its stage's output go while it runs (the terminal renderer,
/// a silent collector for `check`, the HTML exporter).
public protocol LessonPresenter: AnyObject {
    /// A block of the lesson's own text (headings, prose, code, maths).
    func present(_ block: LessonBlock, of lesson: Lesson)
    /// A block a stage step emitted.
    func present(_ output: OutputBlock)
    /// A progress reporter for long work inside a step.
    func progress(label: String, total: Int) -> any ProgressReporter
}

/// The outcome of one lesson run.
public struct LessonResult: Sendable, Equatable {
    public var lessonID: String
    /// Every check emitted, in order; a step that threw adds a failed check with the error.
    public var checks: [Check]
    /// Everything the steps emitted, in order (for recording and export).
    public var outputs: [OutputBlock]
    /// Errors of steps that threw because an input file was bad (missing or truncated
    /// data, broken weights), as `isBadInput` classified them: the run exits 3, not 1.
    public var inputErrors: [String] = []

    /// The conjunction of the checks (a lesson without checks passes when its steps ran).
    public var passed: Bool { checks.allSatisfy(\.passed) }
}

/// A step could not be run at all (its stage is missing from the registry).
public struct StageMissingError: Error, CustomStringConvertible {
    public var stage: String
    public var description: String { "no stage named '\(stage)' is registered" }
}

/// Runs a lesson: presents its blocks in order and runs each `::: run STEP` on one fresh
/// stage instance. A step that throws becomes a failed check showing the error; it never
/// crashes the runner, and later steps still run.
public struct LessonRunner {
    public var registry: StageRegistry
    /// Which thrown errors are a bad input file rather than a failed check (the engine
    /// knows no data formats; the CLI says which error types those are).
    public var isBadInput: @Sendable (any Error) -> Bool

    public init(registry: StageRegistry, isBadInput: @escaping @Sendable (any Error) -> Bool = { _ in false }) {
        self.registry = registry
        self.isBadInput = isBadInput
    }

    public func run(_ lesson: Lesson, options: RunOptions, presenter: any LessonPresenter) -> LessonResult {
        let recorder = RecordingSink(presenter: presenter)
        let context = StageContext(lessonID: lesson.id, options: options, sink: recorder)
        let stage = registry.makeStage(id: lesson.stage)
        var inputErrors: [String] = []
        for block in lesson.blocks {
            guard case .run(let step, _) = block else {
                presenter.present(block, of: lesson)
                continue
            }
            guard let stage else {
                recorder.emit(.check(Check(name: "step \(step) ran", holds: false,
                                           detail: StageMissingError(stage: lesson.stage).description)))
                continue
            }
            do {
                try stage.run(step: step, context: context)
            } catch {
                if isBadInput(error) { inputErrors.append("\(error)") }
                recorder.emit(.check(Check(name: "step \(step) ran", holds: false, detail: "it threw: \(error)")))
            }
        }
        return LessonResult(lessonID: lesson.id, checks: recorder.checks, outputs: recorder.outputs, inputErrors: inputErrors)
    }
}

/// Forwards stage output to the presenter and keeps a copy.
final class RecordingSink: OutputSink {
    let presenter: any LessonPresenter
    var outputs: [OutputBlock] = []
    var checks: [Check] { outputs.compactMap { if case .check(let check) = $0 { check } else { nil } } }

    init(presenter: any LessonPresenter) { self.presenter = presenter }

    func emit(_ block: OutputBlock) {
        outputs.append(block)
        presenter.present(block)
    }

    func progress(label: String, total: Int) -> any ProgressReporter {
        presenter.progress(label: label, total: total)
    }
}

/// Presents nothing (for `check`, which only wants verdicts).
public final class SilentPresenter: LessonPresenter {
    public init() {}
    public func present(_ block: LessonBlock, of lesson: Lesson) {}
    public func present(_ output: OutputBlock) {}
    public func progress(label: String, total: Int) -> any ProgressReporter { SilentProgress() }
}

/// Ignores progress.
public final class SilentProgress: ProgressReporter {
    public init() {}
    public func update(completed: Int, status: String) {}
    public func finish(summary: String) {}
}
