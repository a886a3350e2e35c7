// HTML export: a heatmap (e.g. a confusion matrix) and its SVG rendering — cells shaded by
// value from near-white to dark blue, the number in each cell in black or white by contrast,
// labels on both axes.
import Foundation

/// A matrix of values with row and column labels, shown as shaded cells.
public struct Heatmap: Sendable, Equatable {
    /// How cell numbers are written.
    public enum ValueFormat: Sendable, Equatable {
        /// `1234` (rounded).
        case integer
        /// Fixed decimals: `0.25`.
        case decimal(places: Int)
        /// Fraction shown as a percentage: 0.253 → `25.3%`.
        case percent(places: Int)

        public func format(_ value: Double) -> String {
            guard value.isFinite else { return "–" }
            switch self {
            case .integer: return String(format: "%.0f", value)
            case .decimal(let places): return String(format: "%.\(places)f", value)
            case .percent(let places): return String(format: "%.\(places)f%%", value * 100)
            }
        }
    }

    public var title: String
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// rows × columns.
    public var values: [[Double]]
    public var valueFormat: ValueFormat
    /// Axis titles, e.g. "true class" and "predicted class".
    public var rowTitle: String
    public var columnTitle: String

    public init(title: String, rowLabels: [String], columnLabels: [String], values: [[Double]],
                valueFormat: ValueFormat = .integer, rowTitle: String = "", columnTitle: String = "") {
        precondition(values.count == rowLabels.count,
                     "Heatmap \(title): \(values.count) rows of values but \(rowLabels.count) row labels")
        precondition(values.allSatisfy { $0.count == columnLabels.count },
                     "Heatmap \(title): every row needs \(columnLabels.count) values (one per column label)")
        self.title = title
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.valueFormat = valueFormat
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
    }
}

/// Renders `Heatmap`s as SVG.
public enum SVGHeatmap {
    /// The fill for a cell whose value sits at `fraction` (0…1) of the value range: a straight
    /// sRGB blend from #f7fbff (0) to #08306b (1), so darkness grows monotonically with value.
    public static func fill(fraction: Double) -> (red: Int, green: Int, blue: Int) {
        let t = min(1, max(0, fraction.isFinite ? fraction : 0))
        func blend(_ from: Double, _ to: Double) -> Int { Int((from + (to - from) * t).rounded()) }
        return (blend(0xf7, 0x08), blend(0xfb, 0x30), blend(0xff, 0x6b))
    }

    /// WCAG relative luminance of an sRGB colour (0 black … 1 white).
    public static func luminance(red: Int, green: Int, blue: Int) -> Double {
        func linear(_ channel: Int) -> Double {
            let c = Double(channel) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// The heatmap as an `<svg>` element; cells are `cellSize` units square.
    public static func render(_ heatmap: Heatmap, cellSize: Double = 44) -> String {
        let f = SVGNumber.format
        let characterWidth = 7.0
        let finite = heatmap.values.flatMap { $0 }.filter(\.isFinite)
        let low = finite.min() ?? 0
        let high = finite.max() ?? 1
        let rowLabelWidth = characterWidth * Double(heatmap.rowLabels.map(\.count).max() ?? 0) + 12
        let columnLabelHeight = characterWidth * 0.75 * Double(heatmap.columnLabels.map(\.count).max() ?? 0) + 16
        let left = (heatmap.rowTitle.isEmpty ? 8 : 30) + rowLabelWidth
        let width = max(left + cellSize * Double(heatmap.columnLabels.count) + 16, 320)
        let titleLines = SVGTitle.lines(heatmap.title, width: width)
        let top = 38.0 + SVGTitle.extraHeight(titleLines)
        let gridWidth = cellSize * Double(heatmap.columnLabels.count)
        let gridHeight = cellSize * Double(heatmap.rowLabels.count)
        let columnTitleY = top + gridHeight + columnLabelHeight + 14
        let height = columnTitleY + (heatmap.columnTitle.isEmpty ? 0 : 10)

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bp-heatmap\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"\(HTMLEscaping.attribute(heatmap.title))\" font-family=\"system-ui, sans-serif\" font-size=\"12\" fill=\"currentColor\">\n"
        svg += "<title>\(HTMLEscaping.text(heatmap.title))</title>\n"
        svg += SVGTitle.svg(titleLines, centre: width / 2)
        for (row, rowValues) in heatmap.values.enumerated() {
            for (column, value) in rowValues.enumerated() {
                let x = left + Double(column) * cellSize
                let y = top + Double(row) * cellSize
                let colour: (red: Int, green: Int, blue: Int)
                if value.isFinite {
                    colour = fill(fraction: high > low ? (value - low) / (high - low) : 0)
                } else {
                    colour = (0x99, 0x99, 0x99)
                }
                let hex = String(format: "#%02x%02x%02x", colour.red, colour.green, colour.blue)
                // Black text on light cells, white on dark ones (crossover where both contrast
                // ratios are equal: luminance ≈ 0.18).
                let textColour = luminance(red: colour.red, green: colour.green, blue: colour.blue) > 0.179 ? "#000000" : "#ffffff"
                svg += "<rect class=\"cell\" data-row=\"\(row)\" data-column=\"\(column)\" x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(cellSize))\" height=\"\(f(cellSize))\" fill=\"\(hex)\" stroke=\"#ffffff\" stroke-opacity=\"0.35\"/>"
                svg += "<text class=\"cell-value\" x=\"\(f(x + cellSize / 2))\" y=\"\(f(y + cellSize / 2 + 4))\" text-anchor=\"middle\" fill=\"\(textColour)\" font-size=\"\(cellSize < 36 ? 10 : 12)\">\(HTMLEscaping.text(heatmap.valueFormat.format(value)))</text>\n"
            }
        }
        for (row, label) in heatmap.rowLabels.enumerated() {
            svg += "<text class=\"row-label\" x=\"\(f(left - 6))\" y=\"\(f(top + (Double(row) + 0.5) * cellSize + 4))\" text-anchor=\"end\">\(HTMLEscaping.text(label))</text>\n"
        }
        for (column, label) in heatmap.columnLabels.enumerated() {
            let x = left + (Double(column) + 0.5) * cellSize
            let y = top + gridHeight + 10
            svg += "<text class=\"column-label\" x=\"\(f(x))\" y=\"\(f(y))\" transform=\"rotate(-40 \(f(x)) \(f(y)))\" text-anchor=\"end\" dominant-baseline=\"hanging\">\(HTMLEscaping.text(label))</text>\n"
        }
        if !heatmap.rowTitle.isEmpty {
            let yMid = top + gridHeight / 2
            svg += "<text class=\"axis-label\" x=\"14\" y=\"\(f(yMid))\" transform=\"rotate(-90 14 \(f(yMid)))\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"13\">\(HTMLEscaping.text(heatmap.rowTitle))</text>\n"
        }
        if !heatmap.columnTitle.isEmpty {
            svg += "<text class=\"axis-label\" x=\"\(f(left + gridWidth / 2))\" y=\"\(f(columnTitleY))\" text-anchor=\"middle\" font-size=\"13\">\(HTMLEscaping.text(heatmap.columnTitle))</text>\n"
        }
        svg += "</svg>"
        return svg
    }
}
