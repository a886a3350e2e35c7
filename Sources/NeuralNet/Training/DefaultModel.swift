// The course's default Fashion-MNIST model: what `backprop train` trains with no options and
// what lesson 10 trains. One definition, so the CLI and the lesson cannot drift apart.

/// The default model and how it is trained.
///
/// Chosen from measured runs on this repository's 2-core machine (see README, "Training
/// results"): a plain two-hidden-layer ReLU MLP with Adam and a step-decayed learning rate
/// reached ≈ 89.9% test accuracy in 15 epochs, above every reference architecture of lesson 10.
public enum DefaultModel {
    /// Layer sizes: 784 inputs, two hidden layers of 256, 10 classes.
    public static let architecture = "784-256-256-10"
    /// Hidden activation(s).
    public static let activations = "relu"
    /// Output head and loss.
    public static let output = "softmax+ce"
    /// Seed for initialisation and shuffling.
    public static let seed: UInt64 = 1

    /// Adam, lr 1e-3 multiplied by 0.3 every 5 epochs, batch 128, 15 epochs.
    public static let configuration = TrainingConfiguration(
        epochs: 15, batchSize: 128, optimizer: .adam, learningRate: 1e-3,
        schedule: .step(everyEpochs: 5, factor: 0.3), seed: seed)

    /// The architecture parsed (cannot fail for the constants above; checked by a test).
    public static func parsedArchitecture() throws(ArchitectureError) -> Architecture {
        try Architecture(parsing: architecture, activations: activations, output: output)
    }
}
