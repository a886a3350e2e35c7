// Lesson 7: naive vs vectorised. The same gradients by per-element loops, by matrix form
// (Network<Double>, Network<Float>), and the matrix multiply underneath by every kernel
// variant: timings, GFLOP/s, speed-ups, and proof that they all compute the same numbers.
// Shapes: N batch, D inputs, H hidden, K outputs (gradients); M×K · K×N → M×N (matmul).
import Exercises
import Foundation
import LessonEngine
import Linalg
import NeuralNet

/// The reference code of lesson 7.
public enum NaiveVsVectorised {
    // region median-timing
    /// Runs `body` once to warm up, then `runs` more times (fewer if one run is slow, so a
    /// debug build stays bearable), and returns the median time in seconds: the median
    /// ignores the occasional run slowed down by another process on this shared machine.
    static func medianSeconds(runs: Int, budgetSeconds: Double = 1, _ body: () -> Void) -> Double {
        let first = measureSeconds(body)
        let affordable = first > 0 ? Int(budgetSeconds / first) : runs
        let count = max(1, min(runs, affordable))
        var times = (0..<count).map { _ in measureSeconds(body) }
        times.sort()
        return times[times.count / 2]
    }
    // endregion

    /// "42%": `gigaflops` as a share of `threads` cores at `peakGigaflops` each ("—" if no peak).
    static func percentOfPeak(gigaflops: Double, threads: Int, peakGigaflops: Double) -> String {
        guard peakGigaflops > 0 else { return "—" }
        return Format.fixed(100 * gigaflops / (Double(threads) * peakGigaflops), digits: 0) + "%"
    }

    /// 2·M·K·N floating-point operations (one multiply and one add per term) per second, in GFLOP/s.
    static func gigaflops(m: Int, k: Int, n: Int, seconds: Double) -> Double {
        2 * Double(m) * Double(k) * Double(n) / seconds / 1e9
    }

    // region multiply-reference
    /// C = A·B in i-k-j order: the inner loop walks a row of B and a row of C, both
    /// contiguous, so every load uses a whole cache line and the compiler can vectorise it.
    public static func multiply(_ a: Matrix<Float>, _ b: Matrix<Float>) -> Matrix<Float> {
        precondition(a.columns == b.rows, "multiply: A is \(a.shapeDescription), B is \(b.shapeDescription)")
        let m = a.rows, k = a.columns, n = b.columns
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for p in 0..<k {
                let aip = a.elements[i * k + p]
                for j in 0..<n { c[i * n + j] += aip * b.elements[p * n + j] }
            }
        }
        return Matrix(rows: m, columns: n, elements: c)
    }
    // endregion

    // region agreement-bound
    /// The classic bound for a computed dot product of length K with unit roundoff u:
    /// |fl(Σ a_k b_k) − Σ a_k b_k| ≤ γ_K · Σ |a_k b_k|, γ_K = K·u / (1 − K·u). Any summation
    /// order satisfies it, so every correct kernel must; a wrong index or a missed term breaks
    /// it by orders of magnitude. Returns max over C's entries of |C − exact| / (γ_K Σ |a||b|)
    /// — at most 1 for a correct kernel.
    static func worstBoundRatio(_ c: Matrix<Float>, exact: Matrix<Double>, absoluteProducts: Matrix<Double>, k: Int) -> Double {
        let unitRoundoff = Double(Float.ulpOfOne) / 2
        let gamma = Double(k) * unitRoundoff / (1 - Double(k) * unitRoundoff)
        var worst = 0.0
        for index in 0..<c.count {
            let error = abs(Double(c.elements[index]) - exact.elements[index])
            let bound = gamma * absoluteProducts.elements[index]
            let ratio = bound > 0 ? error / bound : (error == 0 ? 0 : .infinity)
            worst = max(worst, ratio.isNaN ? .infinity : ratio)
        }
        return worst
    }
    // endregion
}

/// Stage `naiveVsVectorised`: gradient timings, matmul timings, agreement of every variant.
public final class NaiveVsVectorisedStage: Stage {
    public let steps = ["gradients", "matmul", "your-matmul", "agreement"]
    public typealias MultiplyFunction = (Matrix<Float>, Matrix<Float>) -> Matrix<Float>
    /// What the learner's runs use: their exercise by default; tests may inject another.
    public var exerciseMultiply: MultiplyFunction = ExerciseMatmul.multiply
    public init() {}

