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
        // TODO 1: a list of every node `output` depends on, each node once and after all of
        //   its parents ("Topological order"). `Set<ObjectIdentifier>` with
        //   ObjectIdentifier(node) remembers which nodes you have visited.
        // TODO 2: the seed: the output's own grad ("The chain rule on a graph", step 1).
        // TODO 3: walk your list from the output back to the leaves, passing each node's
        //   grad on to its parents through their local derivatives (steps 2 and 3).
        _ = output   // delete this line once you use it
    }
    // endregion
}
