// Lesson 6: what kind of mistake a learner's reluBackward makes, read off one call on a batch
// where the gradient's signs and the pre-activation's signs disagree often.
// Shapes: dA, Z and dZ are N×H.
import Linalg

extension ReLUKinks {
    /// One line naming the mistake in `got` = reluBackward(dA, Z), or nil when it equals the
    /// reference. Never states the formula: it says which entries are wrong and in what way.
    static func backwardDiagnosis(got: Matrix<Double>, outputGradient dA: Matrix<Double>, preActivation z: Matrix<Double>) -> String? {
        guard got.rows == z.rows && got.columns == z.columns else { return nil }   // the shape check speaks for this
        func same(_ candidate: (Int) -> Double) -> Bool {
            (0..<z.count).allSatisfy { abs(got.elements[$0] - candidate($0)) <= 1e-12 * max(1, abs(candidate($0))) }
        }
        let active = { (i: Int) in z.elements[i] > 0 }
        if same({ active($0) ? dA.elements[$0] : 0 }) { return nil }
        if same({ _ in 0 }) { return "your reluBackward returns all zeros: the placeholder is still there (the TODO in ReLUKinksExercise.swift)" }
        if same({ dA.elements[$0] }) { return "your reluBackward returns dA unchanged: nothing is blocked where the unit was off (Z ≤ 0)" }
        if same({ dA.elements[$0] > 0 ? dA.elements[$0] : 0 }) {
            return "your reluBackward keeps dA where dA is positive: which entries pass should depend on what the unit saw in the forward pass, not on the gradient's sign"
        }
        if same({ active($0) ? 0 : dA.elements[$0] }) { return "your reluBackward passes dA where Z ≤ 0 and blocks it where Z > 0: the mask is the wrong way round" }
        if same({ max(0, z.elements[$0]) }) || same({ active($0) ? 1 : 0 }) {
            return "your reluBackward returns something computed from Z alone: dA, the gradient arriving from above, must flow through it"
        }
        let wrong = (0..<z.count).filter { abs(got.elements[$0] - (active($0) ? dA.elements[$0] : 0)) > 1e-12 * max(1, abs(dA.elements[$0])) }
        let whereActive = wrong.filter(active).count
        return "your reluBackward differs from dZ in \(wrong.count) of \(z.count) entries (\(whereActive) where Z > 0, \(wrong.count - whereActive) where Z ≤ 0)"
    }
}
