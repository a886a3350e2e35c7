// Mini-batch training over an in-memory data set.
// N = training samples, B = batch size, D = inputs, K = classes (network outputs).
import Foundation
import Linalg

/// Trains a `Network` with mini-batch gradient descent, one epoch at a time:
/// ```
/// for each epoch e:  η ← schedule(e);  shuffle 0..<N with a generator made from (seed, e)
///   for each batch of B indices:  gather X (B×D) and one-hot T (B×K)
///     L ← loss(X, T); backprop; check L for divergence; optimiser step
///   evaluate the test set; record; write the checkpoint (if any)
/// ```
/// Batches are gathered into preallocated buffers and the network's workspaces are reused,
/// so the steady state allocates nothing per batch (only the epoch's last, partial batch and
/// the test evaluation change the workspace shapes, once per epoch).
///
/// Resuming from a checkpoint gives bit-identical weights to an uninterrupted run with the
/// same configuration: each epoch's shuffle depends only on (seed, epoch), the schedule only
/// on the epoch, and the optimiser state is saved exactly.
public final class Trainer<Scalar: Real> {
    public let network: Network<Scalar>
    public let configuration: TrainingConfiguration
    public let optimizer: any Optimizer<Scalar>
    /// Completed epochs so far (including those before a resume).
    public private(set) var history: TrainingHistory
    /// Where to write a checkpoint after every epoch (nil: none).
    public var checkpointURL: URL?
    /// False when the data `train` evaluates each epoch is a validation set, not the test
    /// set: checkpoints then record no test accuracy (the caller measures the test set once).
    public var evaluatesTestSet = true
    /// The early-stopping state of the last `train` call (nil without a patience).
    public internal(set) var earlyStopping: EarlyStopping<Scalar>?

    /// A trainer for `network`, starting at epoch 1 with a fresh optimiser.
    public init(network: Network<Scalar>, configuration: TrainingConfiguration, checkpointURL: URL? = nil) {
        self.network = network
        self.configuration = configuration
        self.optimizer = Self.makeOptimizer(configuration)
        self.history = TrainingHistory()
        self.checkpointURL = checkpointURL
    }

    /// Used by resume: an optimiser already holding its saved state.
    init(network: Network<Scalar>, configuration: TrainingConfiguration, optimizer: any Optimizer<Scalar>,
         history: TrainingHistory, checkpointURL: URL?) {
        self.network = network
        self.configuration = configuration
        self.optimizer = optimizer
        self.history = history
        self.checkpointURL = checkpointURL
    }

    /// Epochs completed so far.
    public var completedEpochs: Int { history.epochs.count }

    /// The optimiser `configuration` asks for (Adam gets the weight decay; for SGD and
    /// momentum the trainer applies it, see `TrainingConfiguration.weightDecay`).
    public static func makeOptimizer(_ configuration: TrainingConfiguration) -> any Optimizer<Scalar> {
        let eta = Scalar(configuration.learningRate)
        switch configuration.optimizer {
        case .sgd: return SGD<Scalar>(learningRate: eta)
        case .momentum: return MomentumSGD<Scalar>(learningRate: eta, momentum: Scalar(configuration.momentum))
        case .adam: return Adam<Scalar>(learningRate: eta, weightDecay: Scalar(configuration.weightDecay))
        }
    }

    /// The generator that shuffles epoch `epoch` (0-based): xoshiro256** seeded with a
    /// SplitMix64 hash of (seed, epoch), so any epoch's order can be recreated on its own.
    public static func shuffleGenerator(seed: UInt64, epoch: Int) -> Xoshiro256StarStar {
        var mixer = SplitMix64(seed: seed ^ (UInt64(epoch) &+ 1) &* 0xD1B5_4A32_D192_ED03)
        return Xoshiro256StarStar(seed: mixer.next())
    }

