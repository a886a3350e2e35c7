// A multilayer perceptron: Dense layers, activations, and a loss head.
// Shapes: N = batch, D = inputs, K = outputs; layer ℓ's weight is out×in.
import Linalg

/// A feed-forward network built from an `Architecture`.
///
/// Layers hold preallocated workspaces, so repeated `lossAndGradients` calls on batches of the
/// same size allocate nothing in the steady state. Not thread-safe: one network per thread.
public final class Network<Scalar: Real> {
    /// The shape this network was built from.
    public let architecture: Architecture
    /// The layers in order: Dense, activation, Dense, activation, …, Dense[, Sigmoid].
    public let layers: [any Layer<Scalar>]
    /// The Dense layers alone, in order (`layer1` is `denseLayers[0]`).
    public let denseLayers: [Dense<Scalar>]
    /// The loss head: softmax + cross-entropy or mean squared error.
    public let lossFunction: any LossFunction<Scalar>
    /// `layers` with a Dropout after each hidden activation that has one (see
    /// `Network+Dropout.swift`); nil without dropout. Used only while `isTraining`.
    var trainingLayers: [any Layer<Scalar>]?
    /// The layers a forward pass runs: with dropout while training, `layers` otherwise.
    var activeLayers: [any Layer<Scalar>] { isTraining ? (trainingLayers ?? layers) : layers }
    /// True while the trainer runs training batches: dropout drops. False (the default) for
    /// evaluation and inference, where dropout is the identity.
    public var isTraining = false {
        didSet { for layer in dropoutLayers { layer.isTraining = isTraining } }
    }
    /// The Dropout layers, in order (empty without dropout).
    public internal(set) var dropoutLayers: [Dropout<Scalar>] = []

    /// A network with the given Dense layers (parameters shared, not copied) for `architecture`.
    public init(architecture: Architecture, denseLayers: [Dense<Scalar>]) {
        let sizes = architecture.layerSizes
        precondition(denseLayers.count == sizes.count - 1,
                     "Network: \(denseLayers.count) Dense layers for architecture \(architecture)")
        for (index, dense) in denseLayers.enumerated() {
            precondition(dense.inputCount == sizes[index] && dense.outputCount == sizes[index + 1],
                         "Network: layer\(index + 1) weight is \(dense.weight.shapeDescription), architecture \(architecture.sizesDescription) needs \(sizes[index + 1])×\(sizes[index])")
        }
        var layers: [any Layer<Scalar>] = []
        for (index, dense) in denseLayers.enumerated() {
            layers.append(dense)
            if index < architecture.hiddenActivations.count {
                switch architecture.hiddenActivations[index] {
                case .relu: layers.append(ReLU<Scalar>())
                case .sigmoid: layers.append(Sigmoid<Scalar>())
                }
            }
        }
        switch architecture.output {
        case .softmaxCrossEntropy:
            lossFunction = SoftmaxCrossEntropy<Scalar>()
        case .sigmoidMeanSquaredError:
            layers.append(Sigmoid<Scalar>())
            lossFunction = MeanSquaredError<Scalar>()
        case .linearMeanSquaredError:
            lossFunction = MeanSquaredError<Scalar>()
        }
        denseLayers.first?.computesInputGradient = false
        self.architecture = architecture
        self.layers = layers
        self.denseLayers = denseLayers
    }

    /// A freshly initialised network: He-normal weights before ReLU, Xavier-uniform elsewhere,
    /// zero biases.
    public convenience init(architecture: Architecture, using generator: inout some RandomNumberGenerator) {
        let sizes = architecture.layerSizes
        var dense: [Dense<Scalar>] = []
        for index in 0..<(sizes.count - 1) {
            let isHidden = index < architecture.hiddenActivations.count
            let initialization: Initialization =
                isHidden && architecture.hiddenActivations[index] == .relu ? .he : .xavier
            dense.append(Dense(inputCount: sizes[index], outputCount: sizes[index + 1],
                               initialization: initialization, using: &generator))
        }
        self.init(architecture: architecture, denseLayers: dense)
    }

