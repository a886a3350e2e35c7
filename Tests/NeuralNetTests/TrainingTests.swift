// The training loop: learning a separable problem, the divergence guard, progress reports.
import Foundation
import Linalg
import Testing
@testable import NeuralNet

/// Records what the trainer reports.
final class RecordingObserver: TrainingObserver {
    var starts: [(epoch: Int, learningRate: Double)] = []
    var batches: [BatchProgress] = []
    var epochs: [EpochRecord] = []
    func trainingWillStartEpoch(_ epoch: Int, of totalEpochs: Int, learningRate: Double) { starts.append((epoch, learningRate)) }
    func trainingDidFinishBatch(_ progress: BatchProgress) { batches.append(progress) }
    func trainingDidFinishEpoch(_ record: EpochRecord) { epochs.append(record) }
}

@Suite("Training loop")
struct TrainingTests {
    @Test("learns a linearly separable 3-class problem to ≥ 95% test accuracy",
          arguments: [OptimizerKind.sgd, .momentum, .adam])
    func learnsSeparableProblem(optimizer: OptimizerKind) throws {
        let training = separableData(count: 300, dimensions: 5, classes: 3, seed: 11)
        let test = separableData(count: 200, dimensions: 5, classes: 3, seed: 12)
        let rate = optimizer == .adam ? 0.01 : 0.1
        let trainer = Trainer(network: seededNetwork("5-16-3"),
                              configuration: TrainingConfiguration(epochs: 15, batchSize: 32, optimizer: optimizer,
                                                                   learningRate: rate, seed: 1))
        let history = try trainer.train(on: training, test: test)
        let last = try #require(history.epochs.last)
        #expect((last.testAccuracy ?? 0) >= 0.95)
        #expect(last.trainLoss < history.epochs[0].trainLoss)
        // The recorded accuracy is the accuracy of the final network, computed independently.
        #expect(last.testAccuracy == trainer.network.accuracy(input: test.inputs, labels: test.labels))
    }

    @Test("sigmoid + MSE also learns it (one-hot MSE targets)")
    func learnsWithMSE() throws {
        let training = separableData(count: 300, dimensions: 5, classes: 3, seed: 13)
        let test = separableData(count: 200, dimensions: 5, classes: 3, seed: 14)
        let trainer = Trainer(network: seededNetwork("5-16-3", activations: "sigmoid", output: "sigmoid+mse"),
                              configuration: TrainingConfiguration(epochs: 30, batchSize: 16, optimizer: .adam,
                                                                   learningRate: 0.02, seed: 2))
        let history = try trainer.train(on: training, test: test)
        #expect((history.epochs.last?.testAccuracy ?? 0) >= 0.95)
    }

    @Test("an absurd learning rate trips the divergence guard with a hint",
          arguments: [("softmax+ce", "relu"), ("linear+mse", "relu")])
    func divergenceGuard(head: String, activation: String) throws {
        let training = separableData(count: 200, dimensions: 5, classes: 3, seed: 15)
        let trainer = Trainer(network: seededNetwork("5-16-3", activations: activation, output: head),
                              configuration: TrainingConfiguration(epochs: 5, batchSize: 10, optimizer: .sgd,
                                                                   learningRate: 1e4, seed: 3))
        do {
            try trainer.train(on: training)
            Issue.record("training with lr 1e4 finished without tripping the guard")
        } catch {
            guard case let .diverged(epoch, _, loss, threshold, learningRate) = error else {
                Issue.record("expected .diverged, got \(error)")
                return
            }
            #expect(epoch == 1)
            #expect(learningRate == 1e4)
            #expect(!loss.isFinite || loss > threshold)
            #expect(error.description.contains("lower the learning rate, e.g. --lr"))
            #expect(error.description.contains("diverged"))
        }
    }

    @Test("the guard's limit is max(10·L₀, 10·chance loss)")
    func divergenceThreshold() {
        // CE, K = 10: chance loss ln 10 ≈ 2.302585; 10·ln 10 = 23.02585 beats 10·2.0.
        #expect(abs(Trainer<Float>.divergenceThreshold(initialLoss: 2.0, classCount: 10, output: .softmaxCrossEntropy) - 23.025850929940457) < 1e-12)
        #expect(Trainer<Float>.divergenceThreshold(initialLoss: 5.0, classCount: 10, output: .softmaxCrossEntropy) == 50)
        // MSE, K = 4: chance loss 1/4, so the floor is 2.5.
        #expect(Trainer<Float>.divergenceThreshold(initialLoss: 0.1, classCount: 4, output: .linearMeanSquaredError) == 2.5)
    }

