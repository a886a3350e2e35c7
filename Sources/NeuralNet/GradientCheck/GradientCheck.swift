// Numerical gradient checking by central differences, in Double.
// Shapes: θ is any R×C tensor; its analytic gradient has the same shape.
import Linalg

/// Compares analytic gradients with central differences. See lessons 3 and 6.
public enum GradientCheck {
    /// ε in the relative error's denominator: keeps 0/0 (both gradients exactly zero, e.g. a
    /// dead ReLU unit) at 0 instead of NaN, while being far below any gradient we care about.
    public static let relativeErrorFloor = 1e-12
    /// h: with Double, truncation error ~h² and round-off ~1e-16/h balance near 1e-5.
    public static let defaultStep = 1e-5
    /// Smooth nets in Double agree to ~1e-9 or better; 1e-7 leaves margin (design.md).
    public static let defaultThreshold = 1e-7

    /// How to check.
    public struct Options: Sendable {
        /// h in (f(θ+h) − f(θ−h)) / 2h.
        public var step: Double
        /// Relative-error threshold for the verdict.
        public var threshold: Double
        /// Check at most this many entries per tensor (a seeded random sample); nil checks all.
        public var maxEntriesPerTensor: Int?
        /// Seed of the sample.
        public var seed: UInt64
        /// How many worst entries to keep per tensor.
        public var worstCount: Int

        public init(step: Double = GradientCheck.defaultStep, threshold: Double = GradientCheck.defaultThreshold,
                    maxEntriesPerTensor: Int? = nil, seed: UInt64 = 0, worstCount: Int = 5) {
            precondition(step > 0, "GradientCheck.Options: step h must be positive, got \(step)")
            self.step = step
            self.threshold = threshold
            self.maxEntriesPerTensor = maxEntriesPerTensor
            self.seed = seed
            self.worstCount = worstCount
        }
    }

    // region relative-error
    /// |a − n| / max(|a| + |n|, ε), ε = `relativeErrorFloor`.
    public static func relativeError(analytic a: Double, numeric n: Double) -> Double {
        abs(a - n) / max(abs(a) + abs(n), relativeErrorFloor)
    }
    // endregion

    // region central-difference
    /// (f(θ+h·eᵢ) − f(θ−h·eᵢ)) / 2h for one flat index i of `point`.
    public static func centralDifference(of function: (Matrix<Double>) -> Double,
                                         at point: Matrix<Double>, index: Int, step h: Double) -> Double {
        var shifted = point
        shifted.elements[index] = point.elements[index] + h
        let plus = function(shifted)
        shifted.elements[index] = point.elements[index] - h
        let minus = function(shifted)
        return (plus - minus) / (2 * h)
    }
    // endregion

    /// Checks `analyticGradient` against central differences of `function` at `point`.
    ///
    /// - Parameters:
    ///   - preActivations: optional; returns the ReLU pre-activations (flattened) that
    ///     `function` sees at a given θ. An entry whose ±h perturbation changes whether any
    ///     of them is > 0 is reported as crossing a kink and left out of the verdict.
    public static func check(name: String = "θ", at point: Matrix<Double>, analyticGradient: Matrix<Double>,
                             options: Options = Options(),
                             preActivations: ((Matrix<Double>) -> [Double])? = nil,
                             function: (Matrix<Double>) -> Double) -> GradientCheckReport.Tensor {
        precondition(point.rows == analyticGradient.rows && point.columns == analyticGradient.columns,
                     "GradientCheck \(name): point is \(point.shapeDescription), gradient is \(analyticGradient.shapeDescription)")
        let baseSigns = preActivations.map { activeSet($0(point)) }
        var shifted = point
        return checkEntries(name: name, rows: point.rows, columns: point.columns, analytic: analyticGradient.elements,
                            options: options) { index, delta in
            shifted.elements[index] = point.elements[index] + delta
            let value = function(shifted)
            var crossed = false
            if let preActivations, let baseSigns { crossed = baseSigns != activeSet(preActivations(shifted)) }
            shifted.elements[index] = point.elements[index]
            return (value, crossed)
        }
    }

