// Network construction, named parameters, precision conversion and training sanity checks.
import Foundation
import Testing
import Linalg
@testable import NeuralNet

@Suite("Network")
struct NetworkTests {
    @Test("architecture strings parse, one activation for all or one per hidden layer")
    func parsing() throws {
        let a = try Architecture(parsing: "784-250-250-10")
        #expect(a.layerSizes == [784, 250, 250, 10] && a.hiddenActivations == [.relu, .relu] && a.output == .softmaxCrossEntropy)
        let b = try Architecture(parsing: "4-3-2-1", activations: "relu, sigmoid", output: "sigmoid+mse")
        #expect(b.hiddenActivations == [.relu, .sigmoid] && b.output == .sigmoidMeanSquaredError)
        #expect(b.description == "4-3-2-1 relu,sigmoid sigmoid+mse")
        let c = try Architecture(parsing: "784-10", output: "linear+mse")
        #expect(c.hiddenActivations.isEmpty)
    }

    @Test("bad architecture strings are typed errors with hints",
          arguments: ["784", "784-abc-10", "784--10", "784-0-10", ""])
    func badSizes(text: String) {
        #expect(throws: ArchitectureError.self) { try Architecture(parsing: text) }
    }

    @Test("bad activations and heads are typed errors")
    func badNames() {
        #expect(throws: ArchitectureError.unknownActivation("tanh")) { try Architecture(parsing: "4-3-2", activations: "tanh") }
        #expect(throws: ArchitectureError.activationCountMismatch(hiddenLayers: 2, activations: 3)) {
            try Architecture(parsing: "4-3-3-2", activations: "relu,relu,relu")
        }
        #expect(throws: ArchitectureError.unknownOutputHead("softmax")) { try Architecture(parsing: "4-2", output: "softmax") }
        let message = ArchitectureError.unknownActivation("tanh").description
        #expect(message.contains("tanh") && message.contains("hint:") && message.contains("relu"))
    }

    @Test("layer sequence, parameter names and count follow the architecture")
    func structure() throws {
        var generator = Xoshiro256StarStar(seed: 50)
        let network = try Network<Float>(architecture: "784-250-250-10", using: &generator)
        #expect(network.layers.map(\.name) == ["dense 784→250", "relu", "dense 250→250", "relu", "dense 250→10"])
        #expect(network.parameterNames == ["layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias",
                                           "layer3.weight", "layer3.bias"])
        #expect(network.parameterCount == 784 * 250 + 250 + 250 * 250 + 250 + 250 * 10 + 10)
        #expect(network.description == "784-250-250-10 relu,relu softmax+ce (Float, 261,510 parameters)")
        #expect(try network.parameter(named: "layer2.weight").shapeDescription == "250×250")
        #expect(try network.parameter(named: "layer3.bias").shapeDescription == "1×10")
        let sigmoidNet = try Network<Float>(architecture: "784-128-10", activations: "sigmoid", output: "sigmoid+mse", using: &generator)
        #expect(sigmoidNet.layers.map(\.name) == ["dense 784→128", "sigmoid", "dense 128→10", "sigmoid"])
        #expect(sigmoidNet.lossFunction.name == "mse")
    }

    @Test("get and set parameters by name; wrong names and shapes are typed errors")
    func namedParameters() throws {
        var generator = Xoshiro256StarStar(seed: 51)
        let network = try Network<Double>(architecture: "3-2-2", using: &generator)
        let value = Matrix<Double>([[1, 2, 3], [4, 5, 6]])
        try network.setParameter(named: "layer1.weight", to: value)
        #expect(try network.parameter(named: "layer1.weight") == value)
        #expect(network.denseLayers[0].weight == value)
        #expect(throws: NetworkError.self) { try network.parameter(named: "layer3.weight") }
        #expect(throws: NetworkError.self) { try network.parameter(named: "layer1.gamma") }
        #expect(throws: NetworkError.shapeMismatch(parameter: "layer1.bias", expected: "1×2", got: "1×3")) {
            try network.setParameter(named: "layer1.bias", to: Matrix(row: [1, 2, 3]))
        }
    }

    @Test("forward computes Z = X·Wᵀ + b by hand on a 2-2 linear net")
    func forwardByHand() throws {
        let architecture = try Architecture(layerSizes: [2, 2], hiddenActivations: [], output: .linearMeanSquaredError)
        let dense = Dense<Double>(weight: Matrix([[1, 2], [3, 4]]), bias: Matrix(row: [0.5, -1]))
        let network = Network(architecture: architecture, denseLayers: [dense])
        // x = (1, 1): z = (1+2+0.5, 3+4−1) = (3.5, 6); x = (2, 0): (2.5, 5)
        #expect(network.forward(Matrix([[1, 1], [2, 0]])) == Matrix([[3.5, 6], [2.5, 5]]))
        // MSE vs zero targets: (3.5² + 6² + 2.5² + 5²) / 4
        #expect(network.loss(input: Matrix([[1, 1], [2, 0]]), targets: Matrix(rows: 2, columns: 2))
                == (12.25 + 36 + 6.25 + 25) / 4)
    }

    @Test("converted(to:) keeps weights and outputs, in the other precision")
    func conversion() throws {
        var generator = Xoshiro256StarStar(seed: 52)
        let network = try Network<Float>(architecture: "5-4-3", activations: "sigmoid", using: &generator)
        let copy = network.converted(to: Double.self)
        #expect(copy.architecture == network.architecture)
        for name in network.parameterNames {
            #expect(try copy.parameter(named: name) == network.parameter(named: name).converted(to: Double.self))
        }
        let input = uniformMatrix(2, 5, 0, 1, using: &generator)
        let difference = copy.forward(input) - network.forward(input.converted(to: Float.self)).converted(to: Double.self)
        #expect(difference.maxAbs() < 1e-6)
        try copy.setParameter(named: "layer1.bias", to: Matrix(row: [1, 1, 1, 1]))
        #expect(try network.parameter(named: "layer1.bias").maxAbs() == 0, "the copy must not share storage")
    }

    @Test("gradients are assigned, not accumulated, across calls")
    func gradientsAssigned() throws {
        var generator = Xoshiro256StarStar(seed: 53)
        let network = try Network<Double>(architecture: "4-3-2", using: &generator)
        let input = gaussianMatrix(3, 4, using: &generator)
        let targets = Matrix<Double>.oneHot(labels: [0, 1, 1], classCount: 2)
        network.lossAndGradients(input: input, targets: targets)
        let first = network.namedGradients.map(\.value)
        network.lossAndGradients(input: input, targets: targets)
        #expect(network.namedGradients.map(\.value) == first)
    }

    @Test("an all-zero 10-class net has loss exactly ln 10")
    func zeroWeightsGiveLn10() throws {
        var generator = Xoshiro256StarStar(seed: 54)
        let network = try Network<Double>(architecture: "20-8-10", using: &generator)
        for name in network.parameterNames {
            let shape = try network.parameter(named: name)
            try network.setParameter(named: name, to: Matrix(rows: shape.rows, columns: shape.columns))
        }
        let input = uniformMatrix(16, 20, 0, 1, using: &generator)
        let targets = Matrix<Double>.oneHot(labels: randomLabels(16, classCount: 10, using: &generator), classCount: 10)
        #expect(abs(network.loss(input: input, targets: targets) - log(10.0)) < 1e-14)
    }

    @Test("an untrained 784-30-10-10 net's CE loss on random data is ≈ ln 10")
    func initialLossNearLn10() throws {
        var generator = Xoshiro256StarStar(seed: 55)
        let network = try Network<Float>(architecture: "784-30-10-10", using: &generator)
        let n = 256
        let input = uniformMatrix(n, 784, 0, 1, using: &generator).converted(to: Float.self)
        let labels = randomLabels(n, classCount: 10, using: &generator)
        let loss = Double(network.loss(input: input, targets: Matrix.oneHot(labels: labels, classCount: 10)))
        // For logits with within-row variance σ² (labels independent of them), a second-order
        // expansion gives E[CE] ≈ ln K + (1 − 1/K)·σ²/2. Measure σ² from the logits, predict,
        // and allow 0.05 for the expansion's error and sampling noise over 256 rows. The loss
        // must itself sit near ln 10: He/Xavier keep σ² of order 0.1-0.4, i.e. an excess of
        // at most ~0.2 over ln 10; a badly scaled init (σ² ≫ 1) would fail that bound.
        let probabilities = network.forward(input).converted(to: Double.self)
        var variance = 0.0
        for row in 0..<n {
            let logits = probabilities.row(row).map { log($0) }
            let mean = logits.reduce(0, +) / 10
            variance += logits.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 10 / Double(n)
        }
        let predicted = log(10.0) + 0.9 * variance / 2
        #expect(abs(loss - predicted) < 0.05, "loss \(loss), predicted \(predicted), σ² \(variance)")
        #expect(abs(loss - log(10.0)) < 0.2, "loss \(loss) vs ln 10 = \(log(10.0))")
    }

    @Test("784-30-10-10 ReLU/softmax overfits 64 random samples to 100% training accuracy")
    func overfitsTinySet() throws {
        var generator = Xoshiro256StarStar(seed: 56)
        let network = try Network<Float>(architecture: "784-30-10-10", using: &generator)
        let input = uniformMatrix(64, 784, 0, 1, using: &generator).converted(to: Float.self)
        let labels = randomLabels(64, classCount: 10, using: &generator)
        let targets = Matrix<Float>.oneHot(labels: labels, classCount: 10)
        let optimizer = Adam<Float>(learningRate: 3e-3)
        let initialLoss = network.loss(input: input, targets: targets)
        var steps = 0
        var accuracy = network.accuracy(input: input, labels: labels)
        while accuracy < 1 && steps < 300 {
            network.lossAndGradients(input: input, targets: targets)
            optimizer.step(network)
            steps += 1
            if steps % 10 == 0 { accuracy = network.accuracy(input: input, labels: labels) }
        }
        #expect(accuracy == 1, "accuracy \(accuracy) after \(steps) steps")
        #expect(network.loss(input: input, targets: targets) < initialLoss / 4)
    }

    @Test("workspaces are reused: the steady state keeps the same buffers")
    func workspacesReused() throws {
        var generator = Xoshiro256StarStar(seed: 57)
        let network = try Network<Float>(architecture: "8-6-3", using: &generator)
        let input = gaussianMatrix(4, 8, using: &generator).converted(to: Float.self)
        let targets = Matrix<Float>.oneHot(labels: [0, 1, 2, 0], classCount: 3)
        func addresses() -> [UnsafeRawPointer?] {
            var result: [UnsafeRawPointer?] = []
            for layer in network.layers {
                result.append(layer.output.elements.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) })
            }
            for dense in network.denseLayers {
                result.append(dense.weightGradient.elements.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) })
            }
            return result
        }
        network.lossAndGradients(input: input, targets: targets)
        let first = addresses()
        network.lossAndGradients(input: input, targets: targets)
        #expect(addresses() == first)
    }
}
