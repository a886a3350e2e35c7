// A sink that collects a stage's output blocks, and helpers to run steps in quick mode.
import LessonEngine
@testable import Stages

final class CollectingSink: OutputSink {
    var blocks: [OutputBlock] = []
    func emit(_ block: OutputBlock) { blocks.append(block) }
    func progress(label: String, total: Int) -> any ProgressReporter { SilentProgress() }

    var checks: [Check] { blocks.compactMap { if case .check(let check) = $0 { check } else { nil } } }
    var tables: [Table] { blocks.compactMap { if case .table(let table) = $0 { table } else { nil } } }
    var charts: [Chart] { blocks.compactMap { if case .chart(let chart) = $0 { chart } else { nil } } }
    var texts: [String] { blocks.compactMap { if case .text(let text) = $0 { text } else { nil } } }
    var grids: [ImageGrid] { blocks.compactMap { if case .images(let grid) = $0 { grid } else { nil } } }
}

final class SilentProgress: ProgressReporter {
    func update(completed: Int, status: String) {}
    func finish(summary: String) {}
}

/// Runs every step of `stage` (or just `steps`) in quick mode and returns the collected output.
func runSteps(_ stage: any Stage, steps: [String]? = nil, mine: Bool = false, seed: UInt64 = 42) throws -> CollectingSink {
    try runSteps(stage, steps: steps, options: RunOptions(quick: true, mine: mine, seed: seed))
}

/// Runs every step of `stage` (or just `steps`) with the given options.
func runSteps(_ stage: any Stage, steps: [String]? = nil, options: RunOptions) throws -> CollectingSink {
    let sink = CollectingSink()
    let context = StageContext(lessonID: "test", options: options, sink: sink)
    for step in steps ?? stage.steps { try stage.run(step: step, context: context) }
    return sink
}

/// Lesson 4's stage with the reference checker standing in for the learner's lesson-3
/// checker, so no test runs whatever state Sources/Exercises is in.
func lesson4Stage() -> VectorisedBackpropStage {
    let stage = VectorisedBackpropStage()
    stage.exerciseChecker = { FiniteDifferences.numericalGradient(at: $0, step: $1, loss: $2) }
    return stage
}
