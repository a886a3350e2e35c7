// Lesson 12: optimisers. SGD's zig-zag on an ill-conditioned quadratic, momentum and Adam
// beside it, Adam's bias correction, the learner's Adam step (worked case, then training),
// weight decay two ways, and learning-rate schedules.
import Datasets
import Exercises
import Foundation
import LessonEngine
import Linalg
import NeuralNet

/// The stage behind lesson 12.
final class OptimisersStage: Stage {
    /// Steps each optimiser takes on the quadratic.
    static let quadraticSteps = 60
    /// Learning-rate grids the quadratic's paths are tuned on (each method gets its best).
    /// SGD's stops below 2/b, where it would diverge.
    static let sgdGrid = stride(from: 0.0005, through: 0.0199, by: 0.00025).map { $0 }
    static let momentumGrid = stride(from: 0.01, through: 2.0, by: 0.01).map { $0 }
    static let adamGrid = stride(from: 0.01, through: 1.0, by: 0.01).map { $0 }
    /// Momentum and Adam must end at least this many times lower than SGD (measured: 17× and 41×).
    static let quadraticGain = 10.0
    /// Runs averaged to estimate E[mₜ], and the allowed distance in standard errors.
    static let biasRuns = 4_000, biasStandardErrors = 4.0

    var steps: [String] { ["zig-zag", "bias-correction", "your-adam", "adam-trains", "weight-decay", "schedules"] }
    /// What the learner's runs use: their exercise by default; tests inject others.
    var exerciseStep: Optimisers.AdamStepFunction = {
        ExerciseAdam.step(parameter: &$0, gradient: $1, firstMoment: &$2, secondMoment: &$3, stepCount: $4,
                          learningRate: $5, beta1: $6, beta2: $7, epsilon: $8)
    }
    /// Whether the learner's step passed the worked case (training needs it).
    var adamPassed: Bool?
    var trainImages: LabelledImages?

    func run(step: String, context: StageContext) throws {
        switch step {
        case "zig-zag": zigZag(context)
        case "bias-correction": biasCorrection(context)
        case "your-adam": yourAdam(context)
        case "adam-trains": try adamTrains(context)
        case "weight-decay": weightDecay(context)
        case "schedules": schedules(context)
        default: throw StageError.unknownStep(stage: "optimisers", step: step, known: steps)
        }
    }

    /// The step function a run uses: the learner's, or the reference in the reading tour.
    func adamStep(_ context: StageContext) -> (step: Optimisers.AdamStepFunction, who: String) {
        context.options.mine ? (exerciseStep, "your") : (Optimisers.reference, "the reference")
    }

    // MARK: - The quadratic

    func zigZag(_ context: StageContext) {
        let bowl = IllConditionedQuadratic()
        let steps = Self.quadraticSteps
        let grids: [IllConditionedQuadratic.Method: [Double]] = [.sgd: Self.sgdGrid, .momentum: Self.momentumGrid, .adam: Self.adamGrid]
        var paths: [IllConditionedQuadratic.Method: [(x: Double, y: Double)]] = [:]
        var rates: [IllConditionedQuadratic.Method: Double] = [:]
        for method in IllConditionedQuadratic.Method.allCases {
            let eta = bowl.bestLearningRate(method, steps: steps, grid: grids[method]!)
            rates[method] = eta
            paths[method] = bowl.path(method, learningRate: eta, steps: steps)
        }
        let contours = bowl.contours(levels: [0.125, 0.5, 2, 8, 32], xRange: -4...2, yRange: -1.2...1.2)
        var series: [Chart.Series] = [.init(name: "f = 1/8, 1/2, 2, 8, 32", x: contours.x, y: contours.y)]
        for method in IllConditionedQuadratic.Method.allCases {
            let path = paths[method]!
            series.append(.init(name: "\(method.rawValue) (η = \(Format.rate(rates[method]!)))", x: path.map(\.x), y: path.map(\.y)))
        }
        context.chart(Chart(title: "\(steps) steps on f(x, y) = ½(x² + \(Int(bowl.b)) y²) from (\(Int(bowl.start.x)), \(Int(bowl.start.y))), each with its best η",
                            xLabel: "x", yLabel: "y", series: series))
        let shown = [1, 5, 20, 40, steps]
        func loss(_ method: IllConditionedQuadratic.Method, _ t: Int) -> Double { bowl.value(paths[method]![t].x, paths[method]![t].y) }
        context.table(Table(title: "f after t steps (start: f = \(Format.fixed(bowl.value(bowl.start.x, bowl.start.y), digits: 1)))",
                            headers: ["method", "η"] + shown.map { "t = \($0)" },
                            rows: IllConditionedQuadratic.Method.allCases.map { method in
                                [method.rawValue, Format.rate(rates[method]!)] + shown.map { Format.scientific(loss(method, $0), digits: 2) }
                            }, rightAligned: [false] + Array(repeating: true, count: shown.count + 1)))
        // SGD on a quadratic has a closed form: each coordinate is multiplied by (1 − η·curvature) per step.
        let eta = rates[.sgd]!, sgd = paths[.sgd]!
        var closedFormError = 0.0
        for t in 0...steps {
            let x: Double = bowl.start.x * pow(1 - eta * bowl.a, Double(t))
            let y: Double = bowl.start.y * pow(1 - eta * bowl.b, Double(t))
            closedFormError = max(closedFormError, abs(sgd[t].x - x), abs(sgd[t].y - y))
        }
        let flips = zip(sgd, sgd.dropFirst()).filter { $0.y * $1.y < 0 }.count
        context.text("SGD's best η is \(Format.rate(eta)): each step multiplies y by 1 − η·\(Int(bowl.b)) = \(Format.fixed(1 - eta * bowl.b, digits: 3)) and x by 1 − η = \(Format.fixed(1 - eta * bowl.a, digits: 3)).")
        context.check(Check(name: "SGD's path is the closed form (1 − η·curvature)ᵗ per coordinate", value: closedFormError, threshold: 1e-12,
                            comparison: .lessOrEqual, detail: "largest |path − closed form| over \(steps + 1) points"))
        context.check(Check(name: "SGD zig-zags: y changes sign at every step", value: Double(flips), threshold: Double(steps),
                            comparison: .equal, detail: "\(flips) sign changes of y in \(steps) steps"))
        for method in [IllConditionedQuadratic.Method.momentum, .adam] {
            let ratio = loss(.sgd, steps) / loss(method, steps)
            context.check(Check(name: "\(method.rawValue) ends ≥ \(Int(Self.quadraticGain))× lower than SGD after \(steps) steps", value: ratio,
                                threshold: Self.quadraticGain, comparison: .greaterOrEqual,
                                detail: "f: SGD \(Format.scientific(loss(.sgd, steps), digits: 2)), \(method.rawValue) \(Format.scientific(loss(method, steps), digits: 2))"))
        }
    }

