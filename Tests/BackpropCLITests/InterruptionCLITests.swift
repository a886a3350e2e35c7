import Foundation
import Testing

/// Ctrl-C or SIGTERM during a lesson: one message naming the lesson and the command to rerun,
/// exit 128 + signal, and never a "your code crashed" report for a child the learner stopped.
/// The lesson is kept busy by the planted endless loop (Sources/backprop/ChildRun/PlantedFaults.swift).
@Suite("a lesson stopped by a signal", .serialized)
struct InterruptionCLITests {
    /// Starts `backprop run 2 --mine` with the planted loop, waits for its child process,
    /// signals `target` (the parent or the child), and returns the parent's output.
    func interrupt(_ signalNumber: Int32, target: KeyPath<(parent: pid_t, child: pid_t), pid_t>) throws -> (Output, child: pid_t) {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["run", "2", "--mine", "--force", "--color", "never"]
        process.currentDirectoryURL = repositoryRoot
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = temporaryDirectory().path
        environment["BACKPROP_CHILD_PLANT"] = "loop"
        environment["BACKPROP_CHILD_TIMEOUT"] = "120"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let parent = process.processIdentifier
        var child: pid_t = 0
        let deadline = Date().addingTimeInterval(60)
        while child == 0 && Date() < deadline {
            child = Self.childProcess(of: parent) ?? 0
            if child == 0 { usleep(50_000) }
        }
        #expect(child != 0, "the lesson never started its child process")
        usleep(500_000)   // let the child get into the loop
        kill((parent: parent, child: child)[keyPath: target], signalNumber)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self)), child)
    }

    static func childProcess(of parent: pid_t) -> pid_t? {
        let pgrep = Process()
        pgrep.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        pgrep.arguments = ["pgrep", "-P", "\(parent)"]
        let pipe = Pipe()
        pgrep.standardOutput = pipe
        guard (try? pgrep.run()) != nil else { return nil }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        pgrep.waitUntilExit()
        return text.split(separator: "\n").first.flatMap { pid_t($0) }
    }

    /// Ended but not yet reaped (its new parent may be slow to collect it).
    static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") == true
    }

    @Test("Ctrl-C kills the child first: the parent says the lesson was stopped, not that your code crashed; exit 130")
    func childInterrupted() throws {
        let (output, _) = try interrupt(SIGINT, target: \.child)
        #expect(output.status == 130, "\(output.stdout.suffix(800))\n\(output.stderr)")
        let flat = output.stderr.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("error: lesson 2 stopped by Ctrl-C (SIGINT) before its checks finished"), "\(output.stderr)")
        #expect(flat.contains("run 2 --force`"), "\(output.stderr)")
        #expect(!output.stdout.contains("FAIL"), "an interruption is not a failed check: \(output.stdout.suffix(800))")
    }

    @Test("SIGTERM to the runner alone stops its child too; exit 143")
    func parentTerminated() throws {
        let (output, child) = try interrupt(SIGTERM, target: \.parent)
        #expect(output.status == 143, "\(output.stderr)")
        #expect(output.stderr.contains("stopped by SIGTERM"), "\(output.stderr)")
        var gone = false
        for _ in 0..<100 where !gone {
            gone = kill(child, 0) != 0 || Self.isZombie(child)
            if !gone { usleep(50_000) }
        }
        if !gone { kill(child, SIGKILL) }
        #expect(gone, "the child process \(child) outlived the runner")
    }
}
