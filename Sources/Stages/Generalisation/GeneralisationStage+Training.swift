// Lesson 13's training steps: early stopping on a tiny run, the regularised model trained with
// a validation set, its curves, the one test measurement, and the saved file.
// Shapes: N images, D = 784 pixels, K = 10 classes.
import Datasets
import Foundation
import LessonEngine
import Linalg
import NeuralNet

/// What the train step leaves for the later steps.
struct TrainedRun {
    let network: Network<Float>
    let configuration: TrainingConfiguration
    let history: TrainingHistory
    let keptEpoch: Int
    let trainingCount: Int
    let validationCount: Int
}

extension GeneralisationStage {
    /// A small, quickly overfitting run with early stopping: the weights kept must be those of
    /// the best validation epoch, whatever came after it.
    func earlyStopping(_ context: StageContext) throws {
        let all = try trainingSplit(context).data.prefix(1_500)
        let (kept, validation) = all.splittingValidation(count: 500)
        var generator = Xoshiro256StarStar(seed: context.options.seed &+ 135)
        let network = try Network<Float>(architecture: "784-64-10", using: &generator)
        var configuration = TrainingConfiguration(epochs: 12, batchSize: 50, optimizer: .adam, learningRate: 3e-3, seed: context.options.seed)
        configuration.generalisation = GeneralisationSettings(patience: 3)
        let trainer = Trainer(network: network, configuration: configuration)
        trainer.evaluatesTestSet = false
        // region early-stopping-run
        let history = try trainer.train(on: kept, test: validation)   // validation after every epoch
        let stopping = trainer.earlyStopping                           // best epoch and its weights
        let after = network.evaluate(validation)                       // the weights kept at the end
        // endregion
        guard let stopping, let bestEpoch = stopping.bestEpoch, let best = stopping.bestAccuracy else {
            return context.check(Check(name: "early stopping recorded a best epoch", holds: false, detail: "no epoch was evaluated"))
        }
        context.table(Table(title: "784-64-10 on \(kept.count.formatted()) training images, \(validation.count) for validation, patience \(stopping.patience)",
                            headers: ["epoch", "train acc", "validation acc", ""],
                            rows: history.epochs.map { record in
                                ["\(record.epoch)", Self.percent(record.trainAccuracy), record.testAccuracy.map(Self.percent) ?? "–",
                                 record.epoch == bestEpoch ? "← best, kept" : ""]
                            }, rightAligned: [true, true, true, false]))
        let trained = history.epochs.count
        context.text(trained < configuration.epochs
                     ? "Stopped after epoch \(trained) of \(configuration.epochs): \(stopping.patience) epochs in a row without beating epoch \(bestEpoch)."
                     : "Ran all \(configuration.epochs) epochs; the best was epoch \(bestEpoch).")
        let recordedBest = history.epochs.compactMap(\.testAccuracy).max() ?? .nan
        context.check(Check(name: "the kept weights are the best epoch's: their validation accuracy now equals the best recorded",
                            holds: after.accuracy == best && best == recordedBest && history.epochs[bestEpoch - 1].testAccuracy == best,
                            detail: "re-evaluated: \(Self.percent(after.accuracy)); best recorded: \(Self.percent(recordedBest)) at epoch \(bestEpoch); last epoch: \(history.epochs.last?.testAccuracy.map(Self.percent) ?? "–")"))
    }

    func runConfiguration(_ context: StageContext) -> TrainingConfiguration {
        var configuration = GeneralisedModel.configuration
        if context.options.quick {
            configuration.epochs = 2
            configuration.generalisation?.patience = 1
        }
        return configuration
    }

