import LessonEngine
import Linalg
import NeuralNet
import Stages

/// Test hook for the isolation tests: with `BACKPROP_CHILD_PLANT=<fault>` the child runs
/// lesson 2 (stage `chainRule`) with one of these functions in place of the learner's, so a
/// test can make "learner code" trap or hang without editing Sources/Exercises. The crash
/// parser treats this file like a learner's file. Each is a mistake a learner makes.
enum PlantedFaults {
    typealias Gradients = (PerElementNetwork, [Double], [Double]) -> PerElementGradients

    static let names = ["index", "precondition", "overflow", "divide", "loop", "shape"]

    static func fault(named name: String) -> Gradients? {
        switch name {
        case "index": swappedIndices
        case "precondition": mismatchedProduct
        case "overflow": overflowingCount
        case "divide": integerMean
        case "loop": endlessLoop
        case "shape": transposedFamily
        default: nil
        }
    }

    /// The course's stages, with lesson 2's exercise replaced when `plant` names a fault.
    static func registry(plant: String?) -> StageRegistry {
        guard let plant, fault(named: plant) != nil else { return Course.stages }
        var factories: [String: @Sendable () -> any Stage] = [:]
        for id in Course.stages.ids { factories[id] = { Course.stages.makeStage(id: id)! } }
        factories["chainRule"] = {
            let stage = ChainRuleStage()
            stage.exerciseGradients = fault(named: plant)!
            return stage
        }
        return StageRegistry(factories)
    }

    /// `outputWeights[j][k]` for `[k][j]`: index out of range once j reaches K.
    static func swappedIndices(network: PerElementNetwork, x: [Double], y: [Double]) -> PerElementGradients {
        var gradients = PerElementGradients(zeroLike: network)
        for k in 0..<network.outputCount {
            for j in 0..<network.hiddenCount {
                gradients.outputWeights[k][j] = network.outputWeights[j][k]
            }
        }
        return gradients
    }

    /// W·W with W K×H: a matrix product whose inner sizes differ (Linalg's precondition).
    static func mismatchedProduct(network: PerElementNetwork, x: [Double], y: [Double]) -> PerElementGradients {
        let w = Matrix(network.outputWeights)
        let product = w.multiplied(by: w)
        var gradients = PerElementGradients(zeroLike: network)
        gradients.outputBiases[0] = product[0, 0]
        return gradients
    }

    /// A running product of counts that passes Int.max.
    static func overflowingCount(network: PerElementNetwork, x: [Double], y: [Double]) -> PerElementGradients {
        var count = Int.max / 2
        for _ in 0..<network.outputCount { count *= 2 }
        var gradients = PerElementGradients(zeroLike: network)
        gradients.outputBiases[0] = Double(count)
        return gradients
    }

    /// An integer mean over an empty range: division by zero.
    static func integerMean(network: PerElementNetwork, x: [Double], y: [Double]) -> PerElementGradients {
        let used = x.count - network.inputCount
        var gradients = PerElementGradients(zeroLike: network)
        gradients.outputBiases[0] = Double(network.outputCount / used)
        return gradients
    }

    /// A loop whose variable never reaches its bound.
    static func endlessLoop(network: PerElementNetwork, x: [Double], y: [Double]) -> PerElementGradients {
        var gradients = PerElementGradients(zeroLike: network)
        var k = 0
        while k < network.outputCount {
            gradients.outputBiases[k] += 1e-300
            k = (k + network.outputCount) % network.outputCount
        }
        return gradients
    }

    /// The output weights' family built H×K instead of K×H.
    static func transposedFamily(network: PerElementNetwork, x: [Double], y: [Double]) -> PerElementGradients {
        var gradients = network.gradients(input: x, target: y)
        gradients.outputWeights = (0..<network.hiddenCount).map { j in (0..<network.outputCount).map { k in gradients.outputWeights[k][j] } }
        return gradients
    }
}
