// Lesson 12: the learner's Adam step, on the worked case and then training lesson 9's
// 100 images (784-64-10, B = 10) against lesson 9's SGD.
import Datasets
import Foundation
import LessonEngine
import Linalg
import NeuralNet

extension OptimisersStage {
    /// Lesson 9's overfit set and batches; SGD's η is lesson 9's 0.1.
    static let trainingImages = 100, quickTrainingImages = 20
    static let trainingEpochs = 40
    /// Adam's η in the race, and the usual default shown beside it (tuned for large data
    /// sets: on 100 images it is slower than lesson 9's SGD, which the lesson says).
    static let adamLearningRate: Float = 1e-2, defaultAdamLearningRate: Float = 1e-3
    /// Adam's mean loss must be at least this many times below SGD's after `comparedEpoch` epochs.
    static let comparedEpoch = 10, trainingGain = 2.0

    func yourAdam(_ context: StageContext) {
        let (step, who) = adamStep(context)
        let got = AdamWorkedCase.trace(step)
        let expected = AdamWorkedCase.trace(Optimisers.reference)
        let problem = AdamDiagnosis.diagnose(got)
        adamPassed = problem == nil
        func cell(_ values: [[Float]], _ step: Int, _ i: Int, _ format: String = "%.6f") -> String {
            values.indices.contains(step) && values[step].indices.contains(i) ? String(format: format, values[step][i]) : "–"
        }
        let rows = AdamWorkedCase.theta.indices.map { i in
            [String(format: "%g", AdamWorkedCase.theta[i]),
             String(format: "%g", AdamWorkedCase.gradients[0][i]), cell(got.theta, 1, i), cell(expected.theta, 1, i),
             String(format: "%g", AdamWorkedCase.gradients[1][i]), cell(got.m, 2, i, "%.4g"), cell(got.v, 2, i, "%.4g"), cell(got.theta, 2, i), cell(expected.theta, 2, i)]
        }
        context.table(Table(title: "Two steps of \(who) Adam, η = \(AdamWorkedCase.learningRate), β₁ = \(AdamWorkedCase.beta1), β₂ = \(AdamWorkedCase.beta2), ε = 1e-8",
                            headers: ["θ₀", "g₁", "θ₁", "θ₁ expected", "g₂", "m₂", "v₂", "θ₂", "θ₂ expected"], rows: rows))
        context.check(Check(name: "\(who) Adam step: two steps of the worked case", holds: problem == nil,
                            detail: problem ?? "θ, m and v match the hand-worked values after both steps (relative tolerance \(AdamDiagnosis.tolerance))"))
    }

    private func training(_ context: StageContext) throws -> LabelledImages {
        if let trainImages { return trainImages }
        let loaded = try FashionMNIST.load(.train, options: FashionMNIST.LoadOptions(dataDirectory: context.options.dataDirectory))
        trainImages = loaded
        return loaded
    }

    /// Lesson 9's starting network: 784-64-10, He-initialised, last layer × 0.01.
    func lesson9Network(seed: UInt64) throws -> Network<Float> {
        var generator = Xoshiro256StarStar(seed: seed)
        let network = Network<Float>(architecture: try Architecture(parsing: MiniBatchSGDStage.architecture), using: &generator)
        let last = network.denseLayers[network.denseLayers.count - 1]
        for index in 0..<last.weight.count { last.weight.elements[index] *= MiniBatchSGDStage.lastLayerScale }
        return network
    }

