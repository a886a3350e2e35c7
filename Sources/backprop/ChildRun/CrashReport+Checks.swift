import Foundation
import LessonEngine

/// The failed checks a crashed, stopped or failed child becomes. Each says what happened,
/// where (the learner's file:line), and what to look at next.
extension CrashReport {
    /// "at Sources/Exercises/X.swift:23 (in f(_:))", or inside a library call made from there.
    var whereText: String {
        var parts: [String] = []
        if let library {
            parts.append("inside \(library.function) (\(library.location))" + (learnerLocation.map { ", called from your \($0)" } ?? ""))
        } else if let learnerLocation {
            parts.append("at your \(learnerLocation)" + (learnerFunction.map { " (in \($0))" } ?? ""))
        }
        return parts.joined()
    }

    /// What kind of mistake the message points at, in one sentence.
    var advice: String {
        let text = (message ?? "").lowercased()
        if text.contains("index out of range") || text.contains("out of range") {
            return "An index went past the end: Swift arrays run from 0 to count − 1 — check the loop bounds and which index goes with which size."
        }
        if text.contains("overflow") {
            return "An integer grew past Int.max (or below Int.min): check that an index or a count is not multiplied or summed where you meant something else."
        }
        if text.contains("division by zero") || text.contains("remainder") {
            return "An integer was divided by 0: check the count you divide by (use Double for averages)."
        }
        if text.contains("precondition") || library != nil {
            return "A precondition failed: the shapes or sizes passed in do not fit — compare each matrix's shape with the derivation's (rows × columns)."
        }
        if text.contains("unexpectedly found nil") {
            return "An optional was nil where your code forced it with `!`."
        }
        if message == nil {
            return "Without a message (a release build drops them) this is most often an index past the end of an array, an integer overflow or a failed precondition on shapes: check that line's indices and sizes."
        }
        return "Your code stopped the program there; look at that line."
    }

    /// A trap (signal): the runtime's message and the learner's line.
    func trapCheck(signal: Int32) -> Check {
        let what = message.map { "“\($0)”" } ?? (crashKind.map { "a trap (\($0))" } ?? "signal \(signal)")
        let place = whereText.isEmpty ? "" : " " + whereText
        return Check(name: "your code ran without crashing", holds: false,
                     detail: "it stopped with \(what)\(place). \(advice) The crash ended only this run, not backprop."
                        + (message == nil ? " (`swift run backprop …`, a debug build, prints Swift's message.)" : ""))
    }

    /// A timeout: where the code was when it was stopped (the backtracer's frames).
    func timeoutCheck(seconds: Double) -> Check {
        let limit = seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
        let place = learnerLocation.map { ", last seen at your \($0)" + (learnerFunction.map { " (in \($0))" } ?? "") } ?? ""
        return Check(name: "your code finished in time", holds: false,
                     detail: "it ran for \(limit) without any output and was stopped\(place). An endless loop? Check that every loop's variable moves toward its bound. (Set \(ChildRun.timeoutVariable)=60 for a longer limit.)")
    }

    /// The child exited with a status but without finishing (e.g. it could not load the lesson).
    func exitCheck(status: Int32) -> Check {
        Check(name: "your code ran to the end", holds: false,
              detail: "the child process running your code exited with status \(status) before the lesson finished"
                + (message.map { ": “\($0)”" } ?? "") + (whereText.isEmpty ? "" : " " + whereText) + ". The lines above it on stderr say why.")
    }
}
