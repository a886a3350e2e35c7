import Foundation
import LessonEngine

/// What the child's stderr says about how it stopped: the Swift runtime's message and the
/// learner's `Sources/Exercises/…swift:LINE`, read from the runtime's "Fatal error" line and
/// the backtracer's frames. Debug builds print "File.swift:N: Fatal error: message"; release
/// builds often print only "*** Swift runtime failure: message ***" (or no message at all),
/// and the frames still carry file:line.
struct CrashReport: Equatable {
    /// "Fatal error: Index out of range", "Precondition failed: …", "Swift runtime failure:
    /// arithmetic overflow"; nil when the runtime printed no message.
    var message: String?
    /// The innermost frame in the learner's files: "Sources/Exercises/X.swift:23".
    var learnerLocation: String?
    /// The learner's function there, when the frame names it reliably (not inlined).
    var learnerFunction: String?
    /// The innermost frame in the course's other sources (e.g. a Linalg precondition the
    /// learner's call tripped): (function, "Sources/Linalg/…swift:40").
    var library: (function: String, location: String)?
    /// The backtracer's headline: "Illegal instruction".
    var crashKind: String?

    static func == (a: CrashReport, b: CrashReport) -> Bool {
        a.message == b.message && a.learnerLocation == b.learnerLocation && a.learnerFunction == b.learnerFunction
            && a.library?.function == b.library?.function && a.library?.location == b.library?.location && a.crashKind == b.crashKind
    }

    /// Path fragments that mark the learner's files (the planted faults stand in for them in tests).
    static let learnerMarkers = ["/Sources/Exercises/", "/ChildRun/PlantedFaults.swift"]

    static func parse(_ text: String, courseDirectory: URL? = nil) -> CrashReport {
        var report = CrashReport()
        var locatedByLine = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            if report.message == nil, let (location, message) = runtimeMessage(line) {
                report.message = message
                if let location, location.hasPrefix("Exercises/") {
                    report.learnerLocation = "Sources/" + location
                    locatedByLine = true
                }
            } else if report.message == nil, line.hasPrefix("*** Swift runtime failure: ") {
                report.message = String(line.dropFirst(4).dropLast(line.hasSuffix(" ***") ? 4 : 0))
            } else if report.crashKind == nil, line.hasPrefix("*** Program crashed: ") {
                let rest = line.dropFirst("*** Program crashed: ".count)
                report.crashKind = String(rest.prefix { $0 != "*" }).components(separatedBy: " at 0x")[0]
                    .trimmingCharacters(in: .whitespaces)
            } else if let frame = Frame(line) {
                if learnerMarkers.contains(where: frame.path.contains) {
                    // The innermost learner frame with a line number; one without (a frame the
                    // unwinder only half saw) is kept until a better one comes.
                    if report.learnerLocation == nil || (!locatedByLine && frame.line != nil) {
                        report.learnerLocation = frame.relativePath
                        report.learnerFunction = frame.inlined || frame.line == nil ? nil : frame.function
                        locatedByLine = frame.line != nil
                    }
                } else if report.learnerLocation == nil, frame.path.contains("/Sources/"),
                          !frame.path.contains("/Sources/backprop/"), !frame.path.hasSuffix("/ShapeFailure.swift"), !frame.inlined {
                    // The outermost course frame before the learner's: the call they made.
                    report.library = (frame.function, frame.relativePath)
                }
            }
        }
        return report
    }

    /// "Exercises/X.swift:12: Fatal error: msg" → ("Exercises/X.swift:12", "Fatal error: msg");
    /// also the older "Fatal error: msg: file X.swift, line 12".
    static func runtimeMessage(_ line: String) -> (location: String?, message: String)? {
        for kind in ["Fatal error: ", "Precondition failed: ", "Assertion failed: "] {
            guard let range = line.range(of: kind) else { continue }
            let prefix = line[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            var message = kind.trimmingCharacters(in: .whitespaces) + " " + line[range.upperBound...]
            if message.hasSuffix(": ") { message.removeLast(2) }
            let location = prefix.hasSuffix(":") ? String(prefix.dropLast()) : nil
            return (location, message.trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// One backtrace frame: `  3 [ra] [inlined] 0x… function + 12 in binary at /path/File.swift:23:45`.
    struct Frame {
        var function: String
        var path: String
        /// nil when the backtracer could name the file but not the line.
        var line: Int?
        var inlined: Bool

        init?(_ text: String) {
            guard let atRange = text.range(of: " at /", options: .backwards),
                  let inRange = text.range(of: " in ", options: .backwards, range: text.startIndex..<atRange.lowerBound),
                  let hexRange = text.range(of: " 0x") else { return nil }
            let location = text[text.index(after: atRange.lowerBound)...].dropFirst(3)   // "/path/File.swift:23:45"
            let parts = location.split(separator: ":")
            guard let file = parts.first, file.hasSuffix(".swift") else { return nil }
            path = String(file)
            line = parts.count >= 2 ? Int(parts[1]) : nil
            inlined = text[..<hexRange.lowerBound].contains("[inlined]")
            var name = text[hexRange.upperBound..<inRange.lowerBound].drop { $0 != " " }.trimmingCharacters(in: .whitespaces)
            if let plus = name.range(of: " + ", options: .backwards), name[plus.upperBound...].allSatisfy(\.isNumber) {
                name = String(name[..<plus.lowerBound])
            }
            for prefix in ["specialized ", "static "] where name.hasPrefix(prefix) { name.removeFirst(prefix.count) }
            function = name
        }

        /// From `Sources/` on: "Sources/Exercises/X.swift:23".
        var relativePath: String {
            let short = path.range(of: "/Sources/", options: .backwards).map { "Sources/" + path[$0.upperBound...] } ?? path
            return line.map { "\(short):\($0)" } ?? short
        }
    }
}
