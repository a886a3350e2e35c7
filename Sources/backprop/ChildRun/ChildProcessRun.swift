import Foundation
import LessonEngine

/// The parent's half of a child run: start the child, relay its events to the presenter as
/// they arrive, enforce the time limit, and turn an abnormal end into a failed check.
struct ChildProcessRun {
    let lesson: Lesson
    let options: RunOptions
    let course: URL
    let environment: [String: String]
    /// Seconds of silence allowed.
    let timeout: Double

    /// The Swift runtime's backtracer, told to print only what we parse: the crashed thread's
    /// frames with file:line, no registers, no images, no colour, never waiting for a debugger.
    static let backtraceSettings = "enable=yes,interactive=no,color=no,threads=crashed,registers=none,images=none,sanitize=no,limit=48,top=8"
    /// After SIGABRT on a timeout, how long the backtracer gets to print before SIGKILL.
    static let backtraceGrace = 10.0

    func arguments() -> [String] {
        var arguments = [ChildRun.subcommand, lesson.id, "--course", course.path, "--seed", "\(options.seed)"]
        if options.quick { arguments.append("--quick") }
        if options.mine { arguments.append("--mine") }
        if let data = options.dataDirectory { arguments += ["--data", data] }
        if let state = options.stateDirectory { arguments += ["--state-dir", state] }
        return arguments
    }

    func run(presenter: any LessonPresenter) -> LessonResult {
        var relay = EventRelay(lesson: lesson, presenter: presenter)
        let process = Process()
        process.executableURL = SelfExecutable.url()
        process.arguments = arguments()
        var childEnvironment = environment
        childEnvironment["SWIFT_BACKTRACE"] = Self.backtraceSettings
        process.environment = childEnvironment
        let events = Pipe(), errors = Pipe()
        process.standardOutput = events
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            relay.fail(Check(name: "your code ran in its own process", holds: false,
                             detail: "could not start \(process.executableURL?.path ?? "backprop") again as a child process: \(error). Try BACKPROP_ISOLATION=off to run in-process."))
            return relay.result()
        }
        LessonInterruption.shared.child(process.processIdentifier)
        let stderrRelay = StderrRelay(handle: errors.fileHandleForReading)
        let timedOut = relay.pump(fd: events.fileHandleForReading.fileDescriptor, timeout: timeout)
        if timedOut {
            // SIGABRT makes the backtracer print where the code was (SIGQUIT may be ignored
            // when we were started in the background); then it is stopped for good.
            // Aimed at the main thread (its id is the process id), where the lesson runs: a
            // process-wide signal may land on a helper thread whose frames say nothing.
            if !Self.signalMainThread(process.processIdentifier, SIGABRT) { kill(process.processIdentifier, SIGABRT) }
            let end = Date().addingTimeInterval(Self.backtraceGrace)
            while process.isRunning && Date() < end && !stderrRelay.contains("Backtrace took") { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        LessonInterruption.shared.child(nil)
        let stderrText = stderrRelay.finish()
        if let path = environment[ChildRun.stderrLogVariable] {   // for debugging the runner itself
            try? Data(stderrText.utf8).write(to: URL(fileURLWithPath: path))
        }
        if relay.done && !timedOut && process.terminationReason == .exit && process.terminationStatus == 0 {
            return relay.result()
        }
        if !timedOut && process.terminationReason == .uncaughtSignal && LessonInterruption.isInterruption(process.terminationStatus) {
            // Ctrl-C reaches the child too (same terminal): the learner stopped it, it did not crash.
            LessonInterruption.shared.childStopped(by: process.terminationStatus)
        }
        let crash = CrashReport.parse(stderrText, courseDirectory: course)
        if timedOut {
            relay.fail(crash.timeoutCheck(seconds: timeout))
        } else if process.terminationReason == .uncaughtSignal {
            relay.fail(crash.trapCheck(signal: process.terminationStatus))
        } else {
            relay.fail(crash.exitCheck(status: process.terminationStatus))
        }
        return relay.result()
    }


    /// Linux's tgkill(pid, pid, signal) (looked up by name: glibc declares it only under
    /// _GNU_SOURCE); false where it is unavailable.
    static func signalMainThread(_ pid: pid_t, _ signal: Int32) -> Bool {
        #if os(Linux)
        typealias ThreadKill = @convention(c) (pid_t, pid_t, Int32) -> Int32
        guard let symbol = dlsym(nil, "tgkill") else { return false }
        return unsafeBitCast(symbol, to: ThreadKill.self)(pid, pid, signal) == 0
        #else
        return false
        #endif
    }
}

/// Reads the child's events and passes them on to the presenter, keeping the outputs.
struct EventRelay {
    let lesson: Lesson
    let presenter: any LessonPresenter
    private(set) var outputs: [OutputBlock] = []
    private(set) var done = false
    private(set) var inputErrors: [String] = []
    private var reporters: [Int: any ProgressReporter] = [:]
    private var buffer = Data()

    init(lesson: Lesson, presenter: any LessonPresenter) {
        self.lesson = lesson
        self.presenter = presenter
    }

    /// Reads events until end of file; true when `timeout` seconds passed without one.
    mutating func pump(fd: Int32, timeout: Double) -> Bool {
        var deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return true }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining, 0.5) * 1000) + 1)
            if ready < 0 { if errno == EINTR { continue }; return false }
            if ready == 0 { continue }
            let count = read(fd, &chunk, chunk.count)
            if count < 0 { if errno == EINTR || errno == EAGAIN { continue }; return false }
            if count == 0 { return false }
            buffer.append(contentsOf: chunk[0..<count])
            deadline = Date().addingTimeInterval(timeout)
            while let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                if let event = ChildEvent.decode(line: Data(line)) { handle(event) }
            }
        }
    }

    mutating func handle(_ event: ChildEvent) {
        switch event {
        case .block(let index):
            guard lesson.blocks.indices.contains(index) else { return }
            if case .run = lesson.blocks[index] { return }
            presenter.present(lesson.blocks[index], of: lesson)
        case .output(let recorded):
            let block = recorded.outputBlock
            outputs.append(block)
            presenter.present(block)
        case .progress(let id, let label, let total):
            reporters[id] = presenter.progress(label: label, total: total)
        case .update(let id, let completed, let status):
            reporters[id]?.update(completed: completed, status: status)
        case .finish(let id, let summary):
            reporters.removeValue(forKey: id)?.finish(summary: summary)
        case .inputErrors(let errors):
            inputErrors += errors
        case .done:
            done = true
        }
    }

    /// Presents a failed check where the run stopped, closing any open progress bar first.
    mutating func fail(_ check: Check) {
        for (_, reporter) in reporters { reporter.finish(summary: "stopped") }
        reporters = [:]
        let block = OutputBlock.check(check)
        outputs.append(block)
        presenter.present(block)
    }

    func result() -> LessonResult {
        var result = LessonResult(lessonID: lesson.id, outputs: outputs)
        result.inputErrors = inputErrors
        return result
    }
}