    func train(_ context: StageContext) throws {
        let all = try trainingSplit(context).data
        let validationCount = Self.validationCount(context, trainingCount: all.count)
        let (kept, validation) = all.splittingValidation(count: validationCount)
        let configuration = runConfiguration(context)
        let architecture = context.options.quick ? "784-128-10" : GeneralisedModel.architecture
        var generator = Xoshiro256StarStar(seed: configuration.seed)
        let network = try Network<Float>(architecture: architecture, using: &generator)
        let settings = configuration.generalisation ?? GeneralisationSettings()
        context.text((context.options.quick ? "Quick mode (--quick): \(architecture) on the first \(kept.count.formatted()) training images for \(configuration.epochs) epochs — a preview of the loop, not the result. "
                                            : "All \(kept.count.formatted()) training images for up to \(configuration.epochs) epochs. ")
                     + "\(architecture), \(configuration.optimizerDescription), batch \(configuration.batchSize); \(settings.summary). Validation: \(validation.count.formatted()) images after every epoch; the test set is not looked at.")
        let observer = EpochProgress(context: context)
        observer.heldOutName = "validation"
        // region train-regularised
        let trainer = Trainer(network: network, configuration: configuration)
        trainer.evaluatesTestSet = false      // per-epoch numbers are validation
        let history = try trainer.train(on: kept, test: validation, observer: observer)
        // the network now holds the best validation epoch's weights
        // endregion
        let keptEpoch = trainer.earlyStopping?.bestEpoch ?? history.epochs.count
        run = TrainedRun(network: network, configuration: configuration, history: history, keptEpoch: keptEpoch,
                         trainingCount: kept.count, validationCount: validation.count)
        context.table(Table(title: "Per epoch (validation, not test)",
                            headers: ["epoch", "lr", "train loss", "train acc", "val loss", "val acc", "seconds"],
                            rows: history.epochs.map { record in
                                ["\(record.epoch)" + (record.epoch == keptEpoch ? " ←" : ""), String(format: "%.2g", record.learningRate),
                                 Format.fixed(record.trainLoss), Self.percent(record.trainAccuracy),
                                 record.testLoss.map { Format.fixed($0) } ?? "–", record.testAccuracy.map(Self.percent) ?? "–",
                                 String(format: "%.1f", record.seconds)]
                            }))
        let seconds = history.epochs.reduce(0) { $0 + $1.seconds }
        let stopped = history.epochs.count < configuration.epochs
        context.text("Training took \(Format.duration(seconds))\(stopped ? ", stopped early after epoch \(history.epochs.count)" : ""); kept the weights of epoch \(keptEpoch) (marked ←), the best on validation. Train accuracy is measured \(Self.trainingConditions(configuration)) while the weights change, so it reads lower than the same model on clean images.")
        let lastTrain = history.epochs.last?.trainAccuracy ?? 0
        context.check(Check(name: "training ran and the network learned (validation accuracy of the kept epoch)",
                            value: trainer.earlyStopping?.bestAccuracy ?? history.epochs.last?.testAccuracy ?? 0,
                            threshold: context.options.quick ? 0.70 : 0.88, comparison: .greaterOrEqual,
                            detail: "last epoch's train accuracy \(Self.percent(lastTrain)); gate \(context.options.quick ? "70% (quick preview)" : "88%: the run learned; the test gate comes later")"))
    }

    /// "with dropout on", "with dropout on, on shifted images".
    static func trainingConditions(_ configuration: TrainingConfiguration) -> String {
        let settings = configuration.generalisation
        var parts: [String] = []
        if settings?.dropout.contains(where: { $0 > 0 }) == true { parts.append("with dropout on") }
        if settings?.augmentation != nil { parts.append("on shifted images") }
        return parts.isEmpty ? "on the training batches" : parts.joined(separator: ", ")
    }

    func trainedRun(_ context: StageContext) throws -> TrainedRun {
        if run == nil { try train(context) }
        guard let run else { throw GeneralisationError.notTrained }
        return run
    }

