// Batch gathering: the chosen rows, in the chosen order, on one thread or split over the pool.
import Testing
@testable import Linalg

@Suite("Gathering rows")
struct GatherRowsTests {
    /// 3 rows of 5 (one thread) and 129 rows of 784 (above the split size, an odd row count so
    /// the two blocks differ), indices in shuffled order with repeats.
    @Test("row r is source row indices[r]", arguments: [(3, 5), (129, 784)])
    func copiesChosenRows(rows: Int, width: Int) {
        let sourceRows = 300
        let source = (0..<(sourceRows * width)).map { Float($0) }
        var generator = SplitMix64(seed: 3)
        let indices = (0..<rows).map { _ in Int.random(in: 0..<sourceRows, using: &generator) } + [7]
        var batch = Matrix<Float>(rows: rows, columns: width, repeating: -1)
        batch.gatherRows(from: source, rowIndices: indices[0..<rows])
        for r in 0..<rows {
            #expect(Array(batch.elements[(r * width)..<((r + 1) * width)]) == Array(source[(indices[r] * width)..<((indices[r] + 1) * width)]))
        }
    }
}
