// Lesson 14: autodiff, the chain rule automated. The engine (`Value`) lives in NeuralNet so
// that the exercise module can use it too; this namespace holds the lesson's reference
// backward under the exercise's signature, and the small graph the exercise is tried on.
import Exercises
import NeuralNet

/// The reference code of lesson 14.
public enum Autodiff {
    /// A backward pass: fills in `grad` on every node the given output depends on.
    public typealias BackwardFunction = (Value) -> Void

    /// The course's backward pass (`Value.backward()`), with the exercise's signature
    /// `ExerciseAutodiff.backward(from:)`.
    public static func backward(from output: Value) { output.backward() }
}

/// The graph the exercise is tried on first: small enough to differentiate by hand, and
/// built to expose the usual mistakes.
/// ```
/// u = a·b        v = u + c        f = u·v        g = a·a        L = f + g
/// L = ab(ab + c) + a²
/// ```
/// `a` is used three times (twice by g alone); `u` reaches L directly through f and also
/// through v, so a sweep that is not in topological order finishes u before v adds to it.
struct ProbeGraph {
    static let a = 0.5, b = -1.5, c = 1.25
    let nodes: [Value]   // a, b, c, u, v, f, g, L: every node, in a topological order
    var output: Value { nodes[nodes.count - 1] }

    /// A fresh graph (every grad 0).
    init() {
        let a = Value(Self.a, label: "a"), b = Value(Self.b, label: "b"), c = Value(Self.c, label: "c")
        let u = a * b; u.label = "u"
        let v = u + c; v.label = "v"
        let f = u * v; f.label = "f"
        let g = a * a; g.label = "g"
        let loss = f + g; loss.label = "L"
        nodes = [a, b, c, u, v, f, g, loss]
    }

    /// How each node was made, for the table.
    static let definitions = ["input", "input", "input", "a·b", "u + c", "u·v", "a·a", "f + g"]

    /// ∂L/∂node by hand, in the order of `nodes`:
    /// ```
    /// ∂L/∂a = 2ab² + bc + 2a    ∂L/∂b = 2a²b + ac    ∂L/∂c = ab
    /// ∂L/∂u = v + u = 2ab + c   ∂L/∂v = u = ab       ∂L/∂f = ∂L/∂g = ∂L/∂L = 1
    /// ```
    static var closedForm: [Double] {
        [2 * a * b * b + b * c + 2 * a, 2 * a * a * b + a * c, a * b, 2 * a * b + c, a * b, 1, 1, 1]
    }

    /// The closed forms written as the table shows them.
    static let closedFormText = ["2ab² + bc + 2a", "2a²b + ac", "ab", "2ab + c", "ab", "1", "1", "1"]
}
