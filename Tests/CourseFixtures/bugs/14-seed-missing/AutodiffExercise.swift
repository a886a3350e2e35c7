// Lesson 14 exercise: the backward pass of a reverse-mode autodiff engine.
// The engine is the course's (`Value` in Sources/NeuralNet/Autodiff/Value.swift): every node
// has `value`, `grad` (a var, 0 when the node is made), `parents` and `localDerivatives`
// (∂node/∂parents[i], one per parent). You write the sweep that fills in every `grad`.
//
// Replace the placeholder (marked TODO), then run `backprop run 14`: your backward runs on a
// small graph that uses nodes twice (compared with closed forms) and on lesson 2's network
// built from scalars (compared with lesson 2's loops and with central differences).
import NeuralNet

public enum ExerciseAutodiff {
    // region backward
    /// Sets `grad` = ∂output/∂node on every node `output` depends on, `output` included.
    /// The graph is fresh: every grad starts at 0.
    public static func backward(from output: Value) {
        // 1. Topological order: each node after all of its parents, by depth-first search.
        var order: [Value] = []
        var visited = Set<ObjectIdentifier>()
        func visit(_ node: Value) {
            guard visited.insert(ObjectIdentifier(node)).inserted else { return }   // seen before: already listed
            for parent in node.parents { visit(parent) }
            order.append(node)
        }
        visit(output)
        // 3. From the output back: every parent gets each contribution of each consumer.
        for node in order.reversed() {
            for (parent, d) in zip(node.parents, node.localDerivatives) {
                parent.grad += d * node.grad
            }
        }
    }
    // endregion
}
