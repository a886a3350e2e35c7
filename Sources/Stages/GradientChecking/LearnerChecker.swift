// The learner's own gradient checker (lesson 3's exercise), run beside the course's in later
// lessons. Its verdict is shown, never used: the course's checker decides.
import Exercises
import Linalg
import NeuralNet

enum LearnerChecker {
    /// "Your checker (lesson 3): … The course's checker: …" — one line for a lesson's output.
    /// `run` computes the max relative error with the given checker; skipped (and said so)
    /// while the learner's checker still returns its all-zero placeholder.
    static func besideLine(course: Double, checker: @escaping FiniteDifferences.NumericalGradient,
                           run: (FiniteDifferences.NumericalGradient) -> Double) -> String {
        let probe = checker(Matrix(rows: 1, columns: 2, elements: [0.3, -0.2]), 1e-5) { $0.elements.reduce(0, +) }
        let courseVerdict = "the course's checker: max relative error \(Format.scientific(course)), \(course <= GradientCheck.defaultThreshold ? "pass" : "fail")"
        if probe.count == 2 && probe.elements.allSatisfy({ $0 == 0 }) {
            return "Your own checker (lesson 3) still returns its placeholder, so only \(courseVerdict) (it decides). Write lesson 3's exercise to see both verdicts."
        }
        let mine = run(checker)
        return "Your checker (lesson 3): max relative error \(Format.scientific(mine)), \(mine <= GradientCheck.defaultThreshold ? "pass" : "fail"); \(courseVerdict). The course's checker decides."
    }
}
