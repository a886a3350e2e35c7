// Stages: the runnable code behind each lesson. One file per lesson; each registers here.
import LessonEngine

/// The course's stages by id (a lesson's `stage:`). To add one: write a class conforming to
/// `Stage` in its own file, then add one line `"id": { MyStage() },` below.
public enum Course {
    public static let stages = StageRegistry([
        "forwardPass": { ForwardPassStage() },
        "chainRule": { ChainRuleStage() },
        "finiteDifferences": { FiniteDifferencesStage() },
        "vectorisedBackprop": { VectorisedBackpropStage() },
        "softmaxCrossEntropy": { SoftmaxCrossEntropyStage() },
        "reluKinks": { ReLUKinksStage() },
        "naiveVsVectorised": { NaiveVsVectorisedStage() },
        "fashionMNIST": { FashionMNISTStage() },
        "miniBatchSGD": { MiniBatchSGDStage() },
        "fullTraining": { FullTrainingStage() },
        "savingLoading": { SavingLoadingStage() },
        "optimisers": { OptimisersStage() },
        "generalisation": { GeneralisationStage() },
        "autodiff": { AutodiffStage() },
    ])
}
