// Copying chosen rows of a dataset into a batch matrix. Shapes: source S×D (flat, row-major),
// batch B×D, indices B values in 0..<S.

extension Matrix {
    /// Row r of `self` ← row `rowIndices[r]` of `source` (a flat S×`columns` row-major array),
    /// for every row of `self`. No allocation.
    ///
    /// A training step's gather reads B rows scattered over a 188 MB dataset, each from main
    /// memory rather than cache (~40 µs for 128 rows of 784 Floats, a tenth of a step). Large
    /// batches are therefore copied in one block of rows per thread of `WorkerPool.shared`, so
    /// both cores wait on memory at once.
    public mutating func gatherRows(from source: [Scalar], rowIndices: ArraySlice<Int>) {
        let (count, width) = (rows, columns)
        precondition(rowIndices.count == count, "gatherRows: \(rowIndices.count) indices for a matrix of \(count) rows")
        precondition(width > 0 ? source.count % width == 0 : true, "gatherRows: \(source.count) source values are not rows of \(width)")
        let sourceRows = width > 0 ? source.count / width : 0
        guard count > 0 && width > 0 else { return }
        source.withUnsafeBufferPointer { from in
            rowIndices.withContiguousStorageIfAvailable { indices in
                elements.withUnsafeMutableBufferPointer { to in
                    let (from, indices, to) = (from.baseAddress!, indices.baseAddress!, to.baseAddress!)
                    let parts = count * width >= 16_384 ? Swift.min(WorkerPool.shared.threadCount, count) : 1
                    WorkerPool.shared.run(parts: parts) { part in
                        for row in (count * part / parts)..<(count * (part + 1) / parts) {
                            let sample = indices[row]
                            precondition(sample >= 0 && sample < sourceRows, "gatherRows: row index \(sample) outside 0..<\(sourceRows)")
                            (to + row &* width).update(from: from + sample &* width, count: width)
                        }
                    }
                }
            } ?? {
                // Not contiguous (never for an ArraySlice of an Array): copy the indices first.
                gatherRows(from: source, rowIndices: ArraySlice(Array(rowIndices)))
            }()
        }
    }
}
