// What to train with: optimiser, learning rate and its schedule, epochs, batch size, seed.
import Foundation

/// The optimisers the trainer can build.
public enum OptimizerKind: String, CaseIterable, Codable, Sendable {
    /// Plain SGD (`SGD`).
    case sgd
    /// SGD with heavy-ball momentum (`MomentumSGD`).
    case momentum
    /// Adam (`Adam`), with decoupled weight decay when `weightDecay` > 0.
    case adam
}

/// How the learning rate changes from epoch to epoch.
public enum LearningRateSchedule: Equatable, Codable, Sendable {
    /// η every epoch.
    case constant
    /// Step decay: ```η_e = η · factor^⌊e / everyEpochs⌋``` (e counts epochs from 0).
    case step(everyEpochs: Int, factor: Double)

    /// The learning rate for epoch `epoch` (0-based) starting from `base`.
    public func learningRate(base: Double, epoch: Int) -> Double {
        switch self {
        case .constant: return base
        case let .step(every, factor): return base * Foundation.pow(factor, Double(epoch / Swift.max(every, 1)))
        }
    }
}

/// Everything that decides a training run besides the data and the initial network.
public struct TrainingConfiguration: Equatable, Codable, Sendable {
    /// Total epochs to reach (a resumed run continues up to this number).
    public var epochs: Int
    /// Samples per mini-batch B; the last batch of an epoch holds the N mod B remaining samples.
    public var batchSize: Int
    public var optimizer: OptimizerKind
    /// η for epoch 0 (see `schedule`).
    public var learningRate: Double
    /// μ for `.momentum`.
    public var momentum: Double
    /// λ ≥ 0, weights only (not biases). Adam: decoupled (AdamW). SGD and momentum: before
    /// each step every weight is shrunk, ```θ ← (1 − η·λ)·θ```, which for plain SGD equals
    /// L2 regularisation with penalty (λ/2)·‖θ‖².
    public var weightDecay: Double
    public var schedule: LearningRateSchedule
    /// Seeds each epoch's shuffle (see `Trainer.shuffleGenerator(seed:epoch:)`); the network's
    /// initialisation is the caller's business (use the same seed there).
    public var seed: UInt64
    /// Rows per forward pass when evaluating the test set (bounds memory).
    public var evaluationBatchSize: Int
    /// Dropout, augmentation, early stopping (lesson 13); nil: none of them.
    public var generalisation: GeneralisationSettings?

    public init(epochs: Int, batchSize: Int, optimizer: OptimizerKind = .adam, learningRate: Double = 1e-3,
                momentum: Double = 0.9, weightDecay: Double = 0, schedule: LearningRateSchedule = .constant,
                seed: UInt64 = 1, evaluationBatchSize: Int = 1000) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.schedule = schedule
        self.seed = seed
        self.evaluationBatchSize = evaluationBatchSize
    }

    /// The first problem with these values (user input, e.g. from the command line), or nil.
    /// `Trainer.train` checks this before the first batch.
    public var problem: String? {
        if epochs < 0 { return "epochs must be 0 or more, got \(epochs) (e.g. --epochs 10)" }
        if batchSize < 1 { return "the batch size must be at least 1, got \(batchSize) (e.g. --batch 128)" }
        if evaluationBatchSize < 1 { return "the evaluation batch size must be at least 1, got \(evaluationBatchSize)" }
        if !(learningRate > 0) || !learningRate.isFinite { return "the learning rate must be a positive number, got \(learningRate) (e.g. --lr 0.001)" }
        if !(weightDecay >= 0) || !weightDecay.isFinite { return "weight decay must be 0 or more, got \(weightDecay) (e.g. --weight-decay 0.0001)" }
        if !(momentum >= 0 && momentum < 1) { return "momentum must be in [0, 1), got \(momentum) (e.g. 0.9)" }
        if let problem = generalisation?.problem { return problem }
        if case let .step(every, factor) = schedule, every < 1 || !(factor > 0) || !factor.isFinite {
            return "a step schedule needs a period of at least 1 epoch and a positive factor, got every \(every), factor \(factor)"
        }
        return nil
    }

    /// η for epoch `epoch` (0-based).
    public func learningRate(forEpoch epoch: Int) -> Double {
        schedule.learningRate(base: learningRate, epoch: epoch)
    }

    /// "adam lr=0.001", "momentum(0.9) lr=0.05 wd=0.0005".
    public var optimizerDescription: String {
        var text = optimizer == .momentum ? "momentum(\(momentum))" : optimizer.rawValue
        text += " lr=\(learningRate)"
        if weightDecay > 0 { text += " wd=\(weightDecay)" }
        if case let .step(every, factor) = schedule { text += " step(\(every),\(factor))" }
        return text
    }
}
