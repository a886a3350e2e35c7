// Lesson 12: a 2-D ill-conditioned quadratic bowl, and the paths SGD, momentum and Adam take
// across it. Shapes: a point θ = (x, y); every path is steps + 1 points, the start first.
import Foundation

/// f(x, y) = ½·(a·x² + b·y²) with b ≫ a: a long, narrow valley along x.
/// ```
/// ∇f = (a·x, b·y)        curvatures a (shallow) and b (steep); condition number κ = b/a
/// ```
struct IllConditionedQuadratic {
    var a = 1.0
    var b = 100.0
    var start = (x: -4.0, y: 1.0)

    func value(_ x: Double, _ y: Double) -> Double { 0.5 * (a * x * x + b * y * y) }
    func gradient(_ x: Double, _ y: Double) -> [Double] { [a * x, b * y] }

    /// The optimisers the lesson draws, in the order of the chart's legend.
    enum Method: String, CaseIterable {
        case sgd = "SGD", momentum = "momentum", adam = "Adam"
    }

    /// β (momentum) and β₁, β₂, ε (Adam): the usual defaults, the same as lesson 10's Adam.
    static let beta = 0.9, beta2 = 0.999, epsilon = 1e-8

    /// The path of `steps` steps of `method` with learning rate `eta` from `start`.
    func path(_ method: Method, learningRate eta: Double, steps: Int) -> [(x: Double, y: Double)] {
        var theta = [start.x, start.y]
        var m = [0.0, 0.0], v = [0.0, 0.0]
        var path = [start]
        for t in 1...max(1, steps) {
            let g = gradient(theta[0], theta[1])
            switch method {
            case .sgd:
                for i in 0..<2 { theta[i] -= eta * g[i] }
            case .momentum:
                Optimisers.momentumStep(parameter: &theta, gradient: g, momentum: &m, learningRate: eta, beta: Self.beta)
            case .adam:
                // The same formulas as `Optimisers.step`, in Double.
                let c1 = 1 - pow(Self.beta, Double(t)), c2 = 1 - pow(Self.beta2, Double(t))
                for i in 0..<2 {
                    m[i] = Self.beta * m[i] + (1 - Self.beta) * g[i]
                    v[i] = Self.beta2 * v[i] + (1 - Self.beta2) * g[i] * g[i]
                    theta[i] -= eta * (m[i] / c1) / ((v[i] / c2).squareRoot() + Self.epsilon)
                }
            }
            path.append((theta[0], theta[1]))
        }
        return path
    }

    /// The learning rate from `grid` whose path has the lowest mean of ln f over steps 1…`steps`
    /// (progress on average along the run, not a lucky last step; ties: the smaller η).
    func bestLearningRate(_ method: Method, steps: Int, grid: [Double]) -> Double {
        var best = (eta: grid[0], score: Double.infinity)
        for eta in grid {
            let score = path(method, learningRate: eta, steps: steps).dropFirst()
                .reduce(0.0) { $0 + log(value($1.x, $1.y)) } / Double(steps)
            if score.isFinite && score < best.score { best = (eta, score) }
        }
        return best.eta
    }

    /// Contour lines f = level for each level, as one list of points with a NaN point
    /// between ellipses and wherever a line leaves the box (so charts draw no bridges).
    func contours(levels: [Double], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                  pointsPerLine: Int = 120) -> (x: [Double], y: [Double]) {
        var xs: [Double] = [], ys: [Double] = []
        for level in levels {
            // f = c on the ellipse x = √(2c/a)·cos φ, y = √(2c/b)·sin φ.
            let rx = (2 * level / a).squareRoot(), ry = (2 * level / b).squareRoot()
            for k in 0...pointsPerLine {
                let phi = 2 * Double.pi * Double(k) / Double(pointsPerLine)
                let x = rx * cos(phi), y = ry * sin(phi)
                let inside = xRange.contains(x) && yRange.contains(y)
                xs.append(inside ? x : .nan)
                ys.append(inside ? y : .nan)
            }
            xs.append(.nan)
            ys.append(.nan)
        }
        return (xs, ys)
    }
}
