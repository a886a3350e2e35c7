import Foundation
import LessonEngine
import Stages

/// The child's half: `backprop __run-child LESSON --course DIR --seed N [--quick] [--mine]
/// [--data DIR] [--state-dir DIR]`. Runs the lesson with a presenter that writes events to
/// the original stdout; the learner's own `print`s go to stderr, which the parent relays.
enum ChildMain {
    static func run(_ arguments: [String]) -> Int32 {
        var positionals: [String] = []
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if ["--course", "--seed", "--data", "--state-dir"].contains(argument), index + 1 < arguments.count {
                values[argument] = arguments[index + 1]
                index += 2
                continue
            }
            if argument.hasPrefix("--") { flags.insert(argument) } else { positionals.append(argument) }
            index += 1
        }
        guard positionals.count == 1, let course = values["--course"] else {
            Session.printError("error: \(ChildRun.subcommand) is internal: it needs a lesson and --course")
            return ExitStatus.usage
        }
        // A blocked signal mask is inherited across exec (test runners block some); unblock all,
        // so the SIGABRT the parent sends on a timeout reaches the backtracer.
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        // An ignored signal stays ignored across exec, and the parent ignores these (it catches
        // them on a dispatch queue): restore the defaults, so Ctrl-C stops the child as well.
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        // Events go to the real stdout; fd 1 becomes stderr for whatever the learner prints.
        let eventDescriptor = dup(STDOUT_FILENO)
        dup2(STDERR_FILENO, STDOUT_FILENO)
        unbufferStandardOutput()
        let registry = PlantedFaults.registry(plant: ProcessInfo.processInfo.environment[ChildRun.plantVariable])
        do {
            let catalogue = try LessonCatalogue.load(root: URL(fileURLWithPath: course), registry: registry)
            guard let lesson = catalogue.lesson(named: positionals[0]) else {
                Session.printError("error: no lesson '\(positionals[0])' in \(course)")
                return ExitStatus.usage
            }
            var options = RunOptions(quick: flags.contains("--quick"), mine: flags.contains("--mine"),
                                     seed: values["--seed"].flatMap { UInt64($0) } ?? 42, dataDirectory: values["--data"])
            options.stateDirectory = values["--state-dir"]
            let presenter = EventPresenter(descriptor: eventDescriptor, lesson: lesson)
            let result = LessonRunner(registry: registry, isBadInput: LessonRun.isBadInput).run(lesson, options: options, presenter: presenter)
            if !result.inputErrors.isEmpty { presenter.send(.inputErrors(result.inputErrors)) }
            presenter.send(.done)
            return ExitStatus.success
        } catch {
            Session.printError("error: \(error)")
            return ExitStatus.badInput
        }
    }
}

/// Swift's `print` goes through C stdio, which buffers a pipe: without this, what the learner
/// printed just before a crash would be lost with the buffer.
/// (C's `stdout` is looked up by name: Swift 6 forbids touching the mutable C global directly.)
private func unbufferStandardOutput() {
    #if canImport(Darwin)
    let (everywhere, name) = (UnsafeMutableRawPointer(bitPattern: -2), "__stdoutp")   // RTLD_DEFAULT
    #else
    let (everywhere, name): (UnsafeMutableRawPointer?, String) = (nil, "stdout")       // RTLD_DEFAULT
    #endif
    guard let symbol = dlsym(everywhere, name) else { return }
    if let file = symbol.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee { setvbuf(file, nil, _IONBF, 0) }
}

/// Writes every presented block and progress update as a `ChildEvent` line.
final class EventPresenter: LessonPresenter {
    let descriptor: Int32
    let lesson: Lesson
    private var anchor = -1
    private var nextReporter = 0

    init(descriptor: Int32, lesson: Lesson) {
        self.descriptor = descriptor
        self.lesson = lesson
    }

    func send(_ event: ChildEvent) {
        let data = event.encodedLine()
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue }; return }
                offset += written
            }
        }
    }

    func present(_ block: LessonBlock, of lesson: Lesson) {
        if let index = self.lesson.blocks.indices.first(where: { $0 > anchor && self.lesson.blocks[$0] == block }) {
            anchor = index
            send(.block(index))
        }
    }

    func present(_ output: OutputBlock) { send(.output(RecordedOutput(output))) }

    func progress(label: String, total: Int) -> any ProgressReporter {
        nextReporter += 1
        send(.progress(id: nextReporter, label: label, total: total))
        return EventProgress(id: nextReporter, total: total, presenter: self)
    }
}

/// Progress over the event pipe, at most every 50 ms (and always the last update).
final class EventProgress: ProgressReporter {
    let id: Int
    let total: Int
    unowned let presenter: EventPresenter
    private var lastSent = ContinuousClock.now - .seconds(1)

    init(id: Int, total: Int, presenter: EventPresenter) {
        self.id = id
        self.total = total
        self.presenter = presenter
    }

    func update(completed: Int, status: String) {
        let now = ContinuousClock.now
        guard completed >= total || now - lastSent >= .milliseconds(50) else { return }
        lastSent = now
        presenter.send(.update(id: id, completed: completed, status: status))
    }

    func finish(summary: String) { presenter.send(.finish(id: id, summary: summary)) }
}
