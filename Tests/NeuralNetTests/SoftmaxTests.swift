// Softmax + cross-entropy: the fused gradient (P − T)/N equals the explicit Jacobian route,
// and the stable softmax survives huge logits.
import Foundation
import Testing
import Linalg
@testable import NeuralNet

@Suite("Softmax and cross-entropy")
struct SoftmaxTests {
    @Test("(P − T)/N equals Jᵀ·∂L/∂P with J = diag(p) − p·pᵀ, row by row")
    func jacobianRoute() {
        var generator = Xoshiro256StarStar(seed: 30)
        let (n, k) = (3, 5)
        let z = gaussianMatrix(n, k, scale: 1.5, using: &generator)
        let t = Matrix<Double>.oneHot(labels: randomLabels(n, classCount: k, using: &generator), classCount: k)
        let head = SoftmaxCrossEntropy<Double>()
        let p = head.forward(z)
        let fused = head.backward(targets: t)
        for row in 0..<n {
            // Independent softmax: plain exp / sum (safe for these small logits).
            let exps = z.row(row).map { exp($0) }
            let probabilities = exps.map { $0 / exps.reduce(0, +) }
            for c in 0..<k { #expect(abs(p[row, c] - probabilities[c]) < 1e-15) }
            // ∂L/∂p_j = −t_j / (N p_j) for L = −(1/N) Σ t log p.
            let dLdp = (0..<k).map { -t[row, $0] / (Double(n) * probabilities[$0]) }
            for i in 0..<k {
                var viaJacobian = 0.0
                for j in 0..<k {
                    let jacobian = (i == j ? probabilities[i] : 0) - probabilities[i] * probabilities[j]  // ∂p_j/∂z_i
                    viaJacobian += jacobian * dLdp[j]
                }
                let pMinusT = (probabilities[i] - t[row, i]) / Double(n)
                #expect(abs(fused[row, i] - viaJacobian) < 1e-15)
                #expect(abs(fused[row, i] - pMinusT) < 1e-15)
            }
        }
    }

    @Test("stable softmax handles logits of ±1000 and the loss is finite")
    func stability() {
        let z = Matrix<Double>([[1000, 999, -1000], [-1000, -1000, -1000]])
        let head = SoftmaxCrossEntropy<Double>()
        let p = head.forward(z)
        #expect(p.elements.allSatisfy { $0.isFinite })
        // Row 0: p = (1, e⁻¹, ~0) / (1 + e⁻¹); row 1: uniform thirds.
        let e1 = exp(-1.0)
        #expect(abs(p[0, 0] - 1 / (1 + e1)) < 1e-15)
        #expect(abs(p[1, 2] - 1.0 / 3) < 1e-15)
        // Target class 2 in row 0 has p ≈ e⁻²⁰⁰⁰ (underflows); log p must still be exact: −2000 − log(1 + e⁻¹).
        let loss = head.loss(targets: Matrix([[0, 0, 1], [1, 0, 0]]))
        let expected = ((2000 + log(1 + e1)) + log(3)) / 2
        #expect(loss.isFinite && abs(loss - expected) < 1e-9)
    }

    @Test("oneHot puts a single 1 per row")
    func oneHot() {
        let t = Matrix<Float>.oneHot(labels: [2, 0, 1], classCount: 3)
        #expect(t == Matrix<Float>([[0, 0, 1], [1, 0, 0], [0, 1, 0]]))
    }
}

