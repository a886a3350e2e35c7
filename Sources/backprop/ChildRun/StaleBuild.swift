import Foundation

/// A `--mine` run checks the learner's code compiled into this binary. When a file in the
/// course's `Sources/Exercises/` is newer than the binary, the binary holds an older version
/// of it: checking that silently would report on code the learner has since changed. Rather
/// than rebuild behind their back (a second SwiftPM inside a `swift run` can wait on its
/// lock), we stop and print the exact command that rebuilds and runs in one go.
///
/// A file can be newer than the binary and still be what it holds: saved without a change, or
/// changed and changed back. SwiftPM then recompiles the module, finds the same object code
/// and does not relink, so the binary keeps its old date. Judging by dates alone, `swift run`
/// would then refuse forever, each time printing the `swift run` command the learner just
/// typed. So a newer file still counts as built when the build wrote its dependency file
/// after the file changed (`Exercises.build/<file>.d` in debug builds, `Exercises.d` in
/// release, both listing the file's path) and no object file of the module is newer than the
/// binary. A failed compile deletes or leaves behind those files, so it never counts as built.
enum StaleBuild {
    /// Exercise files (course-relative paths) modified after `executableDate`, newest first,
    /// leaving out those the build in `buildDirectory` (the binary's folder) compiled since.
    static func staleFiles(exercises: URL, executableDate: Date, buildDirectory: URL? = nil) -> [String] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: exercises.path) else { return [] }
        var found: [(String, Date)] = []
        for name in names where name.hasSuffix(".swift") {
            let url = exercises.appendingPathComponent(name)
            if let date = modificationDate(url), date > executableDate,
               !compiledUnchanged(url, changed: date, executableDate: executableDate, buildDirectory: buildDirectory) {
                found.append(("Sources/Exercises/" + name, date))
            }
        }
        return found.sorted { $0.1 > $1.1 }.map(\.0)
    }

    static func modificationDate(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }

    /// True when the build compiled `file` after it `changed` and linked nothing newer than the
    /// binary: the binary holds what the file says now.
    static func compiledUnchanged(_ file: URL, changed: Date, executableDate: Date, buildDirectory: URL?) -> Bool {
        guard let module = buildDirectory?.appendingPathComponent("Exercises.build") else { return false }
        let stem = file.deletingPathExtension().lastPathComponent
        let perFile = module.appendingPathComponent(stem + ".d"), wholeModule = module.appendingPathComponent("Exercises.d")
        let dependencies = FileManager.default.fileExists(atPath: perFile.path) ? perFile : wholeModule
        guard let written = modificationDate(dependencies), written >= changed,
              let text = try? String(contentsOf: dependencies, encoding: .utf8),
              text.contains(file.standardizedFileURL.resolvingSymlinksInPath().path) || text.contains(file.path) else { return false }
        let objects = (try? FileManager.default.contentsOfDirectory(atPath: module.path))?.filter { $0.hasSuffix(".o") } ?? []
        guard !objects.isEmpty else { return false }
        return objects.allSatisfy { (modificationDate(module.appendingPathComponent($0)) ?? .distantFuture) <= executableDate }
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
        let stale = staleFiles(exercises: course.appendingPathComponent("Sources/Exercises"), executableDate: built,
                               buildDirectory: executable.resolvingSymlinksInPath().deletingLastPathComponent())
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
