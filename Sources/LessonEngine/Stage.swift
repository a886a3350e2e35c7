/// Options for one run of a lesson, chosen on the command line.
public struct RunOptions: Sendable, Equatable {
    /// Smaller data and fewer epochs, for `check --quick` and tests.
    public var quick: Bool
    /// Check the learner's code in `Sources/Exercises` instead of the reference (`--mine`).
    public var mine: Bool
    /// Seed for every random choice a stage makes; the same seed gives the same run.
    public var seed: UInt64
    /// Fashion-MNIST directory named with `--data`, if any.
    public var dataDirectory: String?
    /// The course's state directory (where progress is kept, e.g. `<course>/.backprop`), for
    /// files one lesson leaves for a later one (lesson 10's trained weights); nil in tests.
    public var stateDirectory: String?

    public init(quick: Bool = false, mine: Bool = false, seed: UInt64 = 42, dataDirectory: String? = nil,
                stateDirectory: String? = nil) {
        self.quick = quick
        self.mine = mine
        self.seed = seed
        self.dataDirectory = dataDirectory
        self.stateDirectory = stateDirectory
    }
}

/// Reports progress of long work (a training epoch, a download). The terminal renderer
/// draws a bar; other sinks may ignore it.
public protocol ProgressReporter: AnyObject {
    /// Advance to `completed` of `total` units, with a short status (e.g. "loss 0.41, 5100 img/s").
    func update(completed: Int, status: String)
    /// The work is done; `summary` replaces the bar.
    func finish(summary: String)
}

/// Where a stage's output goes: the runner collects blocks for rendering and recording.
public protocol OutputSink: AnyObject {
    func emit(_ block: OutputBlock)
    func progress(label: String, total: Int) -> any ProgressReporter
}

/// What a step receives: options and a place to send output.
public final class StageContext {
    public let options: RunOptions
    public let lessonID: String
    private let sink: any OutputSink

    public init(lessonID: String, options: RunOptions, sink: any OutputSink) {
        self.lessonID = lessonID
        self.options = options
        self.sink = sink
    }

    public func emit(_ block: OutputBlock) { sink.emit(block) }
    public func text(_ string: String) { sink.emit(.text(string)) }
    public func table(_ table: Table) { sink.emit(.table(table)) }
    public func chart(_ chart: Chart) { sink.emit(.chart(chart)) }
    public func images(_ grid: ImageGrid) { sink.emit(.images(grid)) }
    public func check(_ check: Check) { sink.emit(.check(check)) }
    public func progress(label: String, total: Int) -> any ProgressReporter { sink.progress(label: label, total: total) }
}

/// The runnable code behind a lesson. One instance serves one run of a lesson, so steps
/// may keep state for later steps (a trained model, a loaded data set).
public protocol Stage: AnyObject {
    /// The steps a lesson may name in `::: run STEP`, in the order they should run.
    var steps: [String] { get }
    /// Run one step. Throwing is a failed check showing the error, never a crash.
    func run(step: String, context: StageContext) throws
}

/// Stages by id (the `stage:` of a lesson's front matter). Each lookup makes a fresh instance.
public struct StageRegistry: Sendable {
    private let factories: [String: @Sendable () -> any Stage]

    public init(_ factories: [String: @Sendable () -> any Stage]) { self.factories = factories }

    public var ids: [String] { factories.keys.sorted() }
    public func makeStage(id: String) -> (any Stage)? { factories[id]?() }
}
