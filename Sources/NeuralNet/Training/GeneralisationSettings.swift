// The generalisation options of a training run (lesson 13): dropout, augmentation, early stopping.

/// What a run does to generalise beyond its training images, besides weight decay (which is
/// `TrainingConfiguration.weightDecay`). Stored in checkpoints; absent in older ones.
public struct GeneralisationSettings: Equatable, Codable, Sendable {
    /// Drop probability per hidden layer, or one value for all (empty: no dropout).
    public var dropout: [Double]
    /// Random shifts (and flips) of the training images; nil: none.
    public var augmentation: Augmentation?
    /// Early stopping: stop after this many epochs without a better held-out accuracy and
    /// keep the best epoch's weights; nil: train every epoch and keep the last.
    public var patience: Int?

    public init(dropout: [Double] = [], augmentation: Augmentation? = nil, patience: Int? = nil) {
        self.dropout = dropout
        self.augmentation = augmentation
        self.patience = patience
    }

    /// The first problem with these values, or nil.
    public var problem: String? {
        if let bad = dropout.first(where: { !($0 >= 0 && $0 < 1) }) {
            return "a dropout rate must be in [0, 1), got \(bad) (e.g. --dropout 0.3)"
        }
        if let problem = augmentation?.problem { return problem }
        if let patience, patience < 1 { return "the early-stopping patience must be at least 1 epoch, got \(patience) (e.g. --patience 5)" }
        return nil
    }

    /// "dropout 0.3, shift ±2 px, patience 5" (empty when nothing is on).
    public var summary: String {
        var parts: [String] = []
        if dropout.contains(where: { $0 > 0 }) { parts.append("dropout \(dropout.map { "\($0)" }.joined(separator: ","))") }
        if let augmentation {
            parts.append("shift ±\(augmentation.maxShift) px" + (augmentation.flips ? " + flips" : ""))
        }
        if let patience { parts.append("patience \(patience)") }
        return parts.joined(separator: ", ")
    }
}
