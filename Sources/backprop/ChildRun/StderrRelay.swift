import Foundation

/// Collects the child's stderr on a background thread. Lines the learner's code prints are
/// passed on to our stderr as they come; from the first line of a crash report on (the Swift
/// runtime's "Fatal error" line, the backtracer's "*** Signal"), everything is kept back and
/// parsed instead, so the learner never sees a register dump.
final class StderrRelay: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    private var crashing = false
    private let finished = DispatchSemaphore(value: 0)

    init(handle: FileHandle) {
        let thread = Thread { [self] in
            var pending = Data()
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                pending.append(data)
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    take(line)
                }
            }
            if !pending.isEmpty { take(String(decoding: pending, as: UTF8.self)) }
            finished.signal()
        }
        thread.start()
    }

    /// Whether a line starts a crash report.
    static func startsCrash(_ line: String) -> Bool {
        line.hasPrefix("*** ") || line.contains("Fatal error:") || line.contains("Precondition failed:")
            || line.contains("Assertion failed:") || line.hasPrefix("Current stack trace:")
            || line.contains("Swift runtime failure")
    }

    private func take(_ line: String) {
        lock.lock()
        text += line + "\n"
        if !crashing && Self.startsCrash(line) { crashing = true }
        let forward = !crashing
        lock.unlock()
        if forward { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }

    /// Whether the text so far contains `marker`.
    func contains(_ marker: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return text.contains(marker)
    }

    /// Waits for end of file (the child has exited) and returns everything it wrote.
    func finish() -> String {
        finished.wait()
        lock.lock()
        defer { lock.unlock() }
        return text
    }
}

/// The path of the running executable, to start it again as the child.
enum SelfExecutable {
    static func url() -> URL {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 {
            let path = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if FileManager.default.isExecutableFile(atPath: path) { return URL(fileURLWithPath: path) }
        }
        #endif
        if let path = Bundle.main.executablePath { return URL(fileURLWithPath: path) }
        let first = CommandLine.arguments.first ?? "backprop"
        if first.contains("/") { return URL(fileURLWithPath: first).standardizedFileURL }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(first)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return URL(fileURLWithPath: first)
    }
}