    /// Checks the gradients a `Network<Double>` computes for `parameterNames` (all by
    /// default) on one batch. ReLU kinks are detected from the network's own pre-activations.
    /// The network's parameters are restored afterwards; its gradients hold the analytic ones.
    public static func check(network: Network<Double>, input: Matrix<Double>, targets: Matrix<Double>,
                             parameterNames: [String]? = nil,
                             options: Options = Options()) throws(NetworkError) -> GradientCheckReport {
        let names = parameterNames ?? network.parameterNames
        network.lossAndGradients(input: input, targets: targets)
        let baseSigns = activeSet(network.reluPreActivations().flatMap(\.elements))
        var tensors: [GradientCheckReport.Tensor] = []
        for (tensorIndex, name) in names.enumerated() {
            let analytic = try network.gradient(named: name)
            let (layer, kind) = try network.locateParameter(named: name)
            let original = kind == .weight ? layer.weight : layer.bias
            var tensorOptions = options
            tensorOptions.seed = options.seed &+ UInt64(tensorIndex)
            let tensor = checkEntries(name: name, rows: original.rows, columns: original.columns,
                                      analytic: analytic.elements, options: tensorOptions) { index, delta in
                if kind == .weight { layer.weight.elements[index] = original.elements[index] + delta }
                else { layer.bias.elements[index] = original.elements[index] + delta }
                let value = network.loss(input: input, targets: targets)
                let crossed = baseSigns != activeSet(network.reluPreActivations().flatMap(\.elements))
                if kind == .weight { layer.weight.elements[index] = original.elements[index] }
                else { layer.bias.elements[index] = original.elements[index] }
                return (value, crossed)
            }
            tensors.append(tensor)
        }
        return GradientCheckReport(tensors: tensors, step: options.step, threshold: options.threshold)
    }

    /// Which pre-activations are on the active side of the ReLU (z > 0).
    static func activeSet(_ values: [Double]) -> [Bool] { values.map { $0 > 0 } }

    /// The shared loop: picks the entries (all, or a seeded sample), evaluates f(θ ± h) through
    /// `evaluate(index, ±h) -> (loss, crossedKink)`, and gathers the statistics.
    static func checkEntries(name: String, rows: Int, columns: Int, analytic: [Double], options: Options,
                             evaluate: (_ index: Int, _ delta: Double) -> (Double, Bool)) -> GradientCheckReport.Tensor {
        let total = rows * columns
        var indices = Array(0..<total)
        if let limit = options.maxEntriesPerTensor, limit < total {
            var generator = Xoshiro256StarStar(seed: options.seed)
            indices.fisherYatesShuffle(using: &generator)
            indices = Array(indices.prefix(max(limit, 0))).sorted()
        }
        let h = options.step
        var smooth: [GradientCheckReport.Entry] = []
        var kinks: [GradientCheckReport.Entry] = []
        for index in indices {
            let (plus, crossedPlus) = evaluate(index, h)
            let (minus, crossedMinus) = evaluate(index, -h)
            let numeric = (plus - minus) / (2 * h)
            let entry = GradientCheckReport.Entry(
                index: index, row: index / max(columns, 1), column: index % max(columns, 1),
                analytic: analytic[index], numeric: numeric,
                relativeError: relativeError(analytic: analytic[index], numeric: numeric),
                crossesKink: crossedPlus || crossedMinus)
            if entry.crossesKink { kinks.append(entry) } else { smooth.append(entry) }
        }
        let errors = smooth.map(\.relativeError)
        // NaN must fail the verdict: treat it as an infinite error.
        let maxError = errors.contains { $0.isNaN } ? Double.infinity : (errors.max() ?? 0)
        let meanError = errors.isEmpty ? 0 : errors.reduce(0, +) / Double(errors.count)
        let worst = smooth.sorted { ($0.relativeError.isNaN ? .infinity : $0.relativeError)
                                    > ($1.relativeError.isNaN ? .infinity : $1.relativeError) }
        return GradientCheckReport.Tensor(
            name: name, rows: rows, columns: columns, checkedCount: indices.count, totalCount: total,
            kinkCount: kinks.count, maxRelativeError: maxError, meanRelativeError: meanError,
            worstEntries: Array(worst.prefix(options.worstCount)), kinkEntries: Array(kinks.prefix(options.worstCount)),
            threshold: options.threshold)
    }
}

extension GradientCheckReport {
    /// A report of several closure-based tensor checks.
    public init(tensors: [Tensor], options: GradientCheck.Options = GradientCheck.Options()) {
        self.init(tensors: tensors, step: options.step, threshold: options.threshold)
    }
}
