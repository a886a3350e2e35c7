// One epoch of mini-batch training (any optimiser), as `backprop bench` times it.
// Shapes: S = samples, D = features per sample, K = classes, B = batch size.
//   images: S×D row-major   labels: S values in 0..<K   batch input X: B×D   targets T: B×K (one-hot)
import Linalg

/// The buffers an epoch reuses: the sample order and the gathered batch. Allocated once per
/// batch size; the last, shorter batch of an epoch gets its own pair (allocated on first use),
/// so the steady state allocates nothing.
public struct EpochWorkspace<Scalar: Real> {
    /// Sample indices, reshuffled in place every epoch.
    public internal(set) var order: [Int]
    var batchInput: Matrix<Scalar>
    var batchTargets: Matrix<Scalar>
    var tailInput: Matrix<Scalar>
    var tailTargets: Matrix<Scalar>

    /// Buffers for `sampleCount` samples of `featureCount` values, `classCount` classes.
    public init(sampleCount: Int, featureCount: Int, classCount: Int, batchSize: Int) {
        precondition(sampleCount > 0 && batchSize > 0, "EpochWorkspace: need samples (\(sampleCount)) and a positive batch size (\(batchSize))")
        order = Array(0..<sampleCount)
        let full = Swift.min(batchSize, sampleCount)
        let tail = sampleCount % full
        batchInput = Matrix(rows: full, columns: featureCount)
        batchTargets = Matrix(rows: full, columns: classCount)
        tailInput = Matrix(rows: tail, columns: featureCount)
        tailTargets = Matrix(rows: tail, columns: classCount)
    }
}

public enum EpochBenchmark {
    /// Trains `network` for one epoch and returns the last batch's loss:
    /// ```
    /// shuffle the sample order in place (Fisher–Yates with `generator`; each epoch reshuffles
    ///     the order the previous one left, which is just as uniform and needs no allocation)
    /// for each run of B indices in that order (the last run may be shorter):
    ///     X ← the B rows of `images`, T ← one-hot of their labels   (gathered into the workspace)
    ///     lossAndGradients(X, T); optimizer.step
    /// ```
    @discardableResult
    @_specialize(where Scalar == Float, G == Xoshiro256StarStar)
    public static func trainEpoch<Scalar: Real, G: RandomNumberGenerator>(
        network: Network<Scalar>, optimizer: any Optimizer<Scalar>,
        images: [Scalar], labels: [Int], batchSize: Int,
        workspace: inout EpochWorkspace<Scalar>, using generator: inout G
    ) -> Scalar {
        let sampleCount = labels.count
        let featureCount = network.inputCount
        precondition(images.count == sampleCount * featureCount,
                     "trainEpoch: \(images.count) image values for \(sampleCount) labels × \(featureCount) features")
        precondition(workspace.order.count == sampleCount && workspace.batchInput.columns == featureCount,
                     "trainEpoch: workspace was made for \(workspace.order.count)×\(workspace.batchInput.columns) data, got \(sampleCount)×\(featureCount)")
        workspace.order.fisherYatesShuffle(using: &generator)
        var loss: Scalar = 0
        var start = 0
        while start < sampleCount {
            let count = Swift.min(batchSize, sampleCount - start)
            if count == workspace.batchInput.rows {
                gatherBatch(images: images, labels: labels, order: workspace.order, start: start,
                            into: &workspace.batchInput, targets: &workspace.batchTargets)
                loss = network.lossAndGradients(input: workspace.batchInput, targets: workspace.batchTargets)
            } else {
                gatherBatch(images: images, labels: labels, order: workspace.order, start: start,
                            into: &workspace.tailInput, targets: &workspace.tailTargets)
                loss = network.lossAndGradients(input: workspace.tailInput, targets: workspace.tailTargets)
            }
            optimizer.step(network)
            start += count
        }
        return loss
    }

    /// Copies the images `order[start ..< start + input.rows]` into the rows of `input` and
    /// writes their one-hot labels into `targets`. No allocation.
    @inlinable
    static func gatherBatch<Scalar: Real>(images: [Scalar], labels: [Int], order: [Int], start: Int,
                                          into input: inout Matrix<Scalar>, targets: inout Matrix<Scalar>) {
        let (rows, classCount) = (input.rows, targets.columns)
        input.gatherRows(from: images, rowIndices: order[start ..< start + rows])   // both cores
        targets.elements.withUnsafeMutableBufferPointer { t in
            t.update(repeating: 0)
            for row in 0..<rows {
                let label = labels[order[start + row]]
                precondition(label >= 0 && label < classCount, "trainEpoch: label \(label) outside 0..<\(classCount)")
                t[row * classCount + label] = 1
            }
        }
    }
}