    // MARK: - Bias correction

    func biasCorrection(_ context: StageContext) {
        let beta1 = 0.9, beta2 = 0.999, count = 50
        // A constant gradient g = 1: m and v start at 0 and creep up as 1 − βᵗ.
        var m = 0.0, v = 0.0, worst = 0.0
        var rows: [[String]] = []
        for t in 1...count {
            m = beta1 * m + (1 - beta1) * 1
            v = beta2 * v + (1 - beta2) * 1
            let (c1, c2) = (1 - pow(beta1, Double(t)), 1 - pow(beta2, Double(t)))
            worst = max(worst, abs(m - c1), abs(v - c2), abs(m / c1 - 1), abs(v / c2 - 1))
            if [1, 2, 3, 10, 50].contains(t) {
                rows.append(["\(t)", Format.fixed(m), Format.fixed(c1), Format.fixed(m / c1), Format.fixed(v, digits: 5), Format.fixed(c2, digits: 5), Format.fixed(v / c2)])
            }
        }
        context.table(Table(title: "A constant gradient g = 1 (so g² = 1), β₁ = \(beta1), β₂ = \(beta2)",
                            headers: ["t", "mₜ", "1 − β₁ᵗ", "m̂ₜ", "vₜ", "1 − β₂ᵗ", "v̂ₜ"], rows: rows))
        context.check(Check(name: "constant g: mₜ = (1 − β₁ᵗ)·g and vₜ = (1 − β₂ᵗ)·g², so m̂ₜ = g and v̂ₜ = g²", value: worst, threshold: 1e-12,
                            comparison: .lessOrEqual, detail: "largest error over t = 1…\(count)"))
        // Noisy gradients with mean μ: the average of mₜ over many runs is (1 − β₁ᵗ)·μ.
        let mu = 1.0, spread = 2.0, steps = 20
        var generator = Xoshiro256StarStar(seed: context.options.seed &+ 12)
        var sums = [Double](repeating: 0, count: steps), squares = sums
        var oneRun: (g: [Double], m: [Double]) = ([], [])
        for run in 0..<Self.biasRuns {
            var m = 0.0
            for t in 0..<steps {
                let g = mu + spread * Double.random(in: -1...1, using: &generator)
                m = beta1 * m + (1 - beta1) * g
                sums[t] += m
                squares[t] += m * m
                if run == 0 { oneRun.g.append(g); oneRun.m.append(m) }
            }
        }
        let runs = Double(Self.biasRuns)
        var worstZ = 0.0
        for t in 0..<steps {
            let mean = sums[t] / runs
            let standardError = ((squares[t] / runs - mean * mean) / runs).squareRoot()
            worstZ = max(worstZ, abs(mean - (1 - pow(beta1, Double(t + 1))) * mu) / standardError)
        }
        let ts = (1...steps).map(Double.init)
        context.chart(Chart(title: "Gradients g = \(Int(mu)) ± up to \(Int(spread)) (uniform noise), β₁ = \(beta1): one run, and the average of \(Self.biasRuns.formatted()) runs",
                            xLabel: "step t", yLabel: "value", series: [
                                .init(name: "g (one run)", x: ts, y: oneRun.g),
                                .init(name: "m (one run)", x: ts, y: oneRun.m),
                                .init(name: "m̂ = m/(1 − β₁ᵗ) (one run)", x: ts, y: zip(oneRun.m, ts).map { $0 / (1 - pow(beta1, $1)) }),
                                .init(name: "mean of m over runs", x: ts, y: sums.map { $0 / runs }),
                                .init(name: "(1 − β₁ᵗ)·E[g]", x: ts, y: ts.map { (1 - pow(beta1, $0)) * mu }),
                            ]))
        context.check(Check(name: "noisy g: the mean of mₜ over \(Self.biasRuns.formatted()) runs is (1 − β₁ᵗ)·E[g]", value: worstZ,
                            threshold: Self.biasStandardErrors, comparison: .lessOrEqual,
                            detail: "largest |mean − (1 − β₁ᵗ)·E[g]| over t = 1…\(steps), in standard errors of the mean"))
    }
}

extension Format {
    /// A learning rate: "0.0385", "0.71", "1e-03".
    static func rate(_ x: Double) -> String {
        x >= 0.01 ? String(format: "%g", (x * 1e4).rounded() / 1e4) : String(format: "%.0e", x)
    }
}
