// A correct implementation must pass its lesson for any seed the learner picks, not just the
// default: relative errors of tiny gradient entries are round-off dominated (lesson 3), and
// this sweep is what caught that before the noise-aware verdict existed.
import LessonEngine
import Testing
@testable import Stages

@Test("lessons 2-6 pass with the reference for many seeds",
      arguments: ["chainRule", "finiteDifferences", "vectorisedBackprop", "softmaxCrossEntropy", "reluKinks"])
func referencePassesForManySeeds(stageID: String) throws {
    for seed in UInt64(1)...24 {
        let stage = try #require(Course.stages.makeStage(id: stageID))
        let sink = try runSteps(stage, seed: seed)
        let failed = sink.checks.filter { !$0.passed }
        #expect(failed.isEmpty, "seed \(seed): \(failed.map { "\($0.name) = \($0.value): \($0.detail)" })")
    }
}
