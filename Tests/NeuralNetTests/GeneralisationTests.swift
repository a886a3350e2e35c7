// Dropout, augmentation, validation split and early stopping in the library (lesson 13).
import Foundation
import Linalg
import Testing
@testable import NeuralNet

@Suite("generalisation: dropout, shifts, validation, early stopping")
struct GeneralisationTests {
    func network(_ sizes: String = "5-7-6-3", seed: UInt64 = 3) throws -> Network<Double> {
        var generator = Xoshiro256StarStar(seed: seed)
        return try Network<Double>(architecture: sizes, using: &generator)
    }

    func batch(rows: Int, columns: Int, classes: Int, seed: UInt64) -> (Matrix<Double>, Matrix<Double>) {
        var generator = Xoshiro256StarStar(seed: seed)
        let x = Matrix<Double>(rows: rows, columns: columns, elements: (0..<rows * columns).map { _ in generator.nextUniform(in: -1, 1) })
        let labels = (0..<rows).map { $0 % classes }
        return (x, Matrix.oneHot(labels: labels, classCount: classes))
    }

    @Test("network gradients with dropout (frozen mask) match central differences")
    func networkGradientWithFixedMask() throws {
        let net = try network()
        try net.setDropout(rates: [0.5, 0.3], seed: 9)
        net.isTraining = true
        let (x, t) = batch(rows: 6, columns: 5, classes: 3, seed: 4)
        net.forward(x)                                   // draws the masks
        for dropout in net.dropoutLayers { dropout.freezesMask = true }
        #expect(net.dropoutLayers.count == 2)
        #expect(net.dropoutLayers.contains { $0.mask.elements.contains(0) })
        let report = try GradientCheck.check(network: net, input: x, targets: t)
        #expect(report.passed, "\(report)")
        // Unfrozen, every loss draws new masks: the check fails, or (the second ReLU's inputs
        // change with the first layer's mask) flags nearly every entry as a kink and checks none.
        for dropout in net.dropoutLayers { dropout.freezesMask = false }
        let redrawn = try GradientCheck.check(network: net, input: x, targets: t)
        #expect(!redrawn.passed || redrawn.kinkCount > 10 * max(report.kinkCount, 1))
    }