    func curves(_ context: StageContext) throws {
        let run = try trainedRun(context)
        let epochs = run.history.epochs.map { Double($0.epoch) }
        let train = "train (\(Self.trainingConditions(run.configuration)))"
        context.chart(Chart(title: "Accuracy per epoch", xLabel: "epoch", yLabel: "accuracy (%)", series: [
            .init(name: train, x: epochs, y: run.history.epochs.map { 100 * $0.trainAccuracy }),
            .init(name: "validation (dropout off)", x: epochs, y: run.history.epochs.map { 100 * ($0.testAccuracy ?? .nan) }),
        ]))
        context.chart(Chart(title: "Cross-entropy loss per epoch", xLabel: "epoch", yLabel: "loss", series: [
            .init(name: train, x: epochs, y: run.history.epochs.map(\.trainLoss)),
            .init(name: "validation (dropout off)", x: epochs, y: run.history.epochs.map { $0.testLoss ?? .nan }),
        ]))
    }

    /// The only time this lesson looks at the test set with the regularised model.
    func testOnce(_ context: StageContext) throws {
        let run = try trainedRun(context)
        let test = try testSplit(context).data, training = try trainingSplit(context).data
        let cleanTraining = run.network.evaluate(training.prefix(run.trainingCount))
        // region test-once
        let result = run.network.evaluate(test)   // dropout is off: isTraining is false
        // endregion
        testResult = result
        context.table(Table(title: "The kept model (epoch \(run.keptEpoch)), dropout off, unshifted images",
                            headers: ["images", "count", "loss", "accuracy"],
                            rows: [["training", cleanTraining.predictions.count.formatted(), Format.fixed(cleanTraining.loss), Self.percent(cleanTraining.accuracy)],
                                   ["validation", run.validationCount.formatted(), "", run.history.epochs[run.keptEpoch - 1].testAccuracy.map(Self.percent) ?? "–"],
                                   ["test", test.count.formatted(), Format.fixed(result.loss), Self.percent(result.accuracy)]],
                            rightAligned: [false, true, true, true]))
        let gate = context.options.quick ? 0.70 : GeneralisedModel.accuracyGate
        context.check(Check(name: context.options.quick ? "test accuracy of the quick preview (a loose gate; the full run's is 89.5%)"
                                                        : "test accuracy of the regularised model, measured once",
                            value: result.accuracy, threshold: gate, comparison: .greaterOrEqual,
                            detail: "\(Self.percent(result.accuracy)) of \(test.count.formatted()) test images; gate \(String(format: "%.1f%%", 100 * gate)); training-test gap now \(String(format: "%.2f", 100 * (cleanTraining.accuracy - result.accuracy))) points"))
    }

    func save(_ context: StageContext) throws {
        let run = try trainedRun(context)
        if testResult == nil { try testOnce(context) }
        guard let result = testResult else { throw GeneralisationError.notTrained }
        let url = LessonWeights.directory(context.options)
            .appendingPathComponent(context.options.quick ? "lesson13-quick.safetensors" : "lesson13.safetensors")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let info = WeightsTrainingInfo(epoch: run.keptEpoch, testAccuracy: result.accuracy, seed: run.configuration.seed,
                                       optimizer: run.configuration.optimizerDescription)
        try run.network.saveWeights(to: url, info: info, extraMetadata: ["lesson": "13", "mode": context.options.quick ? "quick" : "full"])
        let reloaded = try Network<Float>.loadWeights(from: url)
        let again = reloaded.evaluate(try testSplit(context).data)
        context.text("Saved to `\(url.path)`. Dropout has no weights, so the file is an ordinary weights file: `backprop evaluate --weights \(url.path)` reads it like any other.")
        context.check(Check(name: "the reloaded file predicts the test set exactly as before (accuracy difference)",
                            value: abs(again.accuracy - result.accuracy), threshold: 0, comparison: .lessOrEqual,
                            detail: "\(Self.percent(again.accuracy)) after reloading, \(Self.percent(result.accuracy)) before; predictions identical: \(again.predictions == result.predictions)"))
    }
}

enum GeneralisationError: Error, CustomStringConvertible {
    case notTrained
    var description: String { "error: lesson 13's model was not trained\nhint: run the lesson's train step first (backprop run 13)" }
}