    public func run(step: String, context: StageContext) throws {
        switch step {
        case "gradients": gradients(context: context)
        case "matmul": matmul(context: context)
        case "agreement": agreement(context: context)
        case "your-matmul": yourMatmul(context: context)
        default: throw StageError.unknownStep(stage: "naiveVsVectorised", step: step, known: steps)
        }
    }

    private func warnIfDebug(_ context: StageContext) {
        #if DEBUG
        context.text("**Warning: this is a debug build.** Debug code is 10-100× slower and the slow-down is not the same for every variant, so these timings say little. Run `swift run -c release backprop run 7` for numbers that mean something.")
        #endif
    }

    private func gradients(context: StageContext) {
        warnIfDebug(context)
        let quick = context.options.quick
        let (n, d, h, k) = quick ? (16, 64, 32, 10) : (64, 784, 128, 10)
        var generator = Xoshiro256StarStar(seed: context.options.seed)
        let perElement = PerElementNetwork(inputCount: d, hiddenCount: h, outputCount: k, using: &generator)
        let inputs = (0..<n).map { _ in (0..<d).map { _ in generator.nextUniform() } }
        let targets = (0..<n).map { _ in (0..<k).map { _ in generator.nextUniform() } }
        let doubleNetwork = Network<Double>(copying: perElement)
        let floatNetwork: Network<Float> = doubleNetwork.converted()
        let x = Matrix(inputs), y = Matrix(targets)
        let xFloat: Matrix<Float> = x.converted(), yFloat: Matrix<Float> = y.converted()

        var loops = PerElementGradients(zeroLike: perElement)
        let runs = quick ? 3 : 7
        let loopTime = NaiveVsVectorised.medianSeconds(runs: runs) { loops = perElement.gradients(inputs: inputs, targets: targets) }
        let doubleTime = NaiveVsVectorised.medianSeconds(runs: runs) { doubleNetwork.lossAndGradients(input: x, targets: y) }
        let floatTime = NaiveVsVectorised.medianSeconds(runs: runs) { floatNetwork.lossAndGradients(input: xFloat, targets: yFloat) }
        func row(_ name: String, _ seconds: Double) -> [String] {
            [name, Format.duration(seconds), Format.fixed(Double(n) / seconds, digits: 0), Format.ratio(loopTime / seconds)]
        }
        context.table(Table(title: "Gradients of a \(d)-\(h)-\(k) sigmoid network (MSE) on a batch of \(n): median of up to \(runs) runs",
                            headers: ["implementation", "time per batch", "samples/s", "speed-up vs loops"],
                            rows: [row("per-element loops (lesson 2), Double", loopTime),
                                   row("matrix form, Network<Double>", doubleTime),
                                   row("matrix form, Network<Float>", floatTime)],
                            rightAligned: [false, true, true, true]))

        // Same numbers? Double matrix form vs loops: rounding only. Float vs Double: Float's
        // ε = 1.2e-7 over sums of up to D terms; relative to the largest gradient, 1e-4 is a
        // generous bound (D·ε ≈ 1e-4 at D = 784) that a wrong formula exceeds by far.
        let loopsMatrices = [Matrix(loops.hiddenWeights), Matrix(row: loops.hiddenBiases), Matrix(loops.outputWeights), Matrix(row: loops.outputBiases)]
        let doubleGradients = doubleNetwork.namedGradients.map(\.value)
        let floatGradients: [Matrix<Double>] = floatNetwork.namedGradients.map { $0.value.converted() }
        let scale = loopsMatrices.map { $0.maxAbs() }.max() ?? 1
        let doubleDifference = zip(doubleGradients, loopsMatrices).map { ($0 - $1).maxAbs() }.max() ?? 0
        let floatDifference = zip(floatGradients, loopsMatrices).map { ($0 - $1).maxAbs() }.max() ?? 0
        context.check(Check(name: "Network<Double> gradients vs per-element loops: max |difference|",
                            value: doubleDifference, threshold: 1e-12, comparison: .lessOrEqual,
                            detail: "largest gradient \(Format.scientific(scale)); the same sums in a different order differ by rounding only"))
        context.check(Check(name: "Network<Float> gradients vs the loops: max |difference| / largest gradient",
                            value: floatDifference / scale, threshold: 1e-4, comparison: .lessOrEqual,
                            detail: "Float keeps about 7 digits; sums of up to \(d) terms lose a few more"))
    }