    @Test("the layer's backward is the closed form dA ⊙ M / (1 − p), with the forward's mask")
    func backwardClosedForm() {
        let layer = Dropout<Double>(rate: 0.25, seed: 2)
        layer.isTraining = true
        let h = Matrix<Double>(rows: 3, columns: 4, elements: (0..<12).map { Double($0) + 1 })
        let a = layer.forward(h)
        let m = layer.mask
        #expect(m.elements.allSatisfy { $0 == 0 || $0 == 1 } && m.elements.contains(0) && m.elements.contains(1))
        for i in 0..<12 { #expect(abs(a.elements[i] - h.elements[i] * m.elements[i] / 0.75) < 1e-12) }
        let dA = Matrix<Double>(rows: 3, columns: 4, elements: (0..<12).map { 0.5 - Double($0) / 7 })
        let dH = layer.backward(dA, input: h)
        for i in 0..<12 { #expect(abs(dH.elements[i] - dA.elements[i] * m.elements[i] / 0.75) < 1e-12) }
    }

    @Test("inverted scaling keeps the expected activation; the drop rate is p", arguments: [0.1, 0.5, 0.8])
    func expectation(_ p: Double) {
        let layer = Dropout<Double>(rate: p, seed: 17)
        layer.isTraining = true
        let ones = Matrix<Double>(rows: 200, columns: 500, elements: Array(repeating: 1, count: 100_000))
        let a = layer.forward(ones)
        let mean = a.elements.reduce(0, +) / 100_000
        let dropped = Double(layer.mask.elements.filter { $0 == 0 }.count) / 100_000
        // Standard deviation of the mean: √(p/(1 − p)/100,000) ≤ 0.0064 for p ≤ 0.8; 5σ.
        #expect(abs(mean - 1) < 5 * (p / (1 - p) / 100_000).squareRoot())
        #expect(abs(dropped - p) < 5 * (p * (1 - p) / 100_000).squareRoot())
    }

    @Test("at inference dropout is the identity: the same outputs as without it")
    func inferenceIsIdentity() throws {
        let plain = try network(), dropped = try network()
        try dropped.setDropout(rates: [0.5], seed: 1)
        let (x, _) = batch(rows: 4, columns: 5, classes: 3, seed: 8)
        #expect(dropped.forward(x) == plain.forward(x))
        dropped.isTraining = true
        #expect(dropped.forward(x) != plain.forward(x))
        #expect(dropped.dropoutRates == [0.5, 0.5] && plain.dropoutRates == [0, 0])
    }

    @Test("bad dropout rates are typed errors")
    func badRates() throws {
        let net = try network()
        #expect(throws: DropoutError.outOfRange(1)) { try net.setDropout(rates: [1]) }
        #expect(throws: DropoutError.countMismatch(rates: 3, hiddenLayers: 2)) { try net.setDropout(rates: [0.1, 0.2, 0.3]) }
        try net.setDropout(rates: [0, 0.4])
        #expect(net.dropoutLayers.count == 1 && net.dropoutRates == [0, 0.4])
    }

    @Test("a network with dropout saves the same file as one without and loads back")
    func saveAndLoad() throws {
        let plain = try network(), dropped = try network()
        try dropped.setDropout(rates: [0.3], seed: 1)
        #expect(try dropped.weightsFile().encoded() == plain.weightsFile().encoded())
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dropout-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try dropped.saveWeights(to: url)
        let loaded = try Network<Double>.loadWeights(from: url)
        let (x, _) = batch(rows: 3, columns: 5, classes: 3, seed: 2)
        #expect(loaded.forward(x) == plain.forward(x))
    }

    @Test("shifts move every pixel exactly and fill with zeros; flips mirror")
    func shifts() {
        // A 4-wide, 3-high image with pixel values 1…12 (row-major).
        let image = (1...12).map(Float.init)
        #expect(Augmentation.shifted(image, width: 4, height: 3, dx: 1, dy: 0) == [0, 1, 2, 3, 0, 5, 6, 7, 0, 9, 10, 11])
        #expect(Augmentation.shifted(image, width: 4, height: 3, dx: -2, dy: 0) == [3, 4, 0, 0, 7, 8, 0, 0, 11, 12, 0, 0])
        #expect(Augmentation.shifted(image, width: 4, height: 3, dx: 0, dy: 1) == [0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(Augmentation.shifted(image, width: 4, height: 3, dx: 1, dy: -1) == [0, 5, 6, 7, 0, 9, 10, 11, 0, 0, 0, 0])
        #expect(Augmentation.shifted(image, width: 4, height: 3, dx: 0, dy: 0, flip: true) == [4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9])
        #expect(Augmentation.shifted(image, width: 4, height: 3, dx: 0, dy: 0) == image)
    }

    @Test("a random augmented batch holds only shifts within ±s of its own rows, several of them")
    func batchAugmentation() {
        var generator = Xoshiro256StarStar(seed: 1)
        let rows = 40
        let input = Matrix<Float>(rows: rows, columns: 36, elements: (0..<rows * 36).map { _ in Float(generator.nextUniform()) })
        var output = Matrix<Float>(rows: 0, columns: 0)
        var draws = Xoshiro256StarStar(seed: 2)
        Augmentation(maxShift: 1, width: 6, height: 6).apply(input, into: &output, using: &draws)
        var seen = Set<[Int]>()
        for row in 0..<rows {
            let match = (-1...1).flatMap { dx in (-1...1).map { dy in [dx, dy] } }.first {
                Augmentation.shifted(input.row(row), width: 6, height: 6, dx: $0[0], dy: $0[1]) == output.row(row)
            }
            #expect(match != nil)
            if let match { seen.insert(match) }
        }
        #expect(seen.count >= 5)
        #expect(Augmentation(maxShift: 28).problem != nil && Augmentation(maxShift: -1).problem != nil && Augmentation(maxShift: 2).problem == nil)
    }

    @Test("the validation split is the last V rows, disjoint from the training rows")
    func validationSplit() {
        let inputs = Matrix<Float>(rows: 10, columns: 2, elements: (0..<20).map(Float.init))
        let data = LabelledData(inputs: inputs, labels: (0..<10).map { $0 % 3 }, classCount: 3)
        let (training, validation) = data.splittingValidation(count: 3)
        #expect(training.count == 7 && validation.count == 3)
        #expect(validation.inputs.row(0) == [14, 15] && validation.labels == [1, 2, 0])
        #expect(training.inputs.row(6) == [12, 13])
        let trainingRows = Set((0..<7).map { training.inputs.row($0) }), validationRows = Set((0..<3).map { validation.inputs.row($0) })
        #expect(trainingRows.isDisjoint(with: validationRows) && trainingRows.count + validationRows.count == 10)
    }

    @Test("early stopping keeps the best epoch's weights and stops after `patience` epochs without a better one")
    func earlyStoppingKeepsBest() throws {
        let net = try network()
        let stopping = EarlyStopping<Double>(patience: 2)
        let accuracies = [0.5, 0.7, 0.65, 0.7, 0.6]   // best at epoch 2; epoch 4 only ties it
        var stoppedAt: Int?
        var weightsAt: [Int: Matrix<Double>] = [:]
        for (index, accuracy) in accuracies.enumerated() {
            net.denseLayers[0].weight.elements[0] = Double(index + 1)   // mark each epoch's weights
            weightsAt[index + 1] = net.denseLayers[0].weight
            if stopping.observe(epoch: index + 1, accuracy: accuracy, network: net) { stoppedAt = index + 1; break }
        }
        #expect(stoppedAt == 4 && stopping.bestEpoch == 2 && stopping.bestAccuracy == 0.7)
        stopping.restoreBest(into: net)
        #expect(net.denseLayers[0].weight == weightsAt[2])
    }

    @Test("the trainer with patience stops early, restores the best epoch, and needs held-out data")
    func trainerEarlyStopping() throws {
        var generator = Xoshiro256StarStar(seed: 5)
        let x = Matrix<Double>(rows: 60, columns: 4, elements: (0..<240).map { _ in generator.nextUniform(in: -1, 1) })
        let labels = (0..<60).map { _ in Int(generator.next() % 3) }   // random labels: validation cannot improve for long
        let data = LabelledData(inputs: x, labels: labels, classCount: 3)
        let (training, validation) = data.splittingValidation(count: 20)
        var configuration = TrainingConfiguration(epochs: 40, batchSize: 10, learningRate: 0.05, seed: 1)
        configuration.generalisation = GeneralisationSettings(dropout: [0.2], patience: 3)
        let net = try Network<Double>(architecture: "4-32-3", using: &generator)
        let trainer = Trainer(network: net, configuration: configuration)
        let history = try trainer.train(on: training, test: validation)
        let stopping = try #require(trainer.earlyStopping)
        let best = try #require(stopping.bestEpoch)
        #expect(history.epochs.count == best + 3 || history.epochs.count == 40)
        #expect(net.evaluate(validation).accuracy == stopping.bestAccuracy)
        #expect(!net.isTraining)
        let again = Trainer(network: net, configuration: configuration)
        #expect(throws: TrainingError.self) { try again.train(on: training) }
    }

    @Test("a checkpoint configuration written before lesson 13 (no generalisation key) still decodes")
    func oldConfigurationDecodes() throws {
        let old = #"{"batchSize":128,"epochs":15,"evaluationBatchSize":1000,"learningRate":0.001,"momentum":0.9,"optimizer":"adam","schedule":{"constant":{}},"seed":1,"weightDecay":0}"#
        let configuration = try JSONDecoder().decode(TrainingConfiguration.self, from: Data(old.utf8))
        #expect(configuration.generalisation == nil && configuration.epochs == 15)
        var new = configuration
        new.generalisation = GeneralisationSettings(dropout: [0.2, 0.3], augmentation: Augmentation(maxShift: 2, flips: true), patience: 4)
        let decoded = try JSONDecoder().decode(TrainingConfiguration.self, from: JSONEncoder().encode(new))
        #expect(decoded == new)
    }
}
