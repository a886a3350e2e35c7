import Foundation
import Testing

/// Learner code never crashes the runner: `--mine` runs happen in a child process, and a trap
/// or an endless loop there becomes a failed check quoting the runtime's message and the
/// file:line. The faults are planted with BACKPROP_CHILD_PLANT (Sources/backprop/ChildRun/
/// PlantedFaults.swift stands in for the learner's file), so Sources/Exercises is never edited.
@Suite("learner code runs isolated in a child process")
struct ChildRunCLITests {
    func runPlanted(_ fault: String, extra: [String: String] = [:]) throws -> Output {
        try backprop(["run", "2", "--mine", "--force", "--color", "never"],
                     environment: ["BACKPROP_CHILD_PLANT": fault].merging(extra) { $1 })
    }

    /// Nothing of the crash machinery reaches the learner's terminal.
    func expectNoCrashDump(_ output: Output) {
        for text in [output.stdout, output.stderr] {
            #expect(!text.contains("Program crashed"))
            #expect(!text.contains("Thread 0"))
            #expect(!text.contains("Backtracing"))
            #expect(!text.contains("0x0000"))
        }
    }

    @Test("an index out of range is a failed check with the message and the file:line; exit 1")
    func indexOutOfRange() throws {
        let output = try runPlanted("index")
        #expect(output.status == 1)
        #expect(output.stdout.contains("FAIL your code ran without crashing"))
        #expect(output.stdout.contains("“Fatal error: Index out of range”"), "\(output.stdout.suffix(1500))")
        #expect(output.stdout.contains("Sources/backprop/ChildRun/PlantedFaults.swift:4"), "\(output.stdout.suffix(1500))")
        #expect(output.stdout.contains("Lesson 2 failed"))
        expectNoCrashDump(output)
    }

    @Test("a matrix product of the wrong shapes quotes Linalg's message naming both shapes")
    func shapePrecondition() throws {
        let output = try runPlanted("precondition")
        #expect(output.status == 1)
        let flat = output.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("“Fatal error: Matmul A·B: inner dimensions differ, A is 3×5, B is 3×5”"), "\(output.stdout.suffix(1500))")
        #expect(flat.contains("inside Matrix.multiplied(by:layout:) (Sources/Linalg/Matmul.swift:"), "\(output.stdout.suffix(1500))")
        expectNoCrashDump(output)
    }

    @Test("integer overflow and division by zero are failed checks", arguments: [
        ("overflow", "arithmetic overflow"), ("divide", "Division by zero"),
    ])
    func arithmeticTraps(fault: String, message: String) throws {
        let output = try runPlanted(fault)
        #expect(output.status == 1)
        #expect(output.stdout.contains(message), "\(output.stdout.suffix(1500))")
        #expect(output.stdout.contains("PlantedFaults.swift:"), "\(output.stdout.suffix(1500))")
        expectNoCrashDump(output)
    }

    @Test("an endless loop is stopped after the time limit and says where it was")
    func endlessLoop() throws {
        let output = try runPlanted("loop", extra: ["BACKPROP_CHILD_TIMEOUT": "5"])   // room for a slow start on a loaded machine
        #expect(output.status == 1)
        let flat = output.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("FAIL your code finished in time"), "\(output.stdout.suffix(1500))")
        #expect(flat.contains("it ran for 5 s without any output and was stopped"), "\(output.stdout.suffix(1500))")
        // The line number only when the unwinder sees the loop's own frame (it may not, mid-call).
        #expect(flat.contains("last seen at your Sources/backprop/ChildRun/PlantedFaults.swift"), "\(output.stdout.suffix(1500))")
        expectNoCrashDump(output)
    }

    @Test("a returned family of the wrong shape is named before any arithmetic")
    func wrongShape() throws {
        let output = try runPlanted("shape")
        #expect(output.status == 1)
        let flat = output.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("your ∂L/∂w_o is 5×3, expected 3×5 (K×H): it is transposed"), "\(output.stdout.suffix(1500))")
    }

    @Test("the child renders exactly what an in-process run renders")
    func sameOutputAsInProcess() throws {
        let isolated = try backprop(["run", "4", "--mine", "--force", "--color", "never"])
        let inProcess = try backprop(["run", "4", "--mine", "--force", "--color", "never"], environment: ["BACKPROP_ISOLATION": "off"])
        // This runs whatever is in Sources/Exercises. If the learner's half-written code traps,
        // the in-process run dies (that is why runs are isolated): nothing to compare then.
        guard inProcess.status <= 3 else {
            #expect(isolated.status == 1)   // the isolated run survives it as a failed check
            return
        }
        #expect(isolated.status == inProcess.status)
        #expect(isolated.stdout == inProcess.stdout)
    }

    /// A course directory with the real lessons and one exercise file dated `modified`.
    func courseWithExercise(modified: Date) throws -> URL {
        let root = temporaryDirectory()
        let manager = FileManager.default
        for item in ["lessons", "Sources", "Package.swift"] {   // lessons include files from Sources/
            try manager.copyItem(at: repositoryRoot.appendingPathComponent(item), to: root.appendingPathComponent(item))
        }
        let exercises = root.appendingPathComponent("Sources/Exercises")
        for name in try manager.contentsOfDirectory(atPath: exercises.path) {
            try manager.setAttributes([.modificationDate: Date(timeIntervalSince1970: 0)], ofItemAtPath: exercises.appendingPathComponent(name).path)
        }
        let file = exercises.appendingPathComponent("ChainRuleExercise.swift")
        try manager.setAttributes([.modificationDate: modified], ofItemAtPath: file.path)
        return root
    }

    @Test("an exercise newer than the binary stops the run and prints the exact command")
    func staleBinary() throws {
        let course = try courseWithExercise(modified: Date().addingTimeInterval(3600))
        let output = try backprop(["--course", course.path, "run", "2", "--mine", "--force"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("error: Sources/Exercises/ChainRuleExercise.swift changed after this backprop was built, so it would check your old code."), "\(output.stderr)")
        #expect(output.stderr.contains("swift run backprop --course \(course.path) run 2 --mine --force"), "\(output.stderr)")
        #expect(!output.stdout.contains("Checks"))

        let fresh = try courseWithExercise(modified: Date(timeIntervalSince1970: 0))
        let ran = try backprop(["--course", fresh.path, "run", "2", "--mine", "--force", "--color", "never"])
        #expect(!ran.stderr.contains("changed after this backprop was built"))
        #expect(ran.stdout.contains("Lesson 2"))
    }
}

