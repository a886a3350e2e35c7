// Issue 8: a killed `train` leaves a loadable checkpoint, and concurrent runs keep the
// progress file valid. Children get SIGKILL (a child of the test runner may inherit a
// blocked SIGTERM), the harshest case: no handler, no flush, no cleanup.
import Foundation
import NeuralNet
import Testing

/// Starts `backprop` without waiting; output discarded.
func startBackprop(_ arguments: [String], state: URL) throws -> Process {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = repositoryRoot
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_STATE_HOME"] = state.path
    environment.removeValue(forKey: "BACKPROP_COURSE")
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
}

@Suite("kill safety", .serialized)
struct KillSafetyTests {
    @Test("SIGKILL during training leaves a checkpoint that loads, and --resume finishes", arguments: [0.02, 0.15, 0.3])
    func killDuringTraining(delay: Double) throws {
        let data = try SyntheticFashion.directory()
        let checkpoint = temporaryDirectory().appendingPathComponent("run.safetensors")
        let process = try startBackprop(["train", "--data", data.path, "--epochs", "40", "--batch", "16",
                                         "--save", checkpoint.path, "--quiet"], state: temporaryDirectory())
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: checkpoint.path) && process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.005)
        }
        Thread.sleep(forTimeInterval: delay)      // into a later epoch, possibly mid-write of the next checkpoint
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(wasRunning, "training finished before the kill; the test did not test anything")
        #expect(process.terminationReason == .uncaughtSignal)

        let stored = try SafetensorsFile.read(from: checkpoint)      // never truncated: it parses
        let network = try Network<Float>.loadWeights(from: checkpoint)
        #expect(network.architecture.sizesDescription == DefaultModel.architecture)
        let epoch = try #require(stored.metadata["epoch"].flatMap { Int($0) })
        #expect(epoch >= 1 && epoch < 40)
        let resumed = try backprop(["train", "--data", data.path, "--resume", checkpoint.path, "--epochs", "\(epoch + 1)", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try SafetensorsFile.read(from: checkpoint).metadata["epoch"] == "\(epoch + 1)")
    }

    @Test("two concurrent `backprop run 1` with one state directory keep the progress file valid JSON")
    func concurrentRuns() throws {
        let state = temporaryDirectory()
        for _ in 0..<2 {
            let first = try startBackprop(["run", "1", "--force", "--reference"], state: state)
            let second = try startBackprop(["run", "1", "--force", "--reference"], state: state)
            first.waitUntilExit()
            second.waitUntilExit()
            #expect(first.terminationStatus == 0 && second.terminationStatus == 0)
        }
        let files = FileManager.default.enumerator(at: state, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.lastPathComponent == "progress.json" } ?? []
        #expect(files.count == 1)
        for file in files {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
            #expect(object is [String: Any])
        }
        let list = try backprop(["list"], state: state)
        #expect(list.status == 0 && !list.stderr.contains("not valid JSON"), "\(list.stderr)")
        let leftovers = FileManager.default.enumerator(at: state, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.lastPathComponent.contains("corrupt") } ?? []
        #expect(leftovers.isEmpty)
    }
}
