// Lesson 14: every operation of the engine, differentiated by a backward pass over a graph of
// that one operation, against central differences of the operation's value.
import NeuralNet

/// One operation applied to leaves, with the formula it computes (for central differences).
struct EngineOperation {
    let name: String
    let inputs: [Double]
    /// Builds the operation's node from leaves (the engine's code path).
    let build: ([Value]) -> Value
    /// The same function on plain numbers.
    let function: ([Double]) -> Double

    /// The operations of the engine at inputs where each is smooth, including a·a (one leaf
    /// used twice by one node) and a three-term sum.
    static var all: [EngineOperation] { [
        EngineOperation(name: "a + b", inputs: [0.7, -1.3], build: { $0[0] + $0[1] }, function: { $0[0] + $0[1] }),
        EngineOperation(name: "a − b", inputs: [0.7, -1.3], build: { $0[0] - $0[1] }, function: { $0[0] - $0[1] }),
        EngineOperation(name: "a · b", inputs: [0.7, -1.3], build: { $0[0] * $0[1] }, function: { $0[0] * $0[1] }),
        EngineOperation(name: "a · a", inputs: [0.7], build: { $0[0] * $0[0] }, function: { $0[0] * $0[0] }),
        EngineOperation(name: "a ÷ b", inputs: [0.7, -1.3], build: { $0[0] / $0[1] }, function: { $0[0] / $0[1] }),
        EngineOperation(name: "a³ (power)", inputs: [0.7], build: { $0[0].power(3) }, function: { $0[0] * $0[0] * $0[0] }),
        EngineOperation(name: "exp a", inputs: [0.7], build: { $0[0].exp() }, function: { Double.exp($0[0]) }),
        EngineOperation(name: "σ(a)", inputs: [0.7], build: { $0[0].sigmoid() }, function: { 1 / (1 + Double.exp(-$0[0])) }),
        EngineOperation(name: "a + b + c (sum)", inputs: [0.7, -1.3, 2.1], build: { Value.sum($0) }, function: { $0.reduce(0, +) }),
    ] }

    /// The grads of the leaves after `backward` on a fresh graph of this operation.
    func grads(_ backward: Autodiff.BackwardFunction) -> [Double] {
        let leaves = inputs.map { Value($0) }
        backward(build(leaves))
        return leaves.map(\.grad)
    }

    /// Central differences of `function` in each input, with step `h`.
    func centralDifferences(step h: Double) -> [Double] {
        inputs.indices.map { i in
            var plus = inputs, minus = inputs
            plus[i] += h
            minus[i] -= h
            return (function(plus) - function(minus)) / (2 * h)
        }
    }
}
