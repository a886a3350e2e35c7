// A point that cannot be drawn (NaN) splits a series into separate curves in the terminal,
// as it does in the SVG export: lesson 12 draws several contour lines as one series that way.
import Foundation
import Testing
@testable import LessonEngine

@Suite("Terminal charts: gaps at undrawable points")
struct ChartGapTests {
    /// Plain-mode plot rows (the lines between the y label and the x axis).
    func plotRows(_ chart: Chart) -> [String] {
        let lines = ChartRenderer.render(chart, style: plain, height: 9)
        return lines.filter { ($0.contains("|") || $0.contains("+")) && !$0.contains("+---") && !$0.contains("-+-") }
    }

    @Test("two horizontal segments split by a NaN are not joined by a diagonal")
    func nanSplitsASeries() throws {
        let split = Chart(title: "two lines", xLabel: "x", yLabel: "y", series: [
            .init(name: "pair", x: [0, 10, .nan, 0, 10], y: [0, 0, .nan, 10, 10]),
        ])
        let rows = plotRows(split)
        #expect(rows.count >= 9)
        // Only the top and bottom rows hold markers; a bridge from (10, 0) to (0, 10) would cross every row.
        let marked = rows.enumerated().filter { $0.element.contains("*") }.map(\.offset)
        #expect(marked == [0, rows.count - 1], "\(rows.joined(separator: "\n"))")
        // Without the NaN the same points are joined: the middle rows are crossed.
        let joined = Chart(title: "one line", xLabel: "x", yLabel: "y", series: [
            .init(name: "pair", x: [0, 10, 0, 10], y: [0, 0, 10, 10]),
        ])
        let joinedRows = plotRows(joined)
        #expect(joinedRows.filter { $0.contains("*") }.count == joinedRows.count)
    }

    @Test("a point alone between two gaps is not drawn as a line, and the axes ignore NaN")
    func lonePointAndRange() {
        let chart = Chart(title: "t", xLabel: "x", yLabel: "y", series: [
            .init(name: "s", x: [.nan, 3, .nan, 0, 6], y: [.nan, 3, .nan, 0, 6]),
        ])
        let text = ChartRenderer.render(chart, style: plain, height: 7).joined(separator: "\n")
        #expect(!text.contains("nan"))
        #expect(text.contains("*"))
    }
}
