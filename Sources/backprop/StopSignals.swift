import Dispatch
import Foundation

/// SIGINT (Ctrl-C) and SIGTERM, caught on a dispatch queue rather than in a C handler, so the
/// code that reacts may lock, print and exit. Used by `train` (TrainingInterruption: stop at a
/// batch boundary) and by lesson runs (LessonInterruption: say what was stopped).
enum StopSignals {
    /// Stops the default action of both signals and calls `handler` with the signal's number
    /// on a global queue instead. Keep the returned sources alive for as long as it applies.
    static func watch(_ handler: @escaping @Sendable (Int32) -> Void) -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    /// "Ctrl-C (SIGINT)", "SIGTERM", … for messages.
    static func name(_ number: Int32) -> String { number == SIGINT ? "Ctrl-C (SIGINT)" : number == SIGTERM ? "SIGTERM" : "signal \(number)" }
}