    private func matmul(context: StageContext) {
        warnIfDebug(context)
        let quick = context.options.quick
        let (m, k, n) = quick ? (32, 64, 48) : (256, 784, 256)
        var generator = Xoshiro256StarStar(seed: context.options.seed &+ 7)
        let a: Matrix<Float> = SampleData.uniformMatrix(rows: m, columns: k, using: &generator).converted()
        let b: Matrix<Float> = SampleData.uniformMatrix(rows: k, columns: n, using: &generator).converted()
        var c = Matrix<Float>(rows: m, columns: n)
        // The ceiling: one core running nothing but independent fused multiply-adds on the
        // widest vectors it has (16 Floats with AVX-512, else 8), the best of 51 short runs.
        // Not in a debug build: the loop is compiled unoptimised there and measures nothing useful.
        let peakLanes = PeakFlops.lanes()
        let peak = BuildInfo.isDebugBuild ? 0 : PeakFlops.measureSingleCoreGigaflops(iterations: quick ? 2_000 : 200_000, lanes: peakLanes)
        var rows: [[String]] = []
        var naiveTime: Double?
        for variant in MatmulVariant.allCases {
            let seconds = NaiveVsVectorised.medianSeconds(runs: quick ? 3 : 7) {
                Matmul.multiply(a, b, layout: .normal, into: &c, variant: variant)
            }
            if variant == .naive { naiveTime = seconds }
            let rate = NaiveVsVectorised.gigaflops(m: m, k: k, n: n, seconds: seconds)
            let threads = Matmul.threadsUsed(by: variant, m: m, n: n, k: k)
            rows.append([variant.rawValue, Format.duration(seconds), Format.fixed(rate, digits: 2),
                         naiveTime.map { Format.ratio($0 / seconds) } ?? "—", "\(threads)",
                         NaiveVsVectorised.percentOfPeak(gigaflops: rate, threads: threads, peakGigaflops: peak)])
        }
        context.table(Table(title: "C = A·B in Float, \(m)×\(k) · \(k)×\(n) (2·M·K·N = \(Format.scientific(2 * Double(m * k * n), digits: 2)) operations): median of up to \(quick ? 3 : 7) runs",
                            headers: ["kernel", "time", "GFLOP/s", "speed-up vs naive", "cores", "% of peak"], rows: rows,
                            rightAligned: [false, true, true, true, true, true]))
        if peak == 0 {
            context.text("No peak in a debug build (`% of peak` shows —): the fused multiply-add loop that measures it is compiled without optimisation there. `swift run -c release backprop run 7` measures it.")
            return
        }
        context.text("Peak of one core on this machine: **\(Format.fixed(peak, digits: 1)) GFLOP/s**, measured just now by a loop of nothing but independent fused multiply-adds on SIMD\(peakLanes)<Float> vectors (\(peakLanes == 16 ? "AVX-512, the widest this CPU has" : "the widest this code uses here")). No matrix multiply can beat that loop: it never waits for memory. "
                     + "% of peak = GFLOP/s ÷ (cores × peak), so a kernel running on two cores is compared with two cores' peak. GFLOP/s = 2·M·K·N / time / 10⁹; `backprop bench` runs larger, training-sized shapes.")
    }

