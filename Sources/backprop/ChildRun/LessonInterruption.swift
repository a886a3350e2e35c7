import Dispatch
import Foundation

/// Ctrl-C (SIGINT) or SIGTERM while a lesson runs (`backprop`, `run`, `next`, `tour`, `watch`,
/// `check`). Without this the runner died mid-line, and a child process killed by the same
/// Ctrl-C was about to be reported as *your code* crashing. Now one message says what was
/// interrupted, that nothing about it was recorded, and what to run next; the exit code is
/// 128 + the signal (130 for Ctrl-C), as a shell expects.
///
/// The signals are caught on a dispatch queue, never in a C handler. Outside a lesson (e.g.
/// `watch` waiting for a save) the signal ends the program quietly with the same code.
final class LessonInterruption: @unchecked Sendable {
    static let shared = LessonInterruption()

    private let lock = NSLock()
    private var sources: [DispatchSourceSignal] = []
    /// What is running now: the lesson's label ("lesson 4") and the command that reruns it.
    private var current: (what: String, rerun: String)?
    /// The child process running the learner's code, if any (stopped with us on SIGTERM).
    private var childProcess: pid_t?
    private var finishing = false

    /// Catches SIGINT and SIGTERM from now on (once per process; later calls do nothing).
    func install() {
        lock.withLock {
            guard sources.isEmpty else { return }
            sources = StopSignals.watch { [weak self] number in self?.stop(by: number) }
        }
    }

    /// Runs `body` as "the lesson that is running": a signal meanwhile names it.
    func running<T>(_ what: String, rerun: String, _ body: () throws -> T) rethrows -> T {
        install()
        lock.withLock { current = (what, rerun) }
        defer { lock.withLock { current = nil } }
        return try body()
    }

    /// The child process now running learner code (nil once it has ended).
    func child(_ pid: pid_t?) { lock.withLock { childProcess = pid } }

    /// The child died of SIGINT or SIGTERM: the learner pressed Ctrl-C (the terminal sends it to
    /// the child too), so this is an interruption, not a crash in their code.
    func childStopped(by number: Int32) -> Never { stop(by: number) }

    /// True for the signals that mean "the learner stopped it", not "the code crashed".
    static func isInterruption(_ number: Int32) -> Bool { number == SIGINT || number == SIGTERM }

    static func message(_ number: Int32, what: String?, rerun: String?) -> String {
        guard let what, let rerun else { return "" }
        return "\nerror: \(what) stopped by \(StopSignals.name(number)) before its checks finished; nothing about this run was recorded, and the rest of your progress is unchanged.\nhint: run it again with `\(rerun)`."
    }

    private func stop(by number: Int32) -> Never {
        let (first, running, child): (Bool, (what: String, rerun: String)?, pid_t?) = lock.withLock {
            defer { finishing = true }
            return (!finishing, current, childProcess)
        }
        // A second signal, or the child's death racing the signal itself: the first one exits.
        guard first else { while true { pause() } }
        if let child { kill(child, SIGTERM) }
        let message = Self.message(number, what: running?.what, rerun: running?.rerun)
        if !message.isEmpty { Session.printError(message) }
        exit(128 + number)
    }
}
