// Bias-style row-vector operations without allocation, for layers working in preallocated
// buffers. Shapes: the matrix is R×C (row stride ≥ C), the row vector 1×C.

extension Matrix {
    /// In place A[r][c] += bias[c] for every row r: the bias add of a dense layer, Z = XW + b.
    /// `bias` is 1×C (or C×1).
    @inlinable
    public mutating func addRowVectorInPlace(_ bias: Matrix) {
        guard bias.count == columns else {
            shapeFailure("addRowVectorInPlace: bias \(bias.shapeDescription) does not match \(columns) columns of \(shapeDescription)")
        }
        let (rowCount, columnCount) = (rows, columns)
        bias.elements.withUnsafeBufferPointer { biasBuffer in
            elements.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress, let biasBase = biasBuffer.baseAddress else { return }
                RowVector.add(biasBase, to: base, rows: rowCount, columns: columnCount, stride: columnCount)
            }
        }
    }

    /// Column sums written into `result` (1×C): the bias gradient ∂L/∂b = Σ_rows ∂L/∂Z.
    /// Assigns, or adds to `result` when `accumulate`.
    @inlinable
    public func sumOfRows(into result: inout Matrix, accumulate: Bool = false) {
        precondition(result.count == columns,
                     "sumOfRows(into:): result \(result.shapeDescription) does not match \(columns) columns of \(shapeDescription)")
        let (rowCount, columnCount) = (rows, columns)
        elements.withUnsafeBufferPointer { buffer in
            result.elements.withUnsafeMutableBufferPointer { resultBuffer in
                guard let resultBase = resultBuffer.baseAddress else { return }
                if !accumulate { resultBase.update(repeating: 0, count: columnCount) }
                guard let base = buffer.baseAddress else { return }
                RowVector.addSumOfRows(of: base, rows: rowCount, columns: columnCount, stride: columnCount, into: resultBase)
            }
        }
    }
}

/// Row-vector kernels on raw buffers. Inner loops run along a row (unit stride) so they vectorise.
public enum RowVector {
    /// matrix[r][c] += vector[c] for r in 0..<rows, c in 0..<columns.
    /// - `matrix`: rows×columns, row stride `stride`; `vector`: `columns` elements.
    @inlinable
    public static func add<S: Real>(_ vector: UnsafePointer<S>, to matrix: UnsafeMutablePointer<S>,
                                    rows: Int, columns: Int, stride: Int) {
        precondition(rows >= 0 && columns >= 0 && stride >= columns,
                     "RowVector.add: \(rows)×\(columns) with row stride \(stride)")
        for r in 0..<rows {
            let row = matrix + r &* stride
            for c in 0..<columns { row[c] += vector[c] }
        }
    }

    /// sums[c] += Σ_r matrix[r][c] (adds; zero `sums` first to assign).
    /// - `matrix`: rows×columns, row stride `stride`; `sums`: `columns` elements.
    @inlinable
    public static func addSumOfRows<S: Real>(of matrix: UnsafePointer<S>, rows: Int, columns: Int, stride: Int,
                                             into sums: UnsafeMutablePointer<S>) {
        precondition(rows >= 0 && columns >= 0 && stride >= columns,
                     "RowVector.addSumOfRows: \(rows)×\(columns) with row stride \(stride)")
        for r in 0..<rows {
            let row = matrix + r &* stride
            for c in 0..<columns { sums[c] += row[c] }
        }
    }
}
