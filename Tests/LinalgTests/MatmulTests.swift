// Every matmul variant against an independent reference. Shapes: op(A) is M×K, op(B) is K×N.

import Testing
@testable import Linalg

/// (M, K, N) shapes: tiny, ragged, around the SIMD tile edges (MR = 6/8, NR = 16/32 Float,
/// 8/16 Double: 1, 7, 15, 16, 17, 31, 33), around block edges (KC = 256 blocked, ≤ 288 SIMD:
/// 255, 257; K = 600 spans three depth blocks), and three
/// above `Matmul.threadingThreshold` (2^18) so the threaded variant really splits
/// (rows, then columns, then rows of a product only 10 columns wide, like a last layer's).
let matmulShapes: [(m: Int, k: Int, n: Int)] = [
    (1, 1, 1), (3, 5, 7), (1, 7, 1), (7, 1, 15), (16, 17, 16), (17, 16, 31), (31, 33, 17),
    (15, 257, 33), (33, 255, 7), (65, 129, 33), (257, 3, 1), (1, 31, 257), (9, 600, 17),
    (130, 125, 66), (66, 128, 130), (129, 250, 10),
]

/// Worst-case rounding bound for one dot product of length K (Higham, Accuracy and Stability
/// of Numerical Algorithms, §3.1): |computed − exact| ≤ γ_K · Σ|a_p·b_p|, γ_K ≈ K·u, for any
/// summation order and with or without FMA. The variant and the Double reference each err by
/// at most that, plus one rounding for the accumulate add: (K + 2)·2u = (K + 2)·ε in total.
func matmulTolerance<S: Real>(k: Int, magnitude: Double, accumulated: Double, _: S.Type) -> Double {
    Double(k + 2) * Double(S.ulpOfOne) * (magnitude + Swift.abs(accumulated))
}

/// A random stored matrix with entries in [-1, 1].
func randomMatrix<S: Real>(_ rows: Int, _ columns: Int, using generator: inout SplitMix64) -> Matrix<S> {
    Matrix<S>(rows: rows, columns: columns) { _, _ in S(Double.random(in: -1...1, using: &generator)) }
}

/// Runs every variant on one shape, layout and accumulate flag, and compares each against a
/// Double triple loop written here, independent of `Matmul`. Returns the variants with any
/// element outside the tolerance.
func failingVariants<S: Real>(_ type: S.Type, m: Int, k: Int, n: Int, layout: MatmulLayout,
                              accumulate: Bool, seed: UInt64) -> [MatmulVariant] {
    var generator = SplitMix64(seed: seed)
    let a: Matrix<S> = layout.transposesA ? randomMatrix(k, m, using: &generator) : randomMatrix(m, k, using: &generator)
    let b: Matrix<S> = layout.transposesB ? randomMatrix(n, k, using: &generator) : randomMatrix(k, n, using: &generator)
    let start: Matrix<S> = randomMatrix(m, n, using: &generator)
    // Reference C and, per element, the tolerance bound.
    var expected = [Double](repeating: 0, count: m * n), allowed = [Double](repeating: 0, count: m * n)
    let aValues = a.elements.map { Double($0) }, bValues = b.elements.map { Double($0) }
    for i in 0..<m {
        for j in 0..<n {
            var exact = 0.0, magnitude = 0.0
            for p in 0..<k {
                let x = layout.transposesA ? aValues[p * m + i] : aValues[i * k + p]
                let y = layout.transposesB ? bValues[j * k + p] : bValues[p * n + j]
                exact += x * y
                magnitude += (x * y).magnitude
            }
            let initial = accumulate ? Double(start.elements[i * n + j]) : 0
            expected[i * n + j] = initial + exact
            allowed[i * n + j] = matmulTolerance(k: k, magnitude: magnitude, accumulated: initial, S.self)
        }
    }
    return MatmulVariant.allCases.filter { variant in
        var c = start
        Matmul.multiply(a, b, layout: layout, into: &c, accumulate: accumulate, variant: variant)
        return (0..<(m * n)).contains { !(Swift.abs(Double(c.elements[$0]) - expected[$0]) <= allowed[$0]) }
    }
}

/// The big (threaded-split) shapes run each layout once, alternating accumulate, to keep the
/// debug-build test time low; the small ones run every combination.
func matmulCases() -> [(shape: (m: Int, k: Int, n: Int), layout: MatmulLayout, accumulate: Bool)] {
    var cases: [(shape: (m: Int, k: Int, n: Int), layout: MatmulLayout, accumulate: Bool)] = []
    for shape in matmulShapes {
        let big = shape.m * shape.n * shape.k >= Matmul.threadingThreshold
        for (index, layout) in MatmulLayout.allCases.enumerated() {
            for accumulate in [false, true] where !big || accumulate == (index % 2 == 1) {
                cases.append((shape, layout, accumulate))
            }
        }
    }
    return cases
}

@Test("every Float matmul variant matches the reference on ragged shapes, all layouts, accumulate on and off")
func floatVariantsMatchReference() {
    for (index, testCase) in matmulCases().enumerated() {
        let failing = failingVariants(Float.self, m: testCase.shape.m, k: testCase.shape.k, n: testCase.shape.n,
                                      layout: testCase.layout, accumulate: testCase.accumulate, seed: UInt64(index))
        #expect(failing.isEmpty, "\(failing) \(testCase.layout.rawValue) \(testCase.shape) accumulate=\(testCase.accumulate)")
    }
}

