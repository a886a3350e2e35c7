// Named parameters: "layer1.weight" (out×in), "layer1.bias" (1×out), … counting Dense layers from 1.
import Linalg

/// A parameter name that does not exist, or a value of the wrong shape.
public enum NetworkError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownParameter(String, known: [String])
    case shapeMismatch(parameter: String, expected: String, got: String)

    public var description: String {
        switch self {
        case .unknownParameter(let name, let known):
            return "error: the network has no parameter named '\(name)'\nhint: its parameters are \(known.joined(separator: ", "))"
        case .shapeMismatch(let name, let expected, let got):
            return "error: parameter '\(name)' is \(expected) but the new value is \(got)\nhint: the architecture fixes every parameter's shape; check the weights belong to this architecture"
        }
    }
}

extension Network {
    /// Which tensor of a Dense layer a parameter is.
    public enum ParameterKind: String, Sendable { case weight, bias }

    /// "layer1.weight", "layer1.bias", "layer2.weight", … in layer order.
    public var parameterNames: [String] {
        denseLayers.indices.flatMap { ["layer\($0 + 1).weight", "layer\($0 + 1).bias"] }
    }

    /// Total number of scalars in all weights and biases.
    public var parameterCount: Int {
        denseLayers.reduce(0) { $0 + $1.weight.count + $1.bias.count }
    }

    /// The Dense layer and tensor kind a name refers to.
    public func locateParameter(named name: String) throws(NetworkError) -> (layer: Dense<Scalar>, kind: ParameterKind) {
        let parts = name.split(separator: ".")
        if parts.count == 2, parts[0].hasPrefix("layer"), let number = Int(parts[0].dropFirst(5)),
           number >= 1, number <= denseLayers.count, let kind = ParameterKind(rawValue: String(parts[1])) {
            return (denseLayers[number - 1], kind)
        }
        throw .unknownParameter(name, known: parameterNames)
    }

    /// The parameter's current value (weights out×in, biases 1×out).
    public func parameter(named name: String) throws(NetworkError) -> Matrix<Scalar> {
        let (layer, kind) = try locateParameter(named: name)
        return kind == .weight ? layer.weight : layer.bias
    }

    /// Replaces a parameter's value; the shape must match.
    public func setParameter(named name: String, to value: Matrix<Scalar>) throws(NetworkError) {
        let (layer, kind) = try locateParameter(named: name)
        let current = kind == .weight ? layer.weight : layer.bias
        guard current.rows == value.rows && current.columns == value.columns else {
            throw .shapeMismatch(parameter: name, expected: current.shapeDescription, got: value.shapeDescription)
        }
        if kind == .weight { layer.weight = value } else { layer.bias = value }
    }

    /// ∂L/∂parameter from the last `lossAndGradients` (same shape as the parameter).
    public func gradient(named name: String) throws(NetworkError) -> Matrix<Scalar> {
        let (layer, kind) = try locateParameter(named: name)
        return kind == .weight ? layer.weightGradient : layer.biasGradient
    }

    /// All parameters by name, in `parameterNames` order.
    public var namedParameters: [(name: String, value: Matrix<Scalar>)] {
        denseLayers.enumerated().flatMap { index, layer in
            [("layer\(index + 1).weight", layer.weight), ("layer\(index + 1).bias", layer.bias)]
        }
    }

    /// All gradients by name, in `parameterNames` order.
    public var namedGradients: [(name: String, value: Matrix<Scalar>)] {
        denseLayers.enumerated().flatMap { index, layer in
            [("layer\(index + 1).weight", layer.weightGradient), ("layer\(index + 1).bias", layer.biasGradient)]
        }
    }
}

extension Network where Scalar == Double {
    /// The vectorised twin of a per-element network (same weights): sigmoid hidden, sigmoid + MSE.
    public convenience init(copying perElement: PerElementNetwork) {
        let architecture = try? Architecture(
            layerSizes: [perElement.inputCount, perElement.hiddenCount, perElement.outputCount],
            hiddenActivations: [.sigmoid], output: .sigmoidMeanSquaredError)
        guard let architecture else {
            preconditionFailure("Network(copying:): per-element network has an empty layer")
        }
        let hidden = Dense<Double>(weight: Matrix(perElement.hiddenWeights), bias: Matrix(row: perElement.hiddenBiases))
        let output = Dense<Double>(weight: Matrix(perElement.outputWeights), bias: Matrix(row: perElement.outputBiases))
        self.init(architecture: architecture, denseLayers: [hidden, output])
    }
}
