// Checkpoint and resume: bit-exact continuation and optimiser state round trips.
import Foundation
import Linalg
import Testing
@testable import NeuralNet

@Suite("Training checkpoints")
struct TrainingCheckpointTests {
    static let configurations: [TrainingConfiguration] = [
        TrainingConfiguration(epochs: 2, batchSize: 16, optimizer: .sgd, learningRate: 0.1, weightDecay: 0.01, seed: 3),
        TrainingConfiguration(epochs: 2, batchSize: 16, optimizer: .momentum, learningRate: 0.05, seed: 4),
        TrainingConfiguration(epochs: 2, batchSize: 16, optimizer: .adam, learningRate: 0.01, weightDecay: 0.001,
                              schedule: .step(everyEpochs: 1, factor: 0.5), seed: 5),
    ]

    @Test("2 epochs straight == 1 epoch + checkpoint + resume 1 epoch, bit for bit", arguments: configurations)
    func resumeIsBitExact(configuration: TrainingConfiguration) throws {
        let training = separableData(count: 50, dimensions: 4, classes: 3, seed: 1)   // 50 = 3×16 + 2: partial batch
        let test = separableData(count: 20, dimensions: 4, classes: 3, seed: 2)

        let straight = Trainer(network: seededNetwork("4-8-3"), configuration: configuration)
        try straight.train(on: training, test: test)

        let url = temporaryFile("checkpoint.safetensors")
        var firstHalf = configuration
        firstHalf.epochs = 1
        let interrupted = Trainer(network: seededNetwork("4-8-3"), configuration: firstHalf, checkpointURL: url)
        try interrupted.train(on: training, test: test)
        // After one epoch the two runs must already differ from the initial weights...
        #expect(parameterBits(interrupted.network) != parameterBits(seededNetwork("4-8-3")))

        let resumed = try Trainer<Float>(resumingFrom: url, epochs: 2)
        #expect(resumed.completedEpochs == 1)
        try resumed.train(on: training, test: test)
        #expect(resumed.completedEpochs == 2)
        #expect(parameterBits(resumed.network) == parameterBits(straight.network))
        #expect(resumed.history.epochs.map(\.trainLoss) == straight.history.epochs.map(\.trainLoss))
        #expect(resumed.history.epochs.map(\.testAccuracy) == straight.history.epochs.map(\.testAccuracy))
    }

    @Test("a fresh optimiser on resume would NOT be bit-exact (the test above can fail)")
    func optimiserStateMatters() throws {
        let training = separableData(count: 50, dimensions: 4, classes: 3, seed: 1)
        let configuration = Self.configurations[2]
        let straight = Trainer(network: seededNetwork("4-8-3"), configuration: configuration)
        try straight.train(on: training)
        var firstHalf = configuration
        firstHalf.epochs = 1
        let interrupted = Trainer(network: seededNetwork("4-8-3"), configuration: firstHalf)
        try interrupted.train(on: training)
        var file = interrupted.checkpointFile()
        file.tensors = file.tensors.filter { !$0.key.hasPrefix("optim.") }   // drop Adam's moments
        let resumed = try Trainer<Float>(resumingFrom: file, epochs: 2)
        try resumed.train(on: training)
        #expect(parameterBits(resumed.network) != parameterBits(straight.network))
    }

    @Test("Adam and momentum state round-trip through a checkpoint")
    func optimiserStateRoundTrip() throws {
        let training = separableData(count: 40, dimensions: 4, classes: 3, seed: 9)
        for kind in [OptimizerKind.adam, .momentum] {
            let trainer = Trainer(network: seededNetwork("4-5-3"),
                                  configuration: TrainingConfiguration(epochs: 1, batchSize: 8, optimizer: kind, learningRate: 0.01))
            try trainer.train(on: training)
            let file = trainer.checkpointFile()
            // Shapes follow the parameters: weights out×in, biases 1-D.
            let suffix = kind == .adam ? "m" : "velocity"
            #expect(file.tensors["optim.layer1.weight.\(suffix)"]?.shape == [5, 4])
            #expect(file.tensors["optim.layer2.bias.\(suffix)"]?.shape == [3])
            let restored = try Trainer<Float>(resumingFrom: file)
            if let original = trainer.optimizer as? Adam<Float>, let copy = restored.optimizer as? Adam<Float> {
                #expect(copy.stepCount == 5)     // 40 samples / batch 8
                #expect(copy.stepCount == original.stepCount)
                #expect(copy.firstMoments == original.firstMoments)
                #expect(copy.secondMoments == original.secondMoments)
                #expect(!original.firstMoments.isEmpty)
            } else if let original = trainer.optimizer as? MomentumSGD<Float>,
                      let copy = restored.optimizer as? MomentumSGD<Float> {
                #expect(copy.velocities == original.velocities)
                #expect(!original.velocities.isEmpty)
            } else {
                Issue.record("optimiser kind \(kind) was not restored as the same type")
            }
            #expect(restored.configuration == trainer.configuration)
            #expect(restored.history == trainer.history)
        }
    }

    @Test("a plain weights file is not a checkpoint")
    func weightsFileIsNotACheckpoint() {
        let file = seededNetwork("4-3").weightsFile()
        #expect(throws: TrainingError.self) { try Trainer<Float>(resumingFrom: file, path: "model.safetensors") }
        do {
            _ = try Trainer<Float>(resumingFrom: file, path: "model.safetensors")
        } catch {
            #expect(error.description.contains("model.safetensors"))
        }
    }

    @Test("each epoch's shuffle depends only on (seed, epoch)")
    func shuffleGenerators() {
        var a = Trainer<Float>.shuffleGenerator(seed: 1, epoch: 3)
        var b = Trainer<Float>.shuffleGenerator(seed: 1, epoch: 3)
        var c = Trainer<Float>.shuffleGenerator(seed: 1, epoch: 4)
        var d = Trainer<Float>.shuffleGenerator(seed: 2, epoch: 3)
        let first = a.next()
        #expect(first == b.next())
        #expect(first != c.next())
        #expect(first != d.next())
    }
}
