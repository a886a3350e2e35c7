// Every layer and both losses against central differences in Double, at ≤ 1e-7.
// For a layer y = f(x) we check the scalar s = Σ y ⊙ R (R random), whose gradient w.r.t. y is R,
// so backward(R) must equal ∂s/∂x (and the parameter gradients ∂s/∂W, ∂s/∂b).
import Testing
import Linalg
@testable import NeuralNet

@Suite("Layer gradients vs central differences")
struct LayerGradientTests {
    let threshold = GradientCheck.defaultThreshold

    @Test("Dense: ∂/∂X, ∂/∂W, ∂/∂b")
    func dense() {
        var generator = Xoshiro256StarStar(seed: 10)
        let x = gaussianMatrix(4, 5, using: &generator)
        let w = gaussianMatrix(3, 5, using: &generator)
        let b = gaussianMatrix(1, 3, using: &generator)
        let r = gaussianMatrix(4, 3, using: &generator)
        let layer = Dense(weight: w, bias: b)
        layer.forward(x)
        let dX = layer.backward(r, input: x)
        let input = GradientCheck.check(name: "X", at: x, analyticGradient: dX) {
            projected(Dense(weight: w, bias: b).forward($0), onto: r)
        }
        let weight = GradientCheck.check(name: "W", at: w, analyticGradient: layer.weightGradient) {
            projected(Dense(weight: $0, bias: b).forward(x), onto: r)
        }
        let bias = GradientCheck.check(name: "b", at: b, analyticGradient: layer.biasGradient) {
            projected(Dense(weight: w, bias: $0).forward(x), onto: r)
        }
        let report = GradientCheckReport(tensors: [input, weight, bias])
        #expect(report.passed, "\(report)")
        #expect(report.maxRelativeError <= threshold)
        #expect(report.checkedCount == 20 + 15 + 3)
        // Also against the closed form dZ = R, Z = X·Wᵀ + b  ⇒  dW = Rᵀ·X.
        let closedForm = r.transposed().multiplied(by: x)
        #expect((layer.weightGradient - closedForm).maxAbs() < 1e-12)
    }

    @Test("ReLU away from its kink")
    func relu() {
        var generator = Xoshiro256StarStar(seed: 11)
        // Keep |z| ≥ 0.1 so no ±h step crosses 0.
        let z = Matrix(rows: 4, columns: 6) { _, _ in
            let magnitude = generator.nextUniform(in: 0.1, 2)
            return generator.nextUniform() < 0.5 ? -magnitude : magnitude
        }
        let r = gaussianMatrix(4, 6, using: &generator)
        let layer = ReLU<Double>()
        layer.forward(z)
        let dZ = layer.backward(r, input: z)
        let tensor = GradientCheck.check(name: "Z", at: z, analyticGradient: dZ,
                                         preActivations: { $0.elements }) {
            projected(ReLU<Double>().forward($0), onto: r)
        }
        #expect(tensor.passed && tensor.maxRelativeError <= threshold, "\(GradientCheckReport(tensors: [tensor]))")
        #expect(tensor.kinkCount == 0)
        #expect(dZ.elements.enumerated().allSatisfy { index, value in z.elements[index] > 0 ? value == r.elements[index] : value == 0 })
    }

    @Test("Sigmoid")
    func sigmoid() {
        var generator = Xoshiro256StarStar(seed: 12)
        let z = gaussianMatrix(3, 5, scale: 2, using: &generator)
        let r = gaussianMatrix(3, 5, using: &generator)
        let layer = Sigmoid<Double>()
        layer.forward(z)
        let dZ = layer.backward(r, input: z)
        let tensor = GradientCheck.check(name: "Z", at: z, analyticGradient: dZ) {
            projected(Sigmoid<Double>().forward($0), onto: r)
        }
        #expect(tensor.passed && tensor.maxRelativeError <= threshold, "\(GradientCheckReport(tensors: [tensor]))")
        // σ(0) = 1/2 exactly.
        #expect(Sigmoid<Double>().forward(Matrix(rows: 1, columns: 1)).elements == [0.5])
    }

