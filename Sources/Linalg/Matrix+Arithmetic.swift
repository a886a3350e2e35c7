// Elementwise arithmetic and reductions. Shapes: A, B are R×C unless stated.

extension Matrix {
    @inlinable
    func preconditionSameShape(_ other: Matrix, _ operation: String) {
        guard rows == other.rows && columns == other.columns else {
            shapeFailure("\(operation): shapes differ, \(shapeDescription) vs \(other.shapeDescription)")
        }
    }

    /// Elementwise A + B.
    @inlinable
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        lhs.preconditionSameShape(rhs, "Matrix +")
        var result = lhs
        for i in 0..<result.elements.count { result.elements[i] += rhs.elements[i] }
        return result
    }

    /// Elementwise A − B.
    @inlinable
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        lhs.preconditionSameShape(rhs, "Matrix -")
        var result = lhs
        for i in 0..<result.elements.count { result.elements[i] -= rhs.elements[i] }
        return result
    }

    /// A scaled by s.
    @inlinable
    public static func * (scale: Scalar, matrix: Matrix) -> Matrix {
        matrix.map { scale * $0 }
    }

    /// In-place A += B.
    @inlinable
    public static func += (lhs: inout Matrix, rhs: Matrix) {
        lhs.preconditionSameShape(rhs, "Matrix +=")
        for i in 0..<lhs.elements.count { lhs.elements[i] += rhs.elements[i] }
    }

    /// In-place A −= B.
    @inlinable
    public static func -= (lhs: inout Matrix, rhs: Matrix) {
        lhs.preconditionSameShape(rhs, "Matrix -=")
        for i in 0..<lhs.elements.count { lhs.elements[i] -= rhs.elements[i] }
    }

    /// Elementwise (Hadamard) product A ⊙ B.
    @inlinable
    public func hadamard(_ other: Matrix) -> Matrix {
        preconditionSameShape(other, "Matrix.hadamard")
        var result = self
        for i in 0..<result.elements.count { result.elements[i] *= other.elements[i] }
        return result
    }

    /// A new matrix with `transform` applied to each element.
    @inlinable
    public func map(_ transform: (Scalar) throws -> Scalar) rethrows -> Matrix {
        Matrix(rows: rows, columns: columns, elements: try elements.map(transform))
    }

    /// A + b broadcast over rows: `bias` is 1×C (or C×1), added to every row of this R×C matrix.
    @inlinable
    public func addingRowVector(_ bias: Matrix) -> Matrix {
        guard bias.count == columns else {
            shapeFailure("addingRowVector: bias \(bias.shapeDescription) does not match \(columns) columns of \(shapeDescription)")
        }
        var result = self
        for r in 0..<rows {
            for c in 0..<columns { result.elements[r * columns + c] += bias.elements[c] }
        }
        return result
    }

    /// Column sums: Σ over rows, a 1×C row vector (the bias gradient of a batch).
    @inlinable
    public func sumOfRows() -> Matrix {
        var result = Matrix(rows: 1, columns: columns)
        for r in 0..<rows {
            for c in 0..<columns { result.elements[c] += elements[r * columns + c] }
        }
        return result
    }

    /// Row sums: Σ over columns, an R×1 column vector.
    @inlinable
    public func sumOfColumns() -> Matrix {
        var result = Matrix(rows: rows, columns: 1)
        for r in 0..<rows {
            var total: Scalar = 0
            for c in 0..<columns { total += elements[r * columns + c] }
            result.elements[r] = total
        }
        return result
    }

    /// Sum of all elements.
    @inlinable
    public func sum() -> Scalar { elements.reduce(0, +) }

    /// Largest |element|, 0 for an empty matrix, NaN if any element is NaN. (`Swift.max` alone
    /// would skip a NaN, and a check "max |a − b| ≤ tolerance" would then pass NaN gradients.)
    @inlinable
    public func maxAbs() -> Scalar { elements.reduce(0) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, Swift.abs($1)) } }

    /// Index of the largest element of each row (ties: first), e.g. the predicted class.
    @inlinable
    public func argmaxOfRows() -> [Int] {
        (0..<rows).map { r in
            var best = 0
            for c in 1..<Swift.max(columns, 1) where elements[r * columns + c] > elements[r * columns + best] { best = c }
            return best
        }
    }
}
