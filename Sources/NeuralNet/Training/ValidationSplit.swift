// Carving a validation set out of the training set. N = samples, V = validation samples.

extension LabelledData {
    /// Splits off the last `validationCount` samples as a validation set: the first N − V
    /// stay for training. The two share no sample (they are disjoint ranges of rows), and the
    /// test set is not involved at all, so choosing epochs or settings by validation accuracy
    /// leaves the test set untouched until the one final measurement.
    /// Requires 0 < V < N.
    public func splittingValidation(count validationCount: Int) -> (training: LabelledData, validation: LabelledData) {
        precondition(validationCount > 0 && validationCount < count,
                     "splittingValidation: \(validationCount) validation samples out of \(count); need 0 < V < N")
        let cut = count - validationCount
        let training = LabelledData(inputs: inputs.rows(0..<cut), labels: Array(labels[0..<cut]), classCount: classCount)
        let validation = LabelledData(inputs: inputs.rows(cut..<count), labels: Array(labels[cut..<count]), classCount: classCount)
        return (training, validation)
    }
}
