// Shapes: a matrix is rows×columns, stored row-major: element (r, c) lives at r·columns + c.

/// A dense, row-major matrix of `Float` or `Double`.
///
/// Value semantics (copy-on-write through the underlying array). Shapes are checked:
/// combining matrices of incompatible shapes is a programmer error and stops with a
/// `precondition` message naming both shapes.
public struct Matrix<Scalar: Real>: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements, row-major: `elements[r * columns + c]`.
    public var elements: [Scalar]

    /// A matrix with every element equal to `value`.
    @inlinable
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix shape must be non-negative, got \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from row-major elements; `elements.count` must equal `rows * columns`.
    @inlinable
    public init(rows: Int, columns: Int, elements: [Scalar]) {
        precondition(rows >= 0 && columns >= 0, "Matrix shape must be non-negative, got \(rows)×\(columns)")
        precondition(elements.count == rows * columns,
                     "Matrix \(rows)×\(columns) needs \(rows * columns) elements, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from nested rows: `Matrix([[1, 2], [3, 4]])`. All rows must have equal length.
    @inlinable
    public init(_ nestedRows: [[Scalar]]) {
        let columnCount = nestedRows.first?.count ?? 0
        for (index, row) in nestedRows.enumerated() {
            precondition(row.count == columnCount,
                         "Matrix rows must have equal length: row 0 has \(columnCount), row \(index) has \(row.count)")
        }
        self.init(rows: nestedRows.count, columns: columnCount, elements: nestedRows.flatMap { $0 })
    }

    /// A matrix whose element (r, c) is `value(r, c)`.
    @inlinable
    public init(rows: Int, columns: Int, _ value: (_ row: Int, _ column: Int) throws -> Scalar) rethrows {
        precondition(rows >= 0 && columns >= 0, "Matrix shape must be non-negative, got \(rows)×\(columns)")
        var elements: [Scalar] = []
        elements.reserveCapacity(rows * columns)
        for r in 0..<rows {
            for c in 0..<columns { elements.append(try value(r, c)) }
        }
        self.init(rows: rows, columns: columns, elements: elements)
    }

    /// A column vector (n×1).
    @inlinable
    public init(column values: [Scalar]) { self.init(rows: values.count, columns: 1, elements: values) }

    /// A row vector (1×n).
    @inlinable
    public init(row values: [Scalar]) { self.init(rows: 1, columns: values.count, elements: values) }

    /// The n×n identity.
    @inlinable
    public static func identity(_ n: Int) -> Matrix {
        Matrix(rows: n, columns: n) { r, c in r == c ? 1 : 0 }
    }

    /// Element (row, column), bounds-checked.
    @inlinable
    public subscript(row: Int, column: Int) -> Scalar {
        get {
            guard row >= 0 && row < rows && column >= 0 && column < columns else {
                shapeFailure("Index (\(row), \(column)) out of range for \(shapeDescription) matrix")
            }
            return elements[row * columns + column]
        }
        set {
            guard row >= 0 && row < rows && column >= 0 && column < columns else {
                shapeFailure("Index (\(row), \(column)) out of range for \(shapeDescription) matrix")
            }
            elements[row * columns + column] = newValue
        }
    }

    /// "rows×columns", e.g. "64×784".
    public var shapeDescription: String { "\(rows)×\(columns)" }

    /// Number of elements.
    @inlinable public var count: Int { rows * columns }

    /// Row `r` as an array.
    @inlinable
    public func row(_ r: Int) -> [Scalar] {
        guard r >= 0 && r < rows else {
            shapeFailure("Row \(r) out of range for \(shapeDescription) matrix")
        }
        return Array(elements[(r * columns)..<((r + 1) * columns)])
    }

    /// Rows `range` as a new matrix (used to slice mini-batches).
    @inlinable
    public func rows(_ range: Range<Int>) -> Matrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows,
                     "Rows \(range) out of range for \(shapeDescription) matrix")
        return Matrix(rows: range.count, columns: columns,
                      elements: Array(elements[(range.lowerBound * columns)..<(range.upperBound * columns)]))
    }

    /// The same elements converted to another scalar type (Float ↔ Double).
    @inlinable
    public func converted<Other: Real>(to: Other.Type = Other.self) -> Matrix<Other> {
        Matrix<Other>(rows: rows, columns: columns, elements: elements.map { Other($0) })
    }

    /// The transpose, materialised (columns×rows). Hot loops should use the transposed
    /// matmul layouts instead of calling this.
    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for r in 0..<rows {
            for c in 0..<columns { result.elements[c * rows + r] = elements[r * columns + c] }
        }
        return result
    }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        var lines = ["Matrix<\(Scalar.self)> \(shapeDescription)"]
        for r in 0..<min(rows, 8) {
            let shown = (0..<min(columns, 8)).map { "\(elements[r * columns + $0])" }
            lines.append("  [" + shown.joined(separator: ", ") + (columns > 8 ? ", …]" : "]"))
        }
        if rows > 8 { lines.append("  …") }
        return lines.joined(separator: "\n")
    }
}
