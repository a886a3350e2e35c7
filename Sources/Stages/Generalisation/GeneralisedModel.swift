// The model lesson 13 trains past 91%: what it is, and how it is trained. One definition, so
// the lesson, its tests and the README's `backprop train` command cannot drift apart.
import NeuralNet

/// The regularised model of lesson 13 (the README gives the equivalent `backprop train` command).
public enum GeneralisedModel {
    public static let architecture = "784-512-512-10"
    public static let seed: UInt64 = 1
    /// Training images held out for validation (the last ones of the file).
    public static let validationCount = 5_000
    /// The test-accuracy gate of the full run.
    public static let accuracyGate = 0.91

    /// Adam with decoupled weight decay, step decay, dropout on both hidden layers, shifts of up
    /// to 1 pixel, early stopping on validation accuracy.
    public static var configuration: TrainingConfiguration {
        var configuration = TrainingConfiguration(
            epochs: 30, batchSize: 128, optimizer: .adam, learningRate: 1e-3, weightDecay: 0.05,
            schedule: .step(everyEpochs: 10, factor: 0.3), seed: seed)
        configuration.generalisation = GeneralisationSettings(dropout: [0.2], augmentation: Augmentation(maxShift: 1), patience: 8)
        return configuration
    }

    /// The `backprop train` options that give the same run.
    public static let commandOptions = "--arch 784-512-512-10 --dropout 0.2 --augment 1 --weight-decay 0.05 --epochs 30 --lr-step 10:0.3 --validation 5000 --patience 8"
}
