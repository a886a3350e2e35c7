// Lesson 9 exercise: the SGD update and the mini-batch loop's batches.
// Shapes: a parameter tensor θ and its gradient g have the same count P (flat arrays);
// a data set of `count` samples is cut into batches of at most `batchSize`.
//
// Replace each placeholder (marked TODO), then run `backprop run 9`: your update and batches
// train a small model and are compared with the reference on edge cases.
public enum ExerciseSGD {
    // region update
    /// One plain SGD step on one parameter tensor, in place.
    public static func update(parameter theta: inout [Float], gradient g: [Float], learningRate eta: Float) {
        precondition(theta.count == g.count, "update: θ has \(theta.count) entries, g has \(g.count)")
        for i in 0..<theta.count { theta[i] -= eta * g[i] }
    }
    // endregion

    // region batches
    /// The index ranges of one epoch's mini-batches over `count` samples (in shuffled order):
    /// consecutive, covering 0..<count once, each at most `batchSize` long.
    public static func batchRanges(count: Int, batchSize: Int) -> [Range<Int>] {
        precondition(batchSize > 0, "batchRanges: batchSize must be positive, got \(batchSize)")
        return stride(from: 0, to: count, by: batchSize).map { $0..<min($0 + batchSize, count) }
    }
    // endregion
}
