// The reference write-ups lesson 10 compares with (design.md §2): what each trained and the
// test accuracy it reports. The figures are theirs, not measured here.

/// One reference architecture as its write-up describes it.
struct ReferenceArchitecture {
    /// The public write-up, as lesson 10 names it (a GitHub repository or a script's name).
    let writeUp: String
    /// Layer widths, e.g. "784-128-10".
    let layers: String
    /// Activations, loss and training recipe, short enough for an 80-column table.
    let recipe: String
    /// "Fashion" (Fashion-MNIST) or "digits" (the original MNIST).
    let data: String
    /// The reported test accuracy, as the write-up states it.
    let reported: String

    static let all = [
        ReferenceArchitecture(writeUp: "NN_from_scratch.py", layers: "784-128-10", recipe: "sigmoid + MSE, SGD 0.1, B=100",
                              data: "Fashion", reported: "85.38%"),
        ReferenceArchitecture(writeUp: "shiven-taneja/Neural-Net-From-Scratch-with-Numpy-Fashion-MNIST-dataset", layers: "784-30-10-10",
                              recipe: "ReLU, CE, SGD 0.1, B=256", data: "Fashion", reported: ">85%"),
        ReferenceArchitecture(writeUp: "anoban/NNetworks", layers: "784-10-10", recipe: "ReLU, CE, full-batch GD 0.1",
                              data: "digits", reported: "92.88%"),
        ReferenceArchitecture(writeUp: "Keith-Dao/Neural-Net-From-Scratch", layers: "784-250-250-10", recipe: "ReLU, CE, lr 5e-3, B=256",
                              data: "digits", reported: "88.93%"),
    ]
}

/// A step that needs the trained model could not get one.
enum FullTrainingError: Error, CustomStringConvertible {
    case notTrained
    var description: String {
        "error: the model was not trained\nhint: run the lesson's `train` step first (`backprop run 10`)."
    }
}
