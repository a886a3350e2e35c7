// The stages of lessons 2-7, by the `stage:` id of each lesson's front matter. The
// integrator merges these factories into `StageCatalogue`.
import LessonEngine

public enum CourseStagesPart1 {
    public static let factories: [String: @Sendable () -> any Stage] = [
        "chainRule": { ChainRuleStage() },
        "finiteDifferences": { FiniteDifferencesStage() },
        "vectorisedBackprop": { VectorisedBackpropStage() },
        "softmaxCrossEntropy": { SoftmaxCrossEntropyStage() },
        "reluKinks": { ReLUKinksStage() },
        "naiveVsVectorised": { NaiveVsVectorisedStage() },
    ]
}