@Test("every Double matmul variant matches the reference on ragged shapes, all layouts, accumulate on and off")
func doubleVariantsMatchReference() {
    for (index, testCase) in matmulCases().enumerated() {
        let failing = failingVariants(Double.self, m: testCase.shape.m, k: testCase.shape.k, n: testCase.shape.n,
                                      layout: testCase.layout, accumulate: testCase.accumulate, seed: UInt64(500 + index))
        #expect(failing.isEmpty, "\(failing) \(testCase.layout.rawValue) \(testCase.shape) accumulate=\(testCase.accumulate)")
    }
}

@Test("both SIMD register tiles (wide 8×2W and narrow 6×2W) match the reference, whichever the CPU picks")
func bothTileShapesMatchReference() {
    var generator = SplitMix64(seed: 7)
    for (m, k, n) in [(17, 33, 40), (9, 300, 65)] {
        let a: Matrix<Float> = randomMatrix(m, k, using: &generator)
        let b: Matrix<Float> = randomMatrix(k, n, using: &generator)
        let expected = a.multiplied(by: b)   // checked against the reference above
        for tileRows in [8, 6] {
            var c = Matrix<Float>(rows: m, columns: n)
            a.elements.withUnsafeBufferPointer { ap in
                b.elements.withUnsafeBufferPointer { bp in
                    c.elements.withUnsafeMutableBufferPointer { cp in
                        let problem = MatmulProblem(m: m, n: n, k: k, a: ap.baseAddress!, lda: k, b: bp.baseAddress!, ldb: n,
                                                    c: cp.baseAddress!, ldc: n, transposeA: false, transposeB: false,
                                                    accumulate: false)
                        if tileRows == 8 { problem.runSIMD(vector: SIMD16<Float>.self, tileRows: 8) }
                        else { problem.runSIMD(vector: SIMD8<Float>.self, tileRows: 6) }
                    }
                }
            }
            let worst = zip(c.elements, expected.elements).map { Swift.abs($0 - $1) }.max() ?? 0
            #expect(worst <= Float(k + 2) * Float.ulpOfOne * Float(k), "tileRows \(tileRows) \(m)×\(k)·\(k)×\(n)")
        }
    }
}

@Test("the raw-pointer entry point honours leading dimensions wider than the matrix (submatrix views)",
      arguments: MatmulLayout.allCases)
func pointerEntryRespectsStrides(layout: MatmulLayout) {
    // op(A) 2×3, op(B) 3×2, each stored inside a wider buffer padded with 99s that must be ignored.
    let opA: [[Double]] = [[1, 2, 3], [4, 5, 6]]
    let opB: [[Double]] = [[7, 8], [9, 10], [11, 12]]
    let storedA = layout.transposesA ? Matrix(opA).transposed() : Matrix(opA)
    let storedB = layout.transposesB ? Matrix(opB).transposed() : Matrix(opB)
    func padded(_ x: Matrix<Double>, by extra: Int) -> [Double] {
        (0..<x.rows).flatMap { x.row($0) + Array(repeating: 99, count: extra) }
    }
    let a = padded(storedA, by: 2), b = padded(storedB, by: 3)
    for variant in MatmulVariant.allCases {
        var c = [Double](repeating: -1, count: 2 * 4)   // C 2×2 inside a 2×4 buffer
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    Matmul.multiply(m: 2, n: 2, k: 3, a: ap.baseAddress!, lda: storedA.columns + 2,
                                    b: bp.baseAddress!, ldb: storedB.columns + 3, c: cp.baseAddress!, ldc: 4,
                                    layout: layout, variant: variant)
                }
            }
        }
        // 1·7+2·9+3·11 = 58, 1·8+2·10+3·12 = 64, 4·7+5·9+6·11 = 139, 4·8+5·10+6·12 = 154
        #expect(c == [58, 64, -1, -1, 139, 154, -1, -1], "\(variant) \(layout.rawValue)")
    }
}

@Test("K = 0 gives zeros, or leaves C unchanged when accumulating")
func emptyInnerDimension() {
    let a = Matrix<Float>(rows: 3, columns: 0), b = Matrix<Float>(rows: 0, columns: 2)
    for variant in MatmulVariant.allCases {
        var c = Matrix<Float>(rows: 3, columns: 2, repeating: 5)
        Matmul.multiply(a, b, into: &c, accumulate: true, variant: variant)
        #expect(c == Matrix(rows: 3, columns: 2, repeating: 5), "\(variant)")
        Matmul.multiply(a, b, into: &c, variant: variant)
        #expect(c == Matrix(rows: 3, columns: 2), "\(variant)")
    }
}

@Test("fastest picks the small-shape kernel below 16³ and the threaded one above")
func fastestChoosesByShape() {
    #expect(MatmulVariant.fastest(m: 3, n: 5, k: 7) == .reordered)
    #expect(MatmulVariant.fastest(m: 64, n: 250, k: 784) == .threaded)
}
