// Lesson 14: the price of differentiating scalars. The same gradients of lesson 2's network at
// N samples, by a graph of scalar nodes, by lesson 2's loops and by lesson 4's matrices.
// Shapes: N samples, D = 4 inputs, H = 5 hidden units, K = 3 outputs.
import Exercises
import Linalg
import NeuralNet

/// One row of the timing table.
struct AutodiffTiming {
    let sampleCount: Int
    let nodeCount: Int
    let graphSeconds: Double
    let loopSeconds: Double
    let matrixSeconds: Double
    /// max |graph − matrices| over all 43 gradients.
    let difference: Double

    /// Times all three on the seeded network and a seeded batch of `sampleCount` samples.
    /// The graph's time includes building it: building the graph *is* its forward pass.
    static func measure(sampleCount: Int, seed: UInt64, backward: Autodiff.BackwardFunction,
                        runs: Int, budgetSeconds: Double) -> AutodiffTiming {
        let network = SampleData.perElementNetwork(seed: seed)
        let batch = SampleData.batch(seed: seed, count: sampleCount)
        let p = VectorisedBackprop.parameters(of: network)
        let x = Matrix(batch.inputs), y = Matrix(batch.targets)
        var graphGradients = PerElementGradients(zeroLike: network)
        var matrixGradients = TwoLayerGradients(zeroLike: p)
        let graphSeconds = NaiveVsVectorised.medianSeconds(runs: runs, budgetSeconds: budgetSeconds) {
            let graph = ScalarNetworkGraph(network: network, inputs: batch.inputs, targets: batch.targets)
            backward(graph.loss)
            graphGradients = graph.gradients
        }
        let loopSeconds = NaiveVsVectorised.medianSeconds(runs: runs, budgetSeconds: budgetSeconds) {
            _ = network.gradients(inputs: batch.inputs, targets: batch.targets)
        }
        let matrixSeconds = NaiveVsVectorised.medianSeconds(runs: runs, budgetSeconds: budgetSeconds) {
            matrixGradients = VectorisedBackprop.gradients(parameters: p, input: x, targets: y)
        }
        let nodeCount = ScalarNetworkGraph(network: network, inputs: batch.inputs, targets: batch.targets).loss.topologicalOrder().count
        let difference = AutodiffStage.maxDifference(VectorisedBackprop.named(VectorisedBackprop.asMatrices(graphGradients)).map(\.1),
                                                     VectorisedBackprop.named(matrixGradients).map(\.1))
        return AutodiffTiming(sampleCount: sampleCount, nodeCount: nodeCount, graphSeconds: graphSeconds,
                              loopSeconds: loopSeconds, matrixSeconds: matrixSeconds, difference: difference)
    }
}