    /// The divergence guard's limit. A batch loss that is NaN or ±∞ always stops training; so
    /// does a finite batch loss above
    /// ```
    /// max(10 · L₀, 10 · L_chance)
    /// ```
    /// where L₀ is the first training batch's loss and L_chance is the loss of a know-nothing
    /// prediction: ln K for softmax + CE (uniform probabilities), 1/K for MSE against one-hot
    /// targets (all outputs 0). A healthy run stays far below both; a too-large learning rate
    /// overshoots past them within a few steps.
    public static func divergenceThreshold(initialLoss: Double, classCount: Int, output: OutputHead) -> Double {
        let chance = output == .softmaxCrossEntropy ? Foundation.log(Double(Swift.max(classCount, 2)))
                                                    : 1 / Double(Swift.max(classCount, 1))
        return Swift.max(10 * initialLoss, 10 * chance)
    }

    /// Trains from the next epoch up to `configuration.epochs`, evaluating `test` after every
    /// epoch and writing a checkpoint if `checkpointURL` is set. Returns the whole history.
    /// - Parameters:
    ///   - training: N×D inputs with labels in 0..<K.
    ///   - test: evaluated (batched) after each epoch; nil skips evaluation.
    /// - Throws: `TrainingError.diverged` (the weights are then those after the last good
    ///   step), `.invalidConfiguration`, `.dataMismatch`, `.checkpointNotWritten`.
    @discardableResult
    public func train(on training: LabelledData<Scalar>, test: LabelledData<Scalar>? = nil,
                      observer: (any TrainingObserver)? = nil) throws(TrainingError) -> TrainingHistory {
        if let problem = configuration.problem { throw .invalidConfiguration(problem: problem) }
        try checkFits(training, role: "training")
        if let test { try checkFits(test, role: "test") }
        guard training.count > 0 else { throw .dataMismatch(problem: "the training set is empty") }

        let sampleCount = training.count
        let batchSize = Swift.min(configuration.batchSize, sampleCount)
        var buffers = BatchBuffers<Scalar>(batchSize: batchSize, remainder: sampleCount % batchSize,
                                           inputs: network.inputCount, classes: network.outputCount)
        var order = [Int](repeating: 0, count: sampleCount)
        let batchCount = (sampleCount + batchSize - 1) / batchSize
        let clock = ContinuousClock()
        try prepareGeneralisation(monitored: test != nil)
        var augmented = Matrix<Scalar>(rows: 0, columns: 0)
        defer { network.isTraining = false }

        while completedEpochs < configuration.epochs {
            let epochIndex = completedEpochs                       // 0-based
            let learningRate = configuration.learningRate(forEpoch: epochIndex)
            optimizer.learningRate = Scalar(learningRate)
            observer?.trainingWillStartEpoch(epochIndex + 1, of: configuration.epochs, learningRate: learningRate)

            // region training-epoch
            var generator = Self.shuffleGenerator(seed: configuration.seed, epoch: epochIndex)
            for index in order.indices { order[index] = index }
            order.fisherYatesShuffle(using: &generator)

            var lossSum = 0.0, correct = 0, seen = 0
            var augmentationGenerator = startEpochGeneralisation(epochIndex)
            let start = clock.now
            for batch in 0..<batchCount {
                let lower = batch * batchSize
                let upper = Swift.min(lower + batchSize, sampleCount)
                var (input, targets) = buffers.fill(from: training, indices: order[lower..<upper])
                if let augmentation = configuration.generalisation?.augmentation {
                    augmentation.apply(input, into: &augmented, using: &augmentationGenerator)
                    input = augmented
                }
                let loss = Double(network.lossAndGradients(input: input, targets: targets))
                try guardAgainstDivergence(loss: loss, epoch: epochIndex + 1, batch: batch + 1,
                                           classCount: training.classCount, learningRate: learningRate)
                correct += Self.correctCount(outputs: network.lossFunction.output, labels: training.labels,
                                             indices: order[lower..<upper])
                applyWeightDecay(learningRate: learningRate)
                optimizer.step(network)

                let count = upper - lower
                lossSum += loss * Double(count)
                seen += count
                if let observer {
                    let elapsed = Self.seconds(clock.now - start)
                    observer.trainingDidFinishBatch(BatchProgress(
                        epoch: epochIndex + 1, totalEpochs: configuration.epochs, batch: batch + 1,
                        batchCount: batchCount, completedSamples: seen, totalSamples: sampleCount,
                        runningLoss: lossSum / Double(seen), runningAccuracy: Double(correct) / Double(seen),
                        samplesPerSecond: elapsed > 0 ? Double(seen) / elapsed : 0, elapsedSeconds: elapsed))
                }
            }
            // endregion
            let trainingSeconds = Self.seconds(clock.now - start)
            network.isTraining = false

            let evaluationStart = clock.now
            let result = test.map { network.evaluate($0, batchSize: configuration.evaluationBatchSize) }
            let record = EpochRecord(
                epoch: epochIndex + 1, learningRate: learningRate,
                trainLoss: lossSum / Double(sampleCount), trainAccuracy: Double(correct) / Double(sampleCount),
                testLoss: result?.loss, testAccuracy: result?.accuracy,
                trainingSeconds: trainingSeconds, evaluationSeconds: Self.seconds(clock.now - evaluationStart))
            history.epochs.append(record)
            if let checkpointURL { try writeCheckpoint(to: checkpointURL) }
            observer?.trainingDidFinishEpoch(record)
            if let earlyStopping, let accuracy = record.testAccuracy,
               earlyStopping.observe(epoch: record.epoch, accuracy: accuracy, network: network) { break }
        }
        earlyStopping?.restoreBest(into: network)
        return history
    }