    @Test("progress reports count batches and samples; the last batch is partial")
    func progressReports() throws {
        let training = separableData(count: 45, dimensions: 3, classes: 2, seed: 16)   // 45 = 2×20 + 5
        let observer = RecordingObserver()
        let trainer = Trainer(network: seededNetwork("3-4-2"),
                              configuration: TrainingConfiguration(epochs: 2, batchSize: 20, optimizer: .sgd,
                                                                   learningRate: 0.1, schedule: .step(everyEpochs: 1, factor: 0.1)))
        try trainer.train(on: training, observer: observer)
        #expect(observer.batches.count == 6)
        #expect(observer.batches.map(\.completedSamples) == [20, 40, 45, 20, 40, 45])
        #expect(observer.batches.allSatisfy { $0.batchCount == 3 && $0.totalSamples == 45 && $0.totalEpochs == 2 })
        #expect(observer.starts.map(\.epoch) == [1, 2])
        #expect(abs(observer.starts[1].learningRate - 0.01) < 1e-15)
        #expect(observer.epochs == trainer.history.epochs)
        // The epoch's train loss is the running loss at its last batch.
        #expect(observer.epochs[0].trainLoss == observer.batches[2].runningLoss)
        #expect(observer.epochs[0].testAccuracy == nil)
    }

    @Test("data that does not fit the network is a typed error")
    func dataMismatch() {
        let training = separableData(count: 10, dimensions: 3, classes: 2, seed: 17)
        let trainer = Trainer(network: seededNetwork("4-2"), configuration: TrainingConfiguration(epochs: 1, batchSize: 4))
        #expect(throws: TrainingError.self) { try trainer.train(on: training) }
    }

    @Test("plain SGD weight decay shrinks weights by (1 − ηλ) before the step")
    func weightDecay() throws {
        // Compare against the explicit update on an identical copy of the network.
        let data = separableData(count: 8, dimensions: 3, classes: 2, seed: 18)
        let decayed = seededNetwork("3-2", seed: 4)
        let reference = seededNetwork("3-2", seed: 4)
        let (eta, lambda) = (0.5, 0.2)
        let trainer = Trainer(network: decayed,
                              configuration: TrainingConfiguration(epochs: 1, batchSize: 8, optimizer: .sgd,
                                                                   learningRate: eta, weightDecay: lambda))
        try trainer.train(on: data)
        // One full batch (order irrelevant for the mean gradient): θ' = θ − η(g + λθ) for weights.
        reference.lossAndGradients(input: data.inputs, targets: .oneHot(labels: data.labels, classCount: 2))
        let w = reference.denseLayers[0].weight
        let g = reference.denseLayers[0].weightGradient
        let expected = zip(w.elements, g.elements).map { Double($0) - eta * (Double($1) + lambda * Double($0)) }
        for (got, want) in zip(decayed.denseLayers[0].weight.elements, expected) {
            #expect(abs(Double(got) - want) < 1e-5)
        }
    }
}

@Suite("Training configuration")
struct TrainingConfigurationTests {
    @Test("out-of-range user values are a typed error, not a crash")
    func invalidConfiguration() {
        let data = separableData(count: 10, dimensions: 3, classes: 2, seed: 19)
        for configuration in [TrainingConfiguration(epochs: 1, batchSize: 0),
                              TrainingConfiguration(epochs: 1, batchSize: 4, learningRate: 0),
                              TrainingConfiguration(epochs: 1, batchSize: 4, learningRate: .nan),
                              TrainingConfiguration(epochs: 1, batchSize: 4, weightDecay: -1),
                              TrainingConfiguration(epochs: 1, batchSize: 4, schedule: .step(everyEpochs: 0, factor: 0.5))] {
            #expect(configuration.problem != nil)
            let trainer = Trainer(network: seededNetwork("3-2"), configuration: configuration)
            #expect(throws: TrainingError.self) { try trainer.train(on: data) }
        }
        #expect(TrainingConfiguration(epochs: 1, batchSize: 4).problem == nil)
    }

    @Test("step decay: η·factor^⌊e/every⌋")
    func stepSchedule() {
        let schedule = LearningRateSchedule.step(everyEpochs: 5, factor: 0.5)
        #expect([0, 4, 5, 9, 10, 14, 15].map { schedule.learningRate(base: 0.1, epoch: $0) }
                == [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125])
    }
}
