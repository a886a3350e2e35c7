// Lesson 14: reverse-mode automatic differentiation over scalars. Each operation records the
// values it was computed from (its parents) and its local derivatives ∂out/∂parent, evaluated
// during the forward pass; `backward()` then runs the chain rule over the whole graph, from
// the output back to every input. This file is the whole engine (a test keeps it ≤ 150 lines).
// It is the course's: the exercise (Sources/Exercises/AutodiffExercise.swift) writes its own
// backward sweep over the same public fields, so the type lives here, where both can see it.
import Linalg

// region value
/// One scalar in a computation graph: its value, ∂output/∂self once a backward pass has run,
/// and how it was made. A class, so that a value used twice is one node with two consumers.
public final class Value {
    /// The number the forward pass computed.
    public let value: Double
    /// ∂output/∂self, filled in by a backward pass; 0 until then.
    public var grad: Double = 0
    /// The values this one was computed from; empty for an input, a parameter or a constant.
    public let parents: [Value]
    /// ∂self/∂parents[i], one per parent, evaluated when the node was made.
    public let localDerivatives: [Double]
    /// The operation that made the node ("+", "·", "σ", …; "" for a leaf).
    public let operation: String
    /// A name for tables and diagnoses ("a", "w_h[0][1]"); may stay empty.
    public var label: String

    /// A leaf: an input, a parameter or a constant.
    public convenience init(_ value: Double, label: String = "") {
        self.init(value, parents: [], localDerivatives: [], operation: "", label: label)
    }

    /// A node made by an operation: its value and one local derivative per parent.
    public init(_ value: Double, parents: [Value], localDerivatives: [Double], operation: String, label: String = "") {
        precondition(parents.count == localDerivatives.count,
                     "Value: \(parents.count) parents but \(localDerivatives.count) local derivatives")
        self.value = value
        self.parents = parents
        self.localDerivatives = localDerivatives
        self.operation = operation
        self.label = label
    }
}
// endregion

// region operations
extension Value {
    /// a + b: ∂/∂a = 1, ∂/∂b = 1.
    public static func + (a: Value, b: Value) -> Value {
        Value(a.value + b.value, parents: [a, b], localDerivatives: [1, 1], operation: "+")
    }

    /// a − b: ∂/∂a = 1, ∂/∂b = −1.
    public static func - (a: Value, b: Value) -> Value {
        Value(a.value - b.value, parents: [a, b], localDerivatives: [1, -1], operation: "−")
    }

    /// a · b: ∂/∂a = b, ∂/∂b = a (for a · a, both entries point at a).
    public static func * (a: Value, b: Value) -> Value {
        Value(a.value * b.value, parents: [a, b], localDerivatives: [b.value, a.value], operation: "·")
    }

    /// a ÷ b: ∂/∂a = 1/b, ∂/∂b = −a/b².
    public static func / (a: Value, b: Value) -> Value {
        Value(a.value / b.value, parents: [a, b],
              localDerivatives: [1 / b.value, -a.value / (b.value * b.value)], operation: "÷")
    }

    /// aᵖ for a constant p: ∂/∂a = p·aᵖ⁻¹.
    public func power(_ p: Double) -> Value {
        Value(Double.pow(value, p), parents: [self], localDerivatives: [p * Double.pow(value, p - 1)], operation: "pow")
    }

    /// eᵃ: ∂/∂a = eᵃ.
    public func exp() -> Value {
        let e = Double.exp(value)
        return Value(e, parents: [self], localDerivatives: [e], operation: "exp")
    }

    /// σ(a) = 1/(1 + e⁻ᵃ): ∂/∂a = σ(a)·(1 − σ(a)).
    public func sigmoid() -> Value {
        let s = 1 / (1 + Double.exp(-value))
        return Value(s, parents: [self], localDerivatives: [s * (1 - s)], operation: "σ")
    }

    /// t₀ + t₁ + … as one node: ∂/∂tᵢ = 1 for every term.
    public static func sum(_ terms: [Value]) -> Value {
        Value(terms.reduce(0) { $0 + $1.value }, parents: terms,
              localDerivatives: [Double](repeating: 1, count: terms.count), operation: "Σ")
    }

    /// A constant on either side becomes a leaf (its grad is computed, and ignored).
    public static func * (a: Double, b: Value) -> Value { Value(a) * b }
    public static func * (a: Value, b: Double) -> Value { a * Value(b) }
    public static func - (a: Value, b: Double) -> Value { a - Value(b) }
    public static func / (a: Value, b: Double) -> Value { a / Value(b) }
}
// endregion

// region backward
extension Value {
    /// Every node `self` depends on, itself included, each once, and each after all of its
    /// parents (a topological order), by depth-first search. Recursion depth is the longest
    /// path in the graph: about a dozen for the course's graphs.
    public func topologicalOrder() -> [Value] {
        var order: [Value] = []
        var visited = Set<ObjectIdentifier>()
        func visit(_ node: Value) {
            guard visited.insert(ObjectIdentifier(node)).inserted else { return }  // each once
            for parent in node.parents { visit(parent) }
            order.append(node)                                  // after all of its parents
        }
        visit(self)
        return order
    }

    /// Reverse-mode differentiation: sets `grad` = ∂self/∂node on every node of the graph.
    /// Expects fresh grads (0, as after a forward pass) and adds into them.
    /// ```
    /// grad(self) = 1                           (∂self/∂self: the seed)
    /// for node in reverse topological order:   (all of a node's consumers come first)
    ///     for each parent p, with d = ∂node/∂p:
    ///         grad(p) += d · grad(node)        (the chain rule; a node used twice adds twice)
    /// ```
    public func backward() {
        let order = topologicalOrder()
        grad = 1
        for node in order.reversed() {
            for (parent, d) in zip(node.parents, node.localDerivatives) {
                parent.grad += d * node.grad
            }
        }
    }
}
// endregion
