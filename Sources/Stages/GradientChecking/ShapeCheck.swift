// Shape validation of what the learner's code returned, before any arithmetic on it (a
// mismatched shape would otherwise trap inside a matrix operation): "your dW2 is 5×3,
// expected 3×5 (K×H): it is transposed — check the order of the factors".
import Linalg

/// Messages for returned tensors of the wrong shape.
public enum ShapeCheck {
    /// nil when `rows`×`columns` is the expected shape; otherwise one line naming both shapes
    /// (and `label`, the shape in the lesson's symbols), saying when it is the transpose.
    public static func mismatch(name: String, rows: Int, columns: Int, expectedRows: Int, expectedColumns: Int,
                                label: String? = nil) -> String? {
        if rows == expectedRows && columns == expectedColumns { return nil }
        let expected = "\(expectedRows)×\(expectedColumns)" + (label.map { " (\($0))" } ?? "")
        var line = "your \(name) is \(rows)×\(columns), expected \(expected)"
        if rows == expectedColumns && columns == expectedRows {
            line += ": it is transposed — check the order of the factors (and which one carries the ᵀ)"
        } else if rows * columns == expectedRows * expectedColumns {
            line += ": the right number of entries in the wrong shape — check how you build it"
        } else {
            line += ": check which matrices you multiply and which dimension you sum over"
        }
        return line
    }

    /// `mismatch` for a matrix.
    public static func mismatch(name: String, _ matrix: Matrix<Double>, expectedRows: Int, expectedColumns: Int,
                                label: String? = nil) -> String? {
        mismatch(name: name, rows: matrix.rows, columns: matrix.columns, expectedRows: expectedRows,
                 expectedColumns: expectedColumns, label: label)
    }

    /// `mismatch` for nested rows (`[[Double]]`, e.g. lesson 2's weights): ragged rows are a
    /// mismatch too, naming the first row of the wrong length.
    public static func mismatch(name: String, nested: [[Double]], expectedRows: Int, expectedColumns: Int,
                                label: String? = nil) -> String? {
        if nested.count != expectedRows {
            return mismatch(name: name, rows: nested.count, columns: nested.first?.count ?? 0,
                            expectedRows: expectedRows, expectedColumns: expectedColumns, label: label)
        }
        if let bad = nested.firstIndex(where: { $0.count != expectedColumns }) {
            return "row \(bad) of your \(name) has \(nested[bad].count) entries, expected \(expectedColumns)"
                + (label.map { " (\(name) is \($0))" } ?? "") + ": check the inner loop's range"
        }
        return nil
    }

    /// `mismatch` for a vector of `expectedCount` entries.
    public static func mismatch(name: String, vector: [Double], expectedCount: Int, label: String? = nil) -> String? {
        if vector.count == expectedCount { return nil }
        return "your \(name) has \(vector.count) entries, expected \(expectedCount)" + (label.map { " (\($0))" } ?? "")
            + ": check the loop that fills it"
    }

    /// The first mismatch of several (name, message-or-nil) results, all joined one per line,
    /// or nil when every shape is right.
    public static func combined(_ messages: [String?]) -> String? {
        let found = messages.compactMap { $0 }
        return found.isEmpty ? nil : found.joined(separator: "\n")
    }
}
