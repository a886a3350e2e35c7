import Foundation

/// A `--mine` run checks the learner's code compiled into this binary. When a file in the
/// course's `Sources/Exercises/` is newer than the binary, the binary holds an older version
/// of it: checking that silently would report on code the learner has since changed. Rather
/// than rebuild behind their back (a second SwiftPM inside a `swift run` can wait on its
/// lock), we stop and print the exact command that rebuilds and runs in one go.
enum StaleBuild {
    /// Exercise files (course-relative paths) modified after `executableDate`, newest first.
    static func staleFiles(exercises: URL, executableDate: Date) -> [String] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: exercises.path) else { return [] }
        var found: [(String, Date)] = []
        for name in names where name.hasSuffix(".swift") {
            let url = exercises.appendingPathComponent(name)
            if let date = (try? manager.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date, date > executableDate {
                found.append(("Sources/Exercises/" + name, date))
            }
        }
        return found.sorted { $0.1 > $1.1 }.map(\.0)
    }

    /// How this binary was built, for the command to print.
    static var configuration: String {
        #if DEBUG
        "debug"
        #else
        "release"
        #endif
    }

    /// The command that rebuilds and re-runs what the learner asked for.
    static func rerunCommand(arguments: [String]) -> String {
        let quoted = arguments.map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }
        return (["swift", "run"] + (configuration == "release" ? ["-c", "release"] : []) + ["backprop"] + quoted).joined(separator: " ")
    }

    /// The error to print when the binary is older than the course's exercises; nil when fresh.
    static func message(course: URL, executable: URL = SelfExecutable.url(),
                        arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> String? {
        guard let built = (try? FileManager.default.attributesOfItem(atPath: executable.path))?[.modificationDate] as? Date else { return nil }
        let stale = staleFiles(exercises: course.appendingPathComponent("Sources/Exercises"), executableDate: built)
        guard let newest = stale.first else { return nil }
        let others = stale.count > 1 ? " (and \(stale.count - 1) more)" : ""
        return """
        error: \(newest)\(others) changed after this backprop was built, so it would check your old code.
        hint: rebuild and run in one go, in \(course.path):
                \(rerunCommand(arguments: arguments))
              (or `swift build\(configuration == "release" ? " -c release" : "")`, then run backprop again)
        """
    }
}
