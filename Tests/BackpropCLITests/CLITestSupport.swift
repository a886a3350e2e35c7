import Foundation

/// The repository root (this file is Tests/BackpropCLITests/CLITestSupport.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The built `backprop` binary next to the tests (`.build/debug/backprop`).
let binary = repositoryRoot.appendingPathComponent(".build/debug/backprop")

struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Run `backprop` with `arguments`; progress goes to a fresh temporary XDG_STATE_HOME
/// (never the repository's .backprop/) unless `state` is given.
func backprop(_ arguments: [String], state: URL? = nil, environment extra: [String: String] = [:],
              directory: URL = repositoryRoot) throws -> Output {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_STATE_HOME"] = (state ?? temporaryDirectory()).path
    environment.removeValue(forKey: "NO_COLOR")
    environment.removeValue(forKey: "BACKPROP_COURSE")
    environment["COLUMNS"] = "80"
    for (key, value) in extra { environment[key] = value }
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes before waiting so a large output cannot block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                  stderr: String(decoding: errData, as: UTF8.self))
}

func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-cli-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A course directory with the given lesson files (name → text).
func temporaryCourse(_ lessons: [String: String]) -> URL {
    let root = temporaryDirectory()
    for (name, text) in lessons {
        let url = root.appendingPathComponent("lessons").appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? text.write(to: url, atomically: true, encoding: .utf8)
    }
    return root
}
