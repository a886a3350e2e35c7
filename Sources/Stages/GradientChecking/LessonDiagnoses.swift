// What the diagnosis knows about each exercised lesson: tensor labels, the sizes a constant
// factor may be named after, and the derivation's steps (numbered as in the lesson text).
// Shapes: N samples, D inputs, H hidden units, K outputs.

extension DiagnosisContext {
    /// Lesson 2: one sample's four families (the stage averages them over the batch, so a
    /// learner's factor can only be K or 2, not N).
    static func chainRule(outputCount k: Int) -> DiagnosisContext {
        let hidden = TensorAxis("hidden unit", "H"), input = TensorAxis("input", "D"), output = TensorAxis("output", "K")
        return DiagnosisContext(
            labels: ["∂L/∂w_h": TensorLabels(shape: "H×D", rows: hidden, columns: input),
                     "∂L/∂b_h": TensorLabels(shape: "H", columns: hidden),
                     "∂L/∂w_o": TensorLabels(shape: "K×H", rows: output, columns: hidden),
                     "∂L/∂b_o": TensorLabels(shape: "K", columns: output)],
            factors: [NamedFactor("K", Double(k), lookAt: "the mean over the K outputs in the loss")],
            steps: [ChainStep(1, "∂L/∂o_k", feeds: ["∂L/∂w_h", "∂L/∂b_h", "∂L/∂w_o", "∂L/∂b_o"]),
                    ChainStep(2, "the output sigmoid's slope", feeds: ["∂L/∂w_h", "∂L/∂b_h", "∂L/∂w_o", "∂L/∂b_o"]),
                    ChainStep(3, "the output δ_k", feeds: ["∂L/∂w_h", "∂L/∂b_h", "∂L/∂w_o", "∂L/∂b_o"]),
                    ChainStep(4, "the output weights' factor", feeds: ["∂L/∂w_o"]),
                    ChainStep(4, "the output bias's factor", feeds: ["∂L/∂b_o"]),
                    ChainStep(5, "∂L/∂h_j, the sum over outputs", feeds: ["∂L/∂w_h", "∂L/∂b_h"]),
                    ChainStep(6, "the hidden layer's δ", feeds: ["∂L/∂w_h", "∂L/∂b_h"]),
                    ChainStep(7, "the hidden weights' factor", feeds: ["∂L/∂w_h"]),
                    ChainStep(7, "the hidden bias's factor", feeds: ["∂L/∂b_h"])])
    }

    /// Lesson 4: the batch gradients dW1, db1, dW2, db2.
    static func vectorisedBackprop(sampleCount n: Int, outputCount k: Int) -> DiagnosisContext {
        let hidden = TensorAxis("hidden unit", "H"), input = TensorAxis("input", "D"), output = TensorAxis("output", "K")
        let all: Set<String> = ["dW1", "db1", "dW2", "db2"]
        return DiagnosisContext(
            labels: ["dW1": TensorLabels(shape: "H×D", rows: hidden, columns: input),
                     "db1": TensorLabels(shape: "1×H", columns: hidden),
                     "dW2": TensorLabels(shape: "K×H", rows: output, columns: hidden),
                     "db2": TensorLabels(shape: "1×K", columns: output)],
            factors: [NamedFactor("N", Double(n), lookAt: "where you average over the batch"),
                      NamedFactor("K", Double(k), lookAt: "the mean over the K outputs in the loss")],
            steps: [ChainStep(1, "dO", feeds: all), ChainStep(2, "dZ2", feeds: all),
                    ChainStep(3, "dW2", feeds: ["dW2"]), ChainStep(4, "db2", feeds: ["db2"]),
                    ChainStep(5, "dA1", feeds: ["dW1", "db1"]), ChainStep(6, "dZ1, the hidden layer's δ", feeds: ["dW1", "db1"]),
                    ChainStep(7, "dW1", feeds: ["dW1"]), ChainStep(7, "db1", feeds: ["db1"])])
    }

    /// Lesson 5: ∂L/∂Z (N×K), rows are samples.
    static func softmaxCrossEntropy(sampleCount n: Int, classCount k: Int) -> DiagnosisContext {
        DiagnosisContext(
            labels: ["∂L/∂Z": TensorLabels(shape: "N×K", rows: TensorAxis("sample", "N"), columns: TensorAxis("class", "K")),
                     "softmax": TensorLabels(shape: "N×K", rows: TensorAxis("sample", "N"), columns: TensorAxis("class", "K"))],
            factors: [NamedFactor("N", Double(n), lookAt: "where you average over the batch"),
                      NamedFactor("K", Double(k), lookAt: "whether you divide by the number of classes (the loss does not)")])
    }

    /// Lesson 6: the ReLU network's four gradients; only dW1 and db1 pass through reluBackward.
    static func reluKinks(sampleCount n: Int) -> DiagnosisContext {
        var context = vectorisedBackprop(sampleCount: n, outputCount: 1)
        context.factors = [NamedFactor("N", Double(n), lookAt: "where you average over the batch")]
        context.steps = [ChainStep(6, "your reluBackward (dZ1 = dA1 through ReLU)", feeds: ["dW1", "db1"])]
        return context
    }
}
