// The trainer's side of lesson 13: dropout masks, augmented batches and early stopping.
import Linalg

extension Trainer {
    /// Before the first epoch: puts the configured dropout into the network (unless it has
    /// some already) and starts early stopping, which needs held-out data to watch.
    func prepareGeneralisation(monitored: Bool) throws(TrainingError) {
        earlyStopping = nil
        guard let settings = configuration.generalisation else { return }
        if network.dropoutLayers.isEmpty, settings.dropout.contains(where: { $0 > 0 }) {
            do {
                try network.setDropout(rates: settings.dropout, seed: configuration.seed)
            } catch {
                throw .invalidConfiguration(problem: String(error.description.dropFirst("error: ".count)))
            }
        }
        if let patience = settings.patience {
            guard monitored else {
                throw .invalidConfiguration(problem: "early stopping (patience \(patience)) needs held-out data to watch; pass a validation set")
            }
            earlyStopping = EarlyStopping(patience: patience)
        }
    }

    /// At the start of epoch `epoch` (0-based): dropout on, its masks and the augmentation's
    /// shifts seeded from (seed, epoch) so that any epoch can be recreated on its own.
    /// Returns the augmentation's generator for this epoch.
    func startEpochGeneralisation(_ epoch: Int) -> Xoshiro256StarStar {
        network.reseedDropout(seed: configuration.seed, epoch: epoch)
        network.isTraining = true
        var mixer = SplitMix64(seed: configuration.seed ^ 0xA06E_0000 ^ (UInt64(epoch) &+ 1) &* 0x94D0_49BB_1331_11EB)
        return Xoshiro256StarStar(seed: mixer.next())
    }
}
