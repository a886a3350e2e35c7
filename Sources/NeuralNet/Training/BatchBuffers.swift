// Preallocated mini-batch buffers. B = batch size, R = N mod B, D = inputs, K = classes.
import Linalg

/// Two input/target pairs, allocated once: B×D and B×K for full batches, R×D and R×K for
/// the epoch's last partial batch (R = N mod B). `fill` copies rows in place.
struct BatchBuffers<Scalar: Real> {
    var inputs: Matrix<Scalar>
    var targets: Matrix<Scalar>
    var remainderInputs: Matrix<Scalar>
    var remainderTargets: Matrix<Scalar>

    init(batchSize: Int, remainder: Int, inputs inputCount: Int, classes: Int) {
        inputs = Matrix(rows: batchSize, columns: inputCount)
        targets = Matrix(rows: batchSize, columns: classes)
        remainderInputs = Matrix(rows: remainder, columns: inputCount)
        remainderTargets = Matrix(rows: remainder, columns: classes)
    }

    /// Copies the rows `indices` of `data` into the buffer of that size and writes one-hot
    /// targets; returns the filled (input, targets) pair.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    mutating func fill(from data: LabelledData<Scalar>, indices: ArraySlice<Int>)
        -> (input: Matrix<Scalar>, targets: Matrix<Scalar>) {
        if indices.count == inputs.rows {
            Self.gather(data, indices, into: &inputs, targets: &targets)
            return (inputs, targets)
        }
        precondition(indices.count == remainderInputs.rows,
                     "BatchBuffers: batch of \(indices.count) rows but buffers hold \(inputs.rows) and \(remainderInputs.rows)")
        Self.gather(data, indices, into: &remainderInputs, targets: &remainderTargets)
        return (remainderInputs, remainderTargets)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func gather(_ data: LabelledData<Scalar>, _ indices: ArraySlice<Int>,
                       into input: inout Matrix<Scalar>, targets: inout Matrix<Scalar>) {
        let classes = targets.columns
        input.gatherRows(from: data.inputs.elements, rowIndices: indices)
        targets.elements.withUnsafeMutableBufferPointer { oneHot in
            oneHot.update(repeating: 0)
            for (row, sample) in indices.enumerated() { oneHot[row * classes + data.labels[sample]] = 1 }
        }
    }
}