    /// The learner's kernel: correct within the rounding bound on ragged shapes, then timed
    /// beside the naive loop and the library's fastest kernel.
    private func yourMatmul(context: StageContext) {
        let mine = context.options.mine
        let multiply: MultiplyFunction = mine ? exerciseMultiply : NaiveVsVectorised.multiply
        let who = mine ? "your `ExerciseMatmul.multiply`" : "the reference `multiply` (i-k-j)"
        var generator = Xoshiro256StarStar(seed: context.options.seed &+ 9)
        // Correctness first, on ragged shapes.
        let (m, k, n) = (37, 53, 29)
        let a: Matrix<Float> = SampleData.uniformMatrix(rows: m, columns: k, using: &generator).converted()
        let b: Matrix<Float> = SampleData.uniformMatrix(rows: k, columns: n, using: &generator).converted()
        let aExact: Matrix<Double> = a.converted(), bExact: Matrix<Double> = b.converted()
        var exact = Matrix<Double>(rows: m, columns: n)
        Matmul.naive(aExact, bExact, layout: .normal, into: &exact, accumulate: false)
        var absoluteProducts = Matrix<Double>(rows: m, columns: n)
        Matmul.naive(aExact.map(abs), bExact.map(abs), layout: .normal, into: &absoluteProducts, accumulate: false)
        let c = multiply(a, b)
        guard c.rows == m && c.columns == n else {
            context.check(Check(name: "\(who): C has A's rows and B's columns", holds: false,
                                detail: "your C is \(c.shapeDescription), expected \(m)×\(n) (M×N) for A \(m)×\(k) · B \(k)×\(n)"))
            return
        }
        let ratio = NaiveVsVectorised.worstBoundRatio(c, exact: exact, absoluteProducts: absoluteProducts, k: k)
        context.check(Check(name: "\(who) within the Float rounding bound (error / bound)", value: ratio, threshold: 1,
                            comparison: .lessOrEqual,
                            detail: ratio <= 1 ? "\(m)×\(k) · \(k)×\(n), ragged on purpose; bound γ_K Σ|a||b|" : Self.matmulDiagnosis(c, exact: exact)))
        guard ratio <= 1 else { return }
        // Then speed, on the matmul step's shape.
        warnIfDebug(context)
        let quick = context.options.quick
        let (tm, tk, tn) = quick ? (32, 64, 48) : (256, 784, 256)
        let ta: Matrix<Float> = SampleData.uniformMatrix(rows: tm, columns: tk, using: &generator).converted()
        let tb: Matrix<Float> = SampleData.uniformMatrix(rows: tk, columns: tn, using: &generator).converted()
        var out = Matrix<Float>(rows: tm, columns: tn)
        let runs = quick ? 3 : 7
        let naive = NaiveVsVectorised.medianSeconds(runs: runs) { Matmul.multiply(ta, tb, layout: .normal, into: &out, variant: .naive) }
        let yours = NaiveVsVectorised.medianSeconds(runs: runs) { out = multiply(ta, tb) }
        let fastestVariant = MatmulVariant.fastest(m: tm, n: tn, k: tk)
        let fastest = NaiveVsVectorised.medianSeconds(runs: runs) { Matmul.multiply(ta, tb, layout: .normal, into: &out, variant: fastestVariant) }
        let rows: [[String]] = [("naive (library)", naive), (mine ? "yours" : "reference i-k-j", yours), ("\(fastestVariant.rawValue) (library's fastest)", fastest)].map { name, seconds in
            [name, Format.duration(seconds), Format.fixed(NaiveVsVectorised.gigaflops(m: tm, k: tk, n: tn, seconds: seconds), digits: 2), Format.ratio(naive / seconds)]
        }
        context.table(Table(title: "\(tm)×\(tk) · \(tk)×\(tn) in Float: median of up to \(runs) runs",
                            headers: ["kernel", "time", "GFLOP/s", "speed-up vs naive"], rows: rows, rightAligned: [false, true, true, true]))
        context.text(naive / yours > 1 ? "Faster than the naive loop by \(Format.ratio(naive / yours)); the library's fastest is \(Format.ratio(yours / fastest)) faster still."
                                       : "Not faster than the naive loop yet (\(Format.ratio(naive / yours))). Correct, though: now change the loop order so the inner loop walks rows (`backprop hint 7`).")
    }

