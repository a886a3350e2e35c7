// Mini-batch gathering: the right rows, one-hot targets, and buffers reused in place.
import Linalg
import Testing
@testable import NeuralNet

@Suite("Training batches")
struct TrainingBatchTests {
    @Test("fill copies the chosen rows and one-hot labels, reusing its buffers")
    func fillGathersRows() {
        let data = separableData(count: 10, dimensions: 3, classes: 4, seed: 21)
        var buffers = BatchBuffers<Float>(batchSize: 4, remainder: 2, inputs: 3, classes: 4)
        let order = [7, 2, 9, 0, 5, 1, 3, 8, 6, 4]
        func address(_ m: Matrix<Float>) -> UnsafePointer<Float>? { m.elements.withUnsafeBufferPointer { $0.baseAddress } }
        let before = address(buffers.inputs)
        for (lower, upper) in [(0, 4), (4, 8), (8, 10)] {
            let (input, targets) = buffers.fill(from: data, indices: order[lower..<upper])
            #expect(input.rows == upper - lower && targets.rows == upper - lower)
            for (row, sample) in order[lower..<upper].enumerated() {
                #expect(input.row(row) == data.inputs.row(sample))
                let expected = (0..<4).map { $0 == data.labels[sample] ? Float(1) : 0 }
                #expect(targets.row(row) == expected)
            }
        }
        _ = buffers.fill(from: data, indices: order[0..<4])
        #expect(address(buffers.inputs) == before)   // written in place, not reallocated
    }
}
