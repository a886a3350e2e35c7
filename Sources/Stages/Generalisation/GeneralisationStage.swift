// Lesson 13: generalisation. The train/test gap of lesson 10's model, weight decay's gradient,
// dropout (the learner's forward and backward, gradient-checked with a fixed mask), shifted
// images, a validation split, early stopping, and a model trained past 91% on the test set.
// Shapes: N images, D = 784 pixels, K = 10 classes; dropout's H, M, A are N×H.
import Exercises
import Foundation
import LessonEngine
import Linalg
import NeuralNet

/// Stage `generalisation`.
public final class GeneralisationStage: Stage {
    public let steps = ["gap", "weight-decay", "your-dropout", "dropout-gradient-check", "augmentation", "flips",
                        "validation-split", "early-stopping", "train", "curves", "test-once", "save"]
    /// What `--mine` checks: the learner's exercise by default; tests may inject others.
    public var exerciseForward: DropoutReference.Function = ExerciseDropout.forward
    public var exerciseBackward: DropoutReference.Function = ExerciseDropout.backward

    /// Quick mode: training images used by every data step (the first ones of the file).
    public var quickTrainingCount = 6_000
    /// Quick mode evaluates the first `quickTestCount` test images.
    public var quickTestCount = 2_000

    var training: FashionSplit?
    var test: FashionSplit?
    var run: TrainedRun?
    var testResult: EvaluationResult?

    public init() {}

    public func run(step: String, context: StageContext) throws {
        switch step {
        case "gap": try gap(context)
        case "weight-decay": weightDecay(context)
        case "your-dropout": yourDropout(context)
        case "dropout-gradient-check": dropoutGradientCheck(context)
        case "augmentation": try augmentation(context)
        case "flips": try flips(context)
        case "validation-split": try validationSplit(context)
        case "early-stopping": try earlyStopping(context)
        case "train": try train(context)
        case "curves": try curves(context)
        case "test-once": try testOnce(context)
        case "save": try save(context)
        default: throw StageError.unknownStep(stage: "generalisation", step: step, known: steps)
        }
    }

    func trainingSplit(_ context: StageContext) throws -> FashionSplit {
        try CourseData.loadOnce(&training, .train, count: context.options.quick ? quickTrainingCount : nil, context: context)
    }

    func testSplit(_ context: StageContext) throws -> FashionSplit {
        try CourseData.loadOnce(&test, .test, count: context.options.quick ? quickTestCount : nil, context: context)
    }

    /// The learner's pair with `--mine`, else the reference.
    func dropoutFunctions(_ context: StageContext) -> (forward: DropoutReference.Function, backward: DropoutReference.Function, who: String) {
        context.options.mine ? (exerciseForward, exerciseBackward, "your")
                             : (DropoutReference.forward, DropoutReference.backward, "the reference")
    }

    static func percent(_ fraction: Double) -> String { String(format: "%.2f%%", 100 * fraction) }
}
