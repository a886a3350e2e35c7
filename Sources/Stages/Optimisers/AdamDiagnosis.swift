// Lesson 12: the hand-worked case the learner's Adam step is checked on, and what kind of
// mistake a wrong answer shows (never the formula). Shapes: 3 entries, two steps.
import Foundation

/// The worked case of the lesson: two Adam steps on three entries from θ = (1, −2, 0.5).
struct AdamWorkedCase {
    static let theta: [Float] = [1, -2, 0.5]
    /// g₁ and g₂: entry 0 flips sign, entry 1 keeps it, entry 2 is tiny (ε matters there).
    static let gradients: [[Float]] = [[0.5, -2, 1e-4], [-0.5, -1, 1e-4]]
    static let learningRate: Float = 0.1
    static let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8

    /// θ, m and v after each step (index 0 is the start, m = v = 0).
    struct Trace {
        var theta: [[Float]] = []
        var m: [[Float]] = []
        var v: [[Float]] = []
    }

    /// Runs `step` twice from the start, recording θ, m, v after each call.
    static func trace(_ step: Optimisers.AdamStepFunction) -> Trace {
        var theta = Self.theta
        var m = [Float](repeating: 0, count: theta.count), v = m
        var trace = Trace(theta: [theta], m: [m], v: [v])
        for (index, g) in gradients.enumerated() {
            step(&theta, g, &m, &v, index + 1, learningRate, beta1, beta2, epsilon)
            trace.theta.append(theta)
            trace.m.append(m)
            trace.v.append(v)
            // A step that resized θ, m or v ends the trace: the next call would trap on it.
            if theta.count != g.count || m.count != g.count || v.count != g.count { break }
        }
        return trace
    }
}

/// The usual mistakes in an Adam step, each written out so a learner's trace can be matched.
enum AdamMistake: CaseIterable {
    case placeholder, signFlip, noBiasCorrection, firstOnlyCorrected, secondOnlyCorrected,
         betaInsteadOfPower, epsilonInsideRoot, secondMomentFromGradient, momentsNotStored

    /// What the mistake is, in one line, without the formula.
    var diagnosis: String {
        switch self {
        case .placeholder:
            "θ, m and v did not change: the placeholder is still there (the TODO in AdamExercise.swift)"
        case .signFlip:
            "θ moved along the gradient, not against it: a sign flip (that climbs the loss)"
        case .noBiasCorrection:
            "the first step moved each entry about 3× further than η: m and v are used without their bias corrections (“Why 1 − βᵗ”)"
        case .firstOnlyCorrected:
            "m is bias-corrected but v is not, so the first step is about 30× too long: v needs its own correction, with β₂"
        case .secondOnlyCorrected:
            "v is bias-corrected but m is not, so the first step is a tenth of η: m needs its own correction, with β₁"
        case .betaInsteadOfPower:
            "step 1 is right but step 2 is not: the bias correction stays the same from step to step; it must depend on t (“Why 1 − βᵗ”)"
        case .epsilonInsideRoot:
            "the entry with the tiny gradient (1e-4) moved too little: ε is added inside the square root instead of after it"
        case .secondMomentFromGradient:
            "v follows the gradient, not its square: v must be a running mean of g², which is never negative (√ of a negative v is NaN)"
        case .momentsNotStored:
            "θ's first step is right, but m and v are still zero after it: store the new moments back (they are inout) so the next step can use them"
        }
    }

    /// One Adam step with this mistake in it (the reference with one thing changed).
    func step(_ theta: inout [Float], _ g: [Float], _ m: inout [Float], _ v: inout [Float], _ t: Int,
              _ eta: Float, _ beta1: Float, _ beta2: Float, _ epsilon: Float) {
        if self == .placeholder { return }
        let power = self == .betaInsteadOfPower ? 1 : Float(t)
        let correction1: Float = [.noBiasCorrection, .secondOnlyCorrected].contains(self) ? 1 : 1 - pow(beta1, power)
        let correction2: Float = [.noBiasCorrection, .firstOnlyCorrected].contains(self) ? 1 : 1 - pow(beta2, power)
        for i in 0..<theta.count {
            let mi = beta1 * m[i] + (1 - beta1) * g[i]
            let vi = beta2 * v[i] + (1 - beta2) * (self == .secondMomentFromGradient ? g[i] : g[i] * g[i])
            if self != .momentsNotStored {
                m[i] = mi
                v[i] = vi
            }
            let mHat = mi / correction1, vHat = vi / correction2
            let denominator = self == .epsilonInsideRoot ? (vHat + epsilon).squareRoot() : vHat.squareRoot() + epsilon
            let move = eta * mHat / denominator
            theta[i] += self == .signFlip ? move : -move
        }
    }
}

enum AdamDiagnosis {
    /// Relative tolerance between a learner's Float step and the reference: both do the same
    /// few Float operations, so they agree to a few ulps (1e-7); a different `pow` or order of
    /// operations stays far below 1e-4, and every mistake above is off by more than 1e-2.
    static let tolerance: Float = 1e-4

    static func near(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            (x.isNaN && y.isNaN) || abs(x - y) <= tolerance * max(abs(y), 1e-3)
        }
    }

    static func near(_ a: AdamWorkedCase.Trace, _ b: AdamWorkedCase.Trace) -> Bool {
        a.theta.count == b.theta.count && zip(a.theta, b.theta).allSatisfy { near($0, $1) } && zip(a.m, b.m).allSatisfy { near($0, $1) }
            && zip(a.v, b.v).allSatisfy { near($0, $1) }
    }

    /// nil when `got` is the reference's trace; otherwise one line on the kind of mistake.
    static func diagnose(_ got: AdamWorkedCase.Trace) -> String? {
        let expected = AdamWorkedCase.trace(Optimisers.reference)
        if near(got, expected) { return nil }
        for step in got.theta.indices.dropFirst() {
            let what = [("θ", got.theta[step]), ("m", got.m[step]), ("v", got.v[step])]
            if let (name, values) = what.first(where: { $0.1.count != AdamWorkedCase.theta.count }) {
                return "\(name) has \(values.count) entries after step \(step), expected \(AdamWorkedCase.theta.count): update the arrays in place, entry by entry"
            }
        }
        for mistake in AdamMistake.allCases {
            let trace = AdamWorkedCase.trace { mistake.step(&$0, $1, &$2, &$3, $4, $5, $6, $7, $8) }
            if near(got, trace) { return mistake.diagnosis }
        }
        for (step, theta) in got.theta.enumerated().dropFirst() where theta.contains(where: { !$0.isFinite }) {
            return "θ has NaN or ∞ after step \(step): a division by zero (is t used as given, counting from 1?) or √ of a negative number"
        }
        if near(got.theta[1], expected.theta[1]) && near(got.m[1], expected.m[1]) && near(got.v[1], expected.v[1]) {
            return "step 1 is right but step 2 is not: θ₂ = \(format(got.theta[2])), expected \(format(expected.theta[2])); check what changes with t"
        }
        if !near(got.m[1], expected.m[1]) { return "m after step 1 is \(format(got.m[1])), expected \(format(expected.m[1])): the running mean of g" }
        if !near(got.v[1], expected.v[1]) { return "v after step 1 is \(format(got.v[1])), expected \(format(expected.v[1])): the running mean of g²" }
        return "θ after step 1 is \(format(got.theta[1])), expected \(format(expected.theta[1]))"
    }

    static func format(_ values: [Float]) -> String {
        "(" + values.map { String(format: "%.6g", Double($0)) }.joined(separator: ", ") + ")"
    }
}
