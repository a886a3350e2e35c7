// Weight initialisation. Shapes: a Dense weight is out×in (fan_out × fan_in), its bias 1×out.
import Linalg

/// How a Dense layer's weights are drawn. Biases always start at zero.
public enum Initialization: String, CaseIterable, Sendable {
    /// He (Kaiming) normal, for layers followed by ReLU: keeps the activations' variance
    /// steady because ReLU zeroes half of its inputs.
    /// ```
    /// W_ji ~ N(0, σ²),  σ = √(2 / fan_in)
    /// ```
    case he
    /// Xavier/Glorot uniform, for sigmoid and linear layers: balances forward and backward variance.
    /// ```
    /// W_ji ~ U(−a, a),  a = √(6 / (fan_in + fan_out))
    /// ```
    case xavier

    /// An out×in weight matrix drawn from this scheme.
    public func weights<Scalar: Real>(outputCount: Int, inputCount: Int,
                                      as: Scalar.Type = Scalar.self,
                                      using generator: inout some RandomNumberGenerator) -> Matrix<Scalar> {
        precondition(outputCount > 0 && inputCount > 0,
                     "Initialization: weight shape must be positive, got \(outputCount)×\(inputCount)")
        var elements = [Scalar]()
        elements.reserveCapacity(outputCount * inputCount)
        switch self {
        case .he:
            let standardDeviation = (2.0 / Double(inputCount)).squareRoot()
            for _ in 0..<(outputCount * inputCount) {
                elements.append(Scalar(standardDeviation * generator.nextGaussian()))
            }
        case .xavier:
            let limit = (6.0 / Double(inputCount + outputCount)).squareRoot()
            for _ in 0..<(outputCount * inputCount) {
                elements.append(Scalar(generator.nextUniform(in: -limit, limit)))
            }
        }
        return Matrix(rows: outputCount, columns: inputCount, elements: elements)
    }

    /// Nested-array weights [j][i] (out×in) for the per-element network of lesson 2.
    public func nestedWeights(outputCount: Int, inputCount: Int,
                              using generator: inout some RandomNumberGenerator) -> [[Double]] {
        let flat: Matrix<Double> = weights(outputCount: outputCount, inputCount: inputCount, using: &generator)
        return (0..<outputCount).map { flat.row($0) }
    }
}