    /// Throws `.diverged` for a NaN/∞ loss or one above `divergenceThreshold`; records the
    /// first loss ever seen as the reference L₀.
    func guardAgainstDivergence(loss: Double, epoch: Int, batch: Int, classCount: Int,
                                learningRate: Double) throws(TrainingError) {
        guard loss.isFinite else {
            throw .diverged(epoch: epoch, batch: batch, loss: loss, threshold: .infinity, learningRate: learningRate)
        }
        let initial = history.initialLoss ?? loss
        if history.initialLoss == nil { history.initialLoss = loss }
        let threshold = Self.divergenceThreshold(initialLoss: initial, classCount: classCount,
                                                 output: network.architecture.output)
        if loss > threshold {
            throw .diverged(epoch: epoch, batch: batch, loss: loss, threshold: threshold, learningRate: learningRate)
        }
    }

    /// SGD and momentum only (Adam decays inside its step): θ ← (1 − η·λ)·θ for every weight.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func applyWeightDecay(learningRate: Double) {
        guard configuration.weightDecay > 0, configuration.optimizer != .adam else { return }
        let shrink = Scalar(1 - learningRate * configuration.weightDecay)
        for layer in network.denseLayers {
            layer.weight.elements.withUnsafeMutableBufferPointer { theta in
                for i in 0..<theta.count { theta[i] *= shrink }
            }
        }
    }

    func checkFits(_ data: LabelledData<Scalar>, role: String) throws(TrainingError) {
        if data.featureCount != network.inputCount {
            throw .dataMismatch(problem: "the \(role) samples have \(data.featureCount) inputs but the network \(network.architecture.sizesDescription) takes \(network.inputCount)")
        }
        if data.classCount != network.outputCount {
            throw .dataMismatch(problem: "the \(role) set has \(data.classCount) classes but the network \(network.architecture.sizesDescription) has \(network.outputCount) outputs")
        }
    }

    /// How many rows of `outputs` (B×K) have their largest entry at the row's label
    /// `labels[indices[row]]` (ties: the first maximum, as `argmaxOfRows`).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func correctCount(outputs: Matrix<Scalar>, labels: [Int], indices: ArraySlice<Int>) -> Int {
        let classes = outputs.columns
        var correct = 0
        outputs.elements.withUnsafeBufferPointer { values in
            for (row, sample) in indices.enumerated() {
                var best = 0
                for k in 1..<Swift.max(classes, 1) where values[row * classes + k] > values[row * classes + best] { best = k }
                if best == labels[sample] { correct += 1 }
            }
        }
        return correct
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