    @Test("softmax + cross-entropy w.r.t. the logits")
    func softmaxCrossEntropy() {
        var generator = Xoshiro256StarStar(seed: 13)
        let z = gaussianMatrix(5, 4, scale: 2, using: &generator)
        let t = Matrix<Double>.oneHot(labels: randomLabels(5, classCount: 4, using: &generator), classCount: 4)
        let head = SoftmaxCrossEntropy<Double>()
        head.forward(z)
        let dZ = head.backward(targets: t)
        let tensor = GradientCheck.check(name: "Z", at: z, analyticGradient: dZ) {
            let other = SoftmaxCrossEntropy<Double>()
            other.forward($0)
            return other.loss(targets: t)
        }
        #expect(tensor.passed && tensor.maxRelativeError <= threshold, "\(GradientCheckReport(tensors: [tensor]))")
    }

    @Test("mean squared error w.r.t. the outputs")
    func meanSquaredError() {
        var generator = Xoshiro256StarStar(seed: 14)
        let o = gaussianMatrix(4, 3, using: &generator)
        let y = gaussianMatrix(4, 3, using: &generator)
        let head = MeanSquaredError<Double>()
        head.forward(o)
        let dO = head.backward(targets: y)
        let tensor = GradientCheck.check(name: "O", at: o, analyticGradient: dO) {
            let other = MeanSquaredError<Double>()
            other.forward($0)
            return other.loss(targets: y)
        }
        #expect(tensor.passed && tensor.maxRelativeError <= threshold, "\(GradientCheckReport(tensors: [tensor]))")
        // Closed form: L = (1/(N·K)) Σ (y − o)².
        let direct = (y - o).elements.reduce(0) { $0 + $1 * $1 } / 12
        #expect(abs(head.loss(targets: y) - direct) < 1e-15)
    }
}

@Suite("Layers split over cores")
struct LayersSplitOverCoresTests {
    /// 131×131 = 17,161 elements: above `forEachSlice`'s 16,384, so each pass runs in two slices.
    @Test("ReLU forward and backward on a large batch: elementwise max(0, z) and dA·[z > 0]")
    func reluLarge() {
        var generator = Xoshiro256StarStar(seed: 21)
        let z = gaussianMatrix(131, 131, using: &generator).converted(to: Float.self)
        let dA = gaussianMatrix(131, 131, using: &generator).converted(to: Float.self)
        let relu = ReLU<Float>()
        #expect(relu.forward(z).elements == z.elements.map { $0 > 0 ? $0 : 0 })
        #expect(relu.backward(dA, input: z).elements == zip(z.elements, dA.elements).map { $0 > 0 ? $1 : 0 })
    }

    /// 97 rows × 200 outputs = 19,400: the bias is added in two blocks of rows.
    @Test("Dense on a large batch: every row is x·Wᵀ + b, and ∂L/∂b the column sums of dZ")
    func denseLarge() {
        var generator = Xoshiro256StarStar(seed: 22)
        let dense = Dense<Float>(weight: gaussianMatrix(200, 30, using: &generator).converted(),
                                 bias: gaussianMatrix(1, 200, using: &generator).converted())
        let x = gaussianMatrix(97, 30, using: &generator).converted(to: Float.self)
        let z = dense.forward(x)
        var expected = Matrix<Float>(rows: 97, columns: 200)
        Matmul.multiply(x, dense.weight, layout: .transposeB, into: &expected, variant: .naive)
        for r in 0..<97 { for c in 0..<200 { expected[r, c] += dense.bias[0, c] } }
        let worst = zip(z.elements, expected.elements).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1e-4)
        // Backward: ∂L/∂b is the column sums of dZ, each added down the rows in order.
        let dZ = gaussianMatrix(97, 200, using: &generator).converted(to: Float.self)
        dense.backward(dZ, input: x)
        let sums = (0..<200).map { c in (0..<97).reduce(Float(0)) { $0 + dZ[$1, c] } }
        #expect(dense.biasGradient.elements == sums)
    }
}
