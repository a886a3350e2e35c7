// `backprop solution N`: locked until the learner's own pass is recorded, --force shows it anyway,
// lessons without an exercise say which lessons have one.
import Foundation
import Testing

@Suite("backprop solution", .serialized)
struct SolutionCLITests {
    @Test("locked without a pass of the learner's code: exits non-zero with a hint naming run and --force")
    func locked() throws {
        let output = try backprop(["solution", "4"])
        #expect(output.status != 0)
        #expect(output.stderr.hasPrefix("error: the solution to lesson 4 is locked"))
        #expect(output.stderr.contains("then run `swift run backprop run 4`") && output.stderr.contains("--force"))
        #expect(!output.stdout.contains("dZ2"))
    }

    @Test("--force prints the reference code, says so, and names the exercise file")
    func forced() throws {
        let output = try backprop(["solution", "4", "--force"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("because of --force"))
        #expect(output.stdout.contains("Sources/Stages/VectorisedBackprop.swift#vectorised-backward"))
        #expect(output.stdout.contains("let dZ2 = dO.hadamard"))
        #expect(output.stdout.contains("Sources/Exercises/VectorisedBackpropExercise.swift#gradients"))
        #expect(output.stdout.contains("Yours") && output.stdout.contains("The reference"))
        let relu = try backprop(["solution", "relu-kinks", "--force"])
        #expect(relu.status == 0 && relu.stdout.contains("func reluBackward"))
    }

    @Test("a recorded --mine pass unlocks it without --force")
    func unlockedByMinePass() throws {
        let state = temporaryDirectory()
        // `hint` writes a progress file; then mark lesson 6 as passed with --mine in it.
        #expect(try backprop(["hint", "6"], state: state).status == 0)
        let files = FileManager.default.enumerator(at: state, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.lastPathComponent == "progress.json" } ?? []
        let file = try #require(files.first)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        var records = json["records"] as? [String: Any] ?? [:]
        var record = records["relu-kinks"] as? [String: Any] ?? [:]
        record["status"] = "passed"
        record["minePassed"] = "2026-01-01T00:00:00Z"
        records["relu-kinks"] = record
        json["records"] = records
        try JSONSerialization.data(withJSONObject: json).write(to: file)
        let output = try backprop(["solution", "6"], state: state)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("func reluBackward"))
        #expect(!output.stdout.contains("because of --force"))
        // Lesson 4 is still locked in the same state.
        #expect(try backprop(["solution", "4"], state: state).status != 0)
    }

    @Test("a lesson without an exercise names the lessons that have one")
    func noExercise() throws {
        let output = try backprop(["solution", "8"])
        #expect(output.status == 2 && output.stderr.contains("has no exercise"))
        for lesson in ["1 (forward-pass)", "2 (chain-rule)", "3 (finite-differences)", "4 (vectorised-backprop)", "5 (softmax-cross-entropy)",
                       "6 (relu-kinks)", "7 (naive-vs-vectorised)", "9 (minibatch-sgd)"] {
            #expect(output.stderr.contains(lesson))
        }
    }

    @Test("--help shows the usage")
    func help() throws {
        let output = try backprop(["solution", "--help"])
        #expect(output.status == 0 && output.stdout.contains("USAGE: backprop solution <lesson> [--force]"))
    }
}