    func adamTrains(_ context: StageContext) throws {
        let (step, who) = adamStep(context)
        if adamPassed == nil { yourAdam(context) }
        guard adamPassed == true else {
            context.check(Check(name: "\(who) Adam trains the network", holds: false,
                                detail: "skipped: the Adam step must pass the worked case first (above)"))
            return
        }
        let imageCount = context.options.quick ? Self.quickTrainingImages : Self.trainingImages
        let data = LabelledImageMatrix(try training(context).prefix(imageCount))
        let epochs = Self.trainingEpochs
        context.text("Both start from lesson 9's network (\(MiniBatchSGDStage.architecture), seed \(context.options.seed)) and see the same shuffles of the first \(imageCount) training images"
                     + (context.options.quick ? " (--quick; the full lesson uses \(Self.trainingImages))" : "") + ", in batches of \(MiniBatchSGDStage.batchSize).")
        // SGD: lesson 9's update and learning rate.
        var generator = Xoshiro256StarStar(seed: context.options.seed &+ 1)
        let sgd = trainWithFlatSteps(try lesson9Network(seed: context.options.seed), on: data, batchSize: MiniBatchSGDStage.batchSize,
                                     epochs: epochs, using: &generator) { _, theta, g, _ in
            MiniBatchSGD.update(parameter: &theta, gradient: g, learningRate: MiniBatchSGDStage.learningRate)
            return true
        }
        generator = Xoshiro256StarStar(seed: context.options.seed &+ 1)
        let adamState = FlatAdam(step: step, learningRate: Self.adamLearningRate)
        let adam = trainWithFlatSteps(try lesson9Network(seed: context.options.seed), on: data, batchSize: MiniBatchSGDStage.batchSize,
                                      epochs: epochs, using: &generator, update: adamState.update)
        generator = Xoshiro256StarStar(seed: context.options.seed &+ 1)
        let slowState = FlatAdam(step: step, learningRate: Self.defaultAdamLearningRate)
        let slow = trainWithFlatSteps(try lesson9Network(seed: context.options.seed), on: data, batchSize: MiniBatchSGDStage.batchSize,
                                      epochs: epochs, using: &generator, update: slowState.update)
        if let failure = adam.failure ?? slow.failure {
            context.check(Check(name: "\(who) Adam trains the network", holds: false,
                                detail: "\(failure): a parameter, m or v changed size or became NaN/∞"))
            return
        }
        let x = (1...epochs).map(Double.init)
        context.chart(Chart(title: "Mean training loss per epoch on \(imageCount) images (log scale)", xLabel: "epoch", yLabel: "loss", yScale: .log,
                            series: [.init(name: "SGD, η = \(MiniBatchSGDStage.learningRate)", x: x, y: sgd.losses),
                                     .init(name: "Adam, η = \(Self.adamLearningRate)", x: x, y: adam.losses),
                                     .init(name: "Adam, η = \(Self.defaultAdamLearningRate)", x: x, y: slow.losses)]))
        let shown = [1, 2, 5, Self.comparedEpoch, 20, 30, epochs]
        func cells(_ history: FlatStepHistory, _ e: Int) -> [String] {
            [Format.scientific(history.losses[e - 1], digits: 2), String(format: "%.0f%%", 100 * history.accuracies[e - 1])]
        }
        context.table(Table(title: "Mean loss and training accuracy: SGD (lesson 9) against \(who) Adam",
                            headers: ["epoch", "SGD η = 0.1", "acc.", "Adam η = \(Self.adamLearningRate)", "acc.", "Adam η = \(Self.defaultAdamLearningRate)", "acc."],
                            rows: shown.map { e in ["\(e)"] + cells(sgd, e) + cells(adam, e) + cells(slow, e) }))
        func firstPerfect(_ history: FlatStepHistory) -> String { history.epochsToPerfect.map { "epoch \($0)" } ?? "not within \(epochs) epochs" }
        context.text("100% training accuracy first reached: SGD \(firstPerfect(sgd)), Adam η = \(Self.adamLearningRate) \(firstPerfect(adam)), Adam η = \(Self.defaultAdamLearningRate) \(firstPerfect(slow)).")
        let never = Double(epochs + 1)
        let adamEpochs = adam.epochsToPerfect.map(Double.init) ?? never, sgdEpochs = sgd.epochsToPerfect.map(Double.init) ?? never
        func epochsText(_ e: Int?) -> String { e.map { "\($0)" } ?? "not within \(epochs)" }
        context.check(Check(name: "\(who) Adam (η = \(Self.adamLearningRate)) reaches 100% training accuracy in fewer epochs than SGD", value: adamEpochs, threshold: sgdEpochs - 1,
                            comparison: .lessOrEqual, detail: "epochs to 100%: Adam \(epochsText(adam.epochsToPerfect)), SGD \(epochsText(sgd.epochsToPerfect))"))
        let gain = sgd.losses[Self.comparedEpoch - 1] / adam.losses[Self.comparedEpoch - 1]
        context.check(Check(name: "after \(Self.comparedEpoch) epochs Adam's loss is ≥ \(Int(Self.trainingGain))× below SGD's", value: gain,
                            threshold: Self.trainingGain, comparison: .greaterOrEqual,
                            detail: "mean loss of epoch \(Self.comparedEpoch): SGD \(Format.scientific(sgd.losses[Self.comparedEpoch - 1], digits: 2)), Adam \(Format.scientific(adam.losses[Self.comparedEpoch - 1], digits: 2))"))
    }
}