/// The same traps through a release build (`swift build -c release --product backprop`), where
/// Swift drops most runtime messages: run with BACKPROP_TEST_RELEASE=1 after building it.
@Suite("learner code runs isolated in a release build",
       .enabled(if: ProcessInfo.processInfo.environment["BACKPROP_TEST_RELEASE"] == "1"))
struct ChildRunReleaseCLITests {
    static let releaseBinary = repositoryRoot.appendingPathComponent(".build/release/backprop")

    func run(_ fault: String, timeout: String = "20") throws -> String {
        let process = Process()
        process.executableURL = Self.releaseBinary
        process.arguments = ["run", "2", "--mine", "--force", "--color", "never"]
        process.currentDirectoryURL = repositoryRoot
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = temporaryDirectory().path
        environment["COLUMNS"] = "80"
        environment["BACKPROP_CHILD_PLANT"] = fault
        environment["BACKPROP_CHILD_TIMEOUT"] = timeout
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            + String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(!text.contains("Program crashed") && !text.contains("Thread 0"))
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test("each planted trap is a failed check naming the planted file's line", arguments: [
        ("index", "FAIL your code ran without crashing"),
        ("precondition", "“Fatal error: Matmul A·B: inner dimensions differ, A is 3×5, B is 3×5”"),
        ("overflow", "arithmetic overflow"),
        ("divide", "Division by zero"),
        ("loop", "FAIL your code finished in time"),
    ])
    func trap(fault: String, expected: String) throws {
        let text = try run(fault, timeout: fault == "loop" ? "5" : "20")
        #expect(text.contains(expected), "\(text.suffix(1200))")
        #expect(text.contains(fault == "loop" ? "PlantedFaults.swift" : "PlantedFaults.swift:"), "\(text.suffix(1200))")
    }
}