    /// Parses and builds: `Network<Float>(architecture: "784-250-250-10", activations: "relu",
    /// output: "softmax+ce", using: &generator)`.
    public convenience init(architecture sizes: String, activations: String = "relu", output: String = "softmax+ce",
                            using generator: inout some RandomNumberGenerator) throws(ArchitectureError) {
        let architecture = try Architecture(parsing: sizes, activations: activations, output: output)
        self.init(architecture: architecture, using: &generator)
    }

    /// The same network (same weights, same architecture) with parameters in `Other` precision.
    public func converted<Other: Real>(to: Other.Type = Other.self) -> Network<Other> {
        let copies = denseLayers.map { Dense<Other>(weight: $0.weight.converted(), bias: $0.bias.converted()) }
        return Network<Other>(architecture: architecture, denseLayers: copies)
    }

    /// Number of inputs D.
    public var inputCount: Int { architecture.layerSizes[0] }
    /// Number of outputs K.
    public var outputCount: Int { architecture.layerSizes[architecture.layerSizes.count - 1] }

    // region network-forward
    /// Runs every layer and the loss head's forward: returns the outputs (N×K; probabilities
    /// for softmax + CE). `input`: N×D.
    @discardableResult
    public func forward(_ input: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(input.columns == inputCount,
                     "Network.forward: input is \(input.shapeDescription), network \(architecture.sizesDescription) expects N×\(inputCount)")
        var activation = input
        for layer in activeLayers { activation = layer.forward(activation) }
        return lossFunction.forward(activation)
    }
    // endregion

    /// The batch-mean loss for `input` (N×D) against `targets` (N×K; one-hot for CE).
    public func loss(input: Matrix<Scalar>, targets: Matrix<Scalar>) -> Scalar {
        forward(input)
        return lossFunction.loss(targets: targets)
    }

    // region network-backward
    /// Forward then backward through every layer; assigns (does not accumulate) each Dense
    /// layer's `weightGradient` and `biasGradient`. Returns the batch-mean loss.
    @discardableResult
    public func lossAndGradients(input: Matrix<Scalar>, targets: Matrix<Scalar>) -> Scalar {
        let loss = self.loss(input: input, targets: targets)
        var gradient = lossFunction.backward(targets: targets)        // ∂L/∂(last layer's output)
        let layers = activeLayers
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            let layerInput = index == 0 ? input : layers[index - 1].output
            gradient = layers[index].backward(gradient, input: layerInput)
        }
        return loss
    }
    // endregion

    /// The index of the largest output of each row: the predicted class. `input`: N×D.
    public func predictions(for input: Matrix<Scalar>) -> [Int] {
        forward(input).argmaxOfRows()
    }

    /// Fraction of rows whose prediction equals `labels`.
    public func accuracy(input: Matrix<Scalar>, labels: [Int]) -> Double {
        precondition(labels.count == input.rows, "accuracy: \(labels.count) labels for \(input.rows) rows")
        guard !labels.isEmpty else { return 0 }
        let predicted = predictions(for: input)
        return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
    }

    /// The pre-activations Z fed to each ReLU layer in the last forward pass (for kink detection).
    public func reluPreActivations() -> [Matrix<Scalar>] {
        var result: [Matrix<Scalar>] = []
        for index in layers.indices where layers[index] is ReLU<Scalar> && index > 0 {
            result.append(layers[index - 1].output)
        }
        return result
    }
}

extension Matrix {
    /// One-hot rows: row n has a 1 in column labels[n], 0 elsewhere (N×classCount).
    public static func oneHot(labels: [Int], classCount: Int) -> Matrix {
        var result = Matrix(rows: labels.count, columns: classCount)
        for (row, label) in labels.enumerated() {
            precondition(label >= 0 && label < classCount, "oneHot: label \(label) at row \(row) is outside 0..<\(classCount)")
            result.elements[row * classCount + label] = 1
        }
        return result
    }
}

extension Network: CustomStringConvertible {
    /// "784-250-250-10 relu,relu softmax+ce (Float, 261,510 parameters)".
    public var description: String {
        var digits = String(parameterCount)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        return "\(architecture) (\(Scalar.self), \(digits + grouped) parameters)"
    }
}
