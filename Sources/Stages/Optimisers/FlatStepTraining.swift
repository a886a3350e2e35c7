// Lesson 12: lesson 9's overfitting run with the update done by a flat-array step function
// (the learner's Adam, or lesson 9's SGD), one tensor at a time.
// Shapes: N = images, B = batch size; network 784-64-10 (weights out×in, biases 1×out).
import Foundation
import Linalg
import NeuralNet

/// Updates parameter tensor `slot` (0 = layer1.weight, 1 = layer1.bias, …) in place from its
/// gradient; `stepCount` counts optimiser steps from 1. Returns false if the step broke the
/// tensor (wrong count, NaN), which stops training.
typealias FlatUpdate = (_ slot: Int, _ parameter: inout [Float], _ gradient: [Float], _ stepCount: Int) -> Bool

/// One run's record, plus why it stopped early (nil when it ran every epoch).
struct FlatStepHistory {
    var losses: [Double] = []
    var accuracies: [Double] = []
    var failure: String?

    /// The first epoch (from 1) whose training accuracy is 100%, or nil.
    var epochsToPerfect: Int? { accuracies.firstIndex { $0 >= 1 }.map { $0 + 1 } }
}

/// Mini-batch training with `update` as the optimiser: lesson 9's loop, the step made explicit.
// region flat-training
func trainWithFlatSteps(
    _ network: Network<Float>, on data: LabelledImageMatrix, batchSize: Int, epochs: Int,
    using generator: inout some RandomNumberGenerator, update: FlatUpdate
) -> FlatStepHistory {
    var order = Array(0..<data.labels.count)
    var history = FlatStepHistory()
    var stepCount = 0
    for _ in 1...epochs {
        order.fisherYatesShuffle(using: &generator)
        var lossSum = 0.0, batchCount = 0
        for range in MiniBatchSGD.batchRanges(count: order.count, batchSize: batchSize) {
            let batch = data.gathering(order[range])
            lossSum += Double(network.lossAndGradients(input: batch.input, targets: batch.targets))
            batchCount += 1
            stepCount += 1                                   // t = 1, 2, 3, …
            for (index, layer) in network.denseLayers.enumerated() {
                var weight = layer.weight.elements, bias = layer.bias.elements
                guard update(2 * index, &weight, layer.weightGradient.elements, stepCount),
                      update(2 * index + 1, &bias, layer.biasGradient.elements, stepCount) else {
                    history.failure = "step \(stepCount) broke layer \(index + 1)'s parameters"
                    return history
                }
                layer.weight.elements = weight
                layer.bias.elements = bias
            }
        }
        history.losses.append(lossSum / Double(batchCount))
        history.accuracies.append(network.accuracy(input: data.input, labels: data.labels))
    }
    return history
}
// endregion

/// A `FlatUpdate` doing Adam with `step`, keeping m and v per tensor.
final class FlatAdam {
    let step: Optimisers.AdamStepFunction
    let learningRate: Float
    var moments: [Int: (m: [Float], v: [Float])] = [:]

    init(step: @escaping Optimisers.AdamStepFunction, learningRate: Float) {
        self.step = step
        self.learningRate = learningRate
    }

    func update(slot: Int, parameter: inout [Float], gradient: [Float], stepCount: Int) -> Bool {
        let count = parameter.count
        var (m, v) = moments[slot] ?? ([Float](repeating: 0, count: count), [Float](repeating: 0, count: count))
        step(&parameter, gradient, &m, &v, stepCount, learningRate, 0.9, 0.999, 1e-8)
        moments[slot] = (m, v)
        return parameter.count == count && m.count == count && v.count == count && parameter.allSatisfy(\.isFinite)
    }
}
