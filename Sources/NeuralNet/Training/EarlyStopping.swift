// Early stopping on a held-out (validation) accuracy, keeping the best epoch's weights.
import Linalg

/// Watches the accuracy measured on held-out data after each epoch. It keeps a copy of the
/// weights of the best epoch so far, and says stop once `patience` epochs in a row have not
/// beaten it. At the end `restoreBest` puts the best weights back: the model you keep is the
/// one from the epoch that generalised best, not the last one trained.
public final class EarlyStopping<Scalar: Real> {
    /// Epochs without a new best before stopping (≥ 1).
    public let patience: Int
    /// The best held-out accuracy so far and its 1-based epoch (nil before the first).
    public private(set) var bestAccuracy: Double?
    public private(set) var bestEpoch: Int?
    /// Epochs since the best one.
    public private(set) var epochsSinceBest = 0
    /// The best epoch's weights and biases, one (weight, bias) pair per Dense layer.
    public private(set) var bestParameters: [(weight: Matrix<Scalar>, bias: Matrix<Scalar>)] = []

    public init(patience: Int) {
        precondition(patience >= 1, "EarlyStopping: patience must be at least 1, got \(patience)")
        self.patience = patience
    }

    // region early-stopping
    /// Records epoch `epoch`'s held-out accuracy. A strictly higher accuracy than the best so
    /// far becomes the new best (its weights are copied); otherwise the wait grows. Returns
    /// true when training should stop: `patience` epochs in a row without a new best.
    public func observe(epoch: Int, accuracy: Double, network: Network<Scalar>) -> Bool {
        if bestAccuracy.map({ accuracy > $0 }) ?? true {
            bestAccuracy = accuracy
            bestEpoch = epoch
            epochsSinceBest = 0
            bestParameters = network.denseLayers.map { ($0.weight, $0.bias) }   // copies (value types)
            return false
        }
        epochsSinceBest += 1
        return epochsSinceBest >= patience
    }
    // endregion

    /// Puts the best epoch's weights back into `network` (nothing if no epoch was observed).
    public func restoreBest(into network: Network<Scalar>) {
        guard bestParameters.count == network.denseLayers.count else { return }
        for (layer, saved) in zip(network.denseLayers, bestParameters) {
            layer.weight = saved.weight
            layer.bias = saved.bias
        }
    }
}