    /// One line on what kind of mistake a wrong C shows (never the formula).
    static func matmulDiagnosis(_ c: Matrix<Float>, exact: Matrix<Double>) -> String {
        let tensor = TensorUnderTest(name: "C", labels: TensorLabels(shape: "M×N", rows: TensorAxis("row of A", "M"), columns: TensorAxis("column of B", "N")),
                                     actual: c.converted(), expected: exact)
        if let line = TensorDiagnosis.diagnose(tensor) { return line }
        var wrongRows = Set<Int>(), wrongColumns = Set<Int>(), wrong = 0
        for r in 0..<c.rows {
            for col in 0..<c.columns where abs(Double(c[r, col]) - exact[r, col]) > 1e-3 * max(1, abs(exact[r, col])) {
                wrongRows.insert(r); wrongColumns.insert(col); wrong += 1
            }
        }
        if wrongRows.count == 1 { return "C is right except row \(wrongRows.first!): look at the bounds of the loop over A's rows" }
        if wrongColumns.count == 1 { return "C is right except column \(wrongColumns.first!): look at the bounds of the loop over B's columns" }
        let ratios = (0..<c.count).compactMap { exact.elements[$0] != 0 ? Double(c.elements[$0]) / exact.elements[$0] : nil }
        if let first = ratios.first, ratios.allSatisfy({ abs($0 - first) < 1e-3 * abs(first) }) {
            return "every entry is \(Format.fixed(first, digits: 3)) × the right value: a term counted too often or too rarely"
        }
        return "\(wrong) of \(c.count) entries are wrong: each C[i, j] must sum A[i, p]·B[p, j] over every p, once (check the indices into the flat arrays)"
    }

    private func agreement(context: StageContext) {
        // Ragged shapes (not multiples of any tile or vector width) exercise every kernel's edge code.
        let (m, k, n) = context.options.quick ? (37, 53, 29) : (67, 131, 45)
        var generator = Xoshiro256StarStar(seed: context.options.seed &+ 8)
        var rows: [[String]] = []
        var worst = 0.0
        for layout in MatmulLayout.allCases {
            let aShape = layout == .transposeA ? (k, m) : (m, k)
            let bShape = layout == .transposeB ? (n, k) : (k, n)
            let aDouble = SampleData.uniformMatrix(rows: aShape.0, columns: aShape.1, using: &generator)
            let bDouble = SampleData.uniformMatrix(rows: bShape.0, columns: bShape.1, using: &generator)
            let a: Matrix<Float> = aDouble.converted(), b: Matrix<Float> = bDouble.converted()
            // Exact reference: the Float inputs, multiplied in Double (53-bit products of 24-bit
            // numbers are exact; the Double sum's own error is ~1e-9 of the Float bound).
            let aExact: Matrix<Double> = a.converted(), bExact: Matrix<Double> = b.converted()
            var exact = Matrix<Double>(rows: m, columns: n)
            Matmul.naive(aExact, bExact, layout: layout, into: &exact, accumulate: false)
            var absoluteProducts = Matrix<Double>(rows: m, columns: n)
            Matmul.naive(aExact.map(abs), bExact.map(abs), layout: layout, into: &absoluteProducts, accumulate: false)
            for variant in MatmulVariant.allCases {
                var c = Matrix<Float>(rows: m, columns: n, repeating: .nan)
                Matmul.multiply(a, b, layout: layout, into: &c, variant: variant)
                let ratio = NaiveVsVectorised.worstBoundRatio(c, exact: exact, absoluteProducts: absoluteProducts, k: k)
                worst = max(worst, ratio)
                rows.append([variant.rawValue, layout.rawValue, Format.scientific(ratio, digits: 2), ratio <= 1 ? "yes" : "NO"])
            }
        }
        context.table(Table(title: "Every kernel and layout, \(m)×\(k) · \(k)×\(n) in Float: worst |C − exact| as a fraction of the rounding bound γ_K Σ|a||b|",
                            headers: ["kernel", "layout", "worst error / bound", "within bound"], rows: rows,
                            rightAligned: [false, false, true, false]))
        context.check(Check(name: "every matmul variant within the Float rounding bound (error / bound)",
                            value: worst, threshold: 1, comparison: .lessOrEqual,
                            detail: "\(MatmulVariant.allCases.count) variants × \(MatmulLayout.allCases.count) layouts; bound γ_K Σ|a||b| with K = \(k), γ_K = K·u/(1 − K·u), u = 2⁻²⁴"))
    }
}
