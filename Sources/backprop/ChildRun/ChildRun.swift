import Foundation
import LessonEngine

/// Learner code never crashes the runner: a `--mine` run executes the lesson in a child
/// process (this binary re-invoked with a hidden subcommand) under a time limit. The child
/// streams its output blocks back (`ChildEvent`), so the parent renders and records exactly
/// what an in-process run would; a trap or a timeout in the child becomes a failed check
/// quoting the Swift runtime message and the learner's `Sources/Exercises/…swift:LINE`.
///
/// Use (LessonRun): `ChildRun.run(lesson, options: options, presenter: recorder, session: session)`
/// in place of `LessonRunner(registry:).run(…)`. The reference (`options.mine == false`)
/// still runs in-process.
enum ChildRun {
    /// The hidden subcommand the child is started with (never listed in help).
    static let subcommand = "__run-child"
    /// Seconds the child may stay silent (no output block, no progress) before it is stopped.
    /// Progress updates count, so a long training run with a progress bar never times out.
    static let defaultTimeout = 20.0
    /// Overrides `defaultTimeout` (seconds), e.g. for tests.
    static let timeoutVariable = "BACKPROP_CHILD_TIMEOUT"
    /// `off` runs learner code in-process (for debugging the runner itself).
    static let isolationVariable = "BACKPROP_ISOLATION"
    /// A file to copy the child's whole stderr to (crash report included), for debugging.
    static let stderrLogVariable = "BACKPROP_CHILD_STDERR"
    /// Test hook: the child replaces lesson 2's exercise with a planted fault
    /// (see `PlantedFaults`). Ignored outside the child.
    static let plantVariable = "BACKPROP_CHILD_PLANT"

    /// Runs `lesson`: in a child process when `options.mine` (learner code), in-process
    /// otherwise. Never traps because of learner code; a crash or timeout is a failed check.
    static func run(_ lesson: Lesson, options: RunOptions, presenter: any LessonPresenter, session: Session) -> LessonResult {
        guard options.mine, session.environment[isolationVariable] != "off",
              let course = try? session.courseDirectory() else {
            return LessonRunner(registry: session.registry, isBadInput: LessonRun.isBadInput).run(lesson, options: options, presenter: presenter)
        }
        let timeout = session.environment[timeoutVariable].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? defaultTimeout
        return ChildProcessRun(lesson: lesson, options: options, course: course, environment: session.environment,
                               timeout: timeout).run(presenter: presenter)
    }
}
