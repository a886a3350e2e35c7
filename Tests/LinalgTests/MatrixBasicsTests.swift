// Matrix construction, arithmetic and reductions against hand-computed values.

import Testing
@testable import Linalg

let left = Matrix<Double>([[1, -2, 3], [4, 5, -6]])     // 2×3
let right = Matrix<Double>([[0.5, 1, -1], [2, 0, 3]])   // 2×3

@Test("construction: nested rows, closure, identity, row and column vectors")
func construction() {
    #expect(left.rows == 2 && left.columns == 3)
    #expect(left.elements == [1, -2, 3, 4, 5, -6])
    #expect(left[1, 2] == -6)
    #expect(Matrix<Double>(rows: 2, columns: 2) { r, c in Double(10 * r + c) }.elements == [0, 1, 10, 11])
    #expect(Matrix<Float>.identity(3).elements == [1, 0, 0, 0, 1, 0, 0, 0, 1])
    #expect(Matrix<Double>(column: [1, 2]).shapeDescription == "2×1")
    #expect(Matrix<Double>(row: [1, 2]).shapeDescription == "1×2")
}

@Test("elementwise +, −, scale, +=, −=, Hadamard and map")
func elementwiseArithmetic() {
    #expect((left + right).elements == [1.5, -1, 2, 6, 5, -3])
    #expect((left - right).elements == [0.5, -3, 4, 2, 5, -9])
    #expect((2 * left).elements == [2, -4, 6, 8, 10, -12])
    #expect(left.hadamard(right).elements == [0.5, -2, -3, 8, 0, -18])
    #expect(left.map { $0 * $0 }.elements == [1, 4, 9, 16, 25, 36])
    var accumulator = left
    accumulator += right
    #expect(accumulator.elements == [1.5, -1, 2, 6, 5, -3])
    accumulator -= right
    #expect(accumulator == left)
}

@Test("reductions: sums over rows and columns, total, largest magnitude, argmax per row")
func reductions() {
    #expect(left.sumOfRows() == Matrix([[5, 3, -3]]))          // 1+4, −2+5, 3−6
    #expect(left.sumOfColumns() == Matrix(column: [2, 3]))     // 1−2+3, 4+5−6
    #expect(left.sum() == 5)
    #expect(left.maxAbs() == 6)
    #expect(Matrix<Double>([[1, .nan, -3]]).maxAbs().isNaN)   // a NaN is never skipped
    #expect(Matrix<Double>([[.nan, 1]]).maxAbs().isNaN)
    #expect(Matrix<Float>(rows: 0, columns: 3).maxAbs() == 0)
    #expect(left.argmaxOfRows() == [2, 1])
    #expect(Matrix<Double>([[7, 7, 1]]).argmaxOfRows() == [0])   // ties: the first
}

@Test("bias helpers: adding a row vector, in place and not, and column sums into a buffer")
func rowVectorHelpers() {
    let bias = Matrix<Double>(row: [10, 20, 30])
    let expected = Matrix<Double>([[11, 18, 33], [14, 25, 24]])
    #expect(left.addingRowVector(bias) == expected)
    var inPlace = left
    inPlace.addRowVectorInPlace(bias)
    #expect(inPlace == expected)
    var sums = Matrix<Double>(row: [100, 100, 100])
    left.sumOfRows(into: &sums, accumulate: true)
    #expect(sums.elements == [105, 103, 97])
    left.sumOfRows(into: &sums)
    #expect(sums.elements == [5, 3, -3])
}

@Test("transposed, row(_:), rows(_:) and conversion between Float and Double")
func reshaping() {
    #expect(left.transposed() == Matrix([[1, 4], [-2, 5], [3, -6]]))
    #expect(left.row(1) == [4, 5, -6])
    let three = Matrix<Double>([[1, 2], [3, 4], [5, 6]])
    #expect(three.rows(1..<3) == Matrix([[3, 4], [5, 6]]))
    #expect(three.rows(0..<0).shapeDescription == "0×2")
    #expect(left.converted(to: Float.self).elements == [1, -2, 3, 4, 5, -6])
}

@Test("matrix products by hand: 2×3 · 3×2 in all three layouts, and accumulate")
func productsByHand() {
    let a = Matrix<Float>([[1, 2, 3], [4, 5, 6]])
    let b = Matrix<Float>([[7, 8], [9, 10], [11, 12]])
    // 1·7+2·9+3·11 = 58, 1·8+2·10+3·12 = 64, 4·7+5·9+6·11 = 139, 4·8+5·10+6·12 = 154
    let product = Matrix<Float>([[58, 64], [139, 154]])
    #expect(a.multiplied(by: b) == product)
    // Aᵀ·B with A stored 3×2 (the transpose written out by hand), A·Bᵀ with B stored 2×3.
    #expect(Matrix<Float>([[1, 4], [2, 5], [3, 6]]).multiplied(by: b, layout: .transposeA) == product)
    #expect(a.multiplied(by: Matrix([[7, 9, 11], [8, 10, 12]]), layout: .transposeB) == product)
    var c = Matrix<Float>([[1, 1], [1, 1]])
    Matmul.multiply(a, b, into: &c, accumulate: true)
    #expect(c == Matrix([[59, 65], [140, 155]]))
}

@Test("CPU feature parsing reads the model name and the vector flags of /proc/cpuinfo text")
func cpuInfoParsing() {
    let text = """
    processor\t: 0
    model name\t: Example CPU 9000
    flags\t\t: fpu sse2 avx avx2 fma avx512f avx512bw
    processor\t: 1
    model name\t: Example CPU 9000
    """
    let features = CPUFeatures.parse(procCPUInfo: text, logicalCores: 2)
    #expect(features.model == "Example CPU 9000")
    #expect(features.flags == ["avx2", "fma", "avx512f"])
    #expect(CPUFeatures.parse(procCPUInfo: "", logicalCores: 1).model == "unknown")
}

@Test("GFLOP/s counts 2·M·N·K flops; the median of timings is the middle one")
func benchmarkArithmetic() {
    #expect(Stopwatch.matmulGigaflops(m: 1000, n: 1000, k: 1000, seconds: 2) == 1)
    var calls = 0
    _ = Stopwatch.medianSeconds(runs: 3, warmups: 2) { calls += 1 }
    #expect(calls == 5)
}

@Test("the benchmark covers 256×784·784×256 in every layout and the training shapes; 1024³ only when not quick")
func benchmarkShapes() {
    let quick = MatmulBenchmark.shapes(quick: true)
    #expect(quick.contains { $0.m == 256 && $0.k == 784 && $0.n == 256 && $0.layouts == MatmulLayout.allCases })
    #expect(quick.contains { $0.m == 64 && $0.k == 784 && $0.n == 250 })
    #expect(quick.contains { $0.m == 128 && $0.k == 784 && $0.n == 250 })
    #expect(!quick.contains { $0.m == 1024 })
    #expect(MatmulBenchmark.shapes(quick: false).contains { $0.m == 1024 && $0.k == 1024 && $0.n == 1024 })
}
