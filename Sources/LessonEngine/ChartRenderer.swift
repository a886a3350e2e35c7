import Foundation

/// Line charts in the terminal: Unicode braille (2×4 dots per cell) in colour mode, one
/// ASCII marker per cell in plain mode. Axes carry tick labels (powers of ten on a log
/// axis); a legend names each series.
public enum ChartRenderer {
    public static let plainMarkers: [Character] = ["*", "+", "o", "x", "#", "@"]

    /// The chart in about `height` rows (rounded so that the y ticks fall on evenly spaced rows).
    public static func render(_ chart: Chart, style: TerminalStyle, height: Int = 12) -> [String] {
        let transformX: (Double) -> Double? = axisTransform(chart.xScale)
        let transformY: (Double) -> Double? = axisTransform(chart.yScale)
        // A point that cannot be drawn leaves a gap: the line does not bridge it (as in SVG),
        // so one series can hold several separate curves (contour lines split by NaN points).
        let series = chart.series.map { series in
            series.points.map { point -> (Double, Double)? in
                guard let x = transformX(point.x), let y = transformY(point.y) else { return nil }
                return (x, y)
            }
        }
        let all = series.flatMap { $0.compactMap { $0 } }
        var lines = InlineText.wrap(InlineText.render(chart.title, style: style), width: style.width).map(style.bold)
        guard let xMin = all.map(\.0).min(), let xMax = all.map(\.0).max(),
              let yMin = all.map(\.1).min(), let yMax = all.map(\.1).max() else {
            return lines + ["  (no points to plot)"]
        }
        var xTicks = ticks(xMin, xMax, scale: chart.xScale)
        // Data that starts at a whole number past a round tick (epochs 1, 2, …) gets an axis
        // starting there, rather than at a 0 with nothing above it.
        if chart.xScale == .linear, xMin == xMin.rounded(), xMax > xMin, let first = xTicks.first, first.value < xMin {
            let minimumGap = (xMax - xMin) * 0.05
            xTicks = [(xMin, format(xMin))] + xTicks.filter { $0.value >= xMin + minimumGap }
        }
        let yTicks = ticks(yMin, yMax, scale: chart.yScale)
        let xRange = (min(xMin, xTicks.first?.value ?? xMin), max(xMax, xTicks.last?.value ?? xMax))
        let yRange = (min(yMin, yTicks.first?.value ?? yMin), max(yMax, yTicks.last?.value ?? yMax))
        let labelWidth = max(yTicks.map { $0.label.count }.max() ?? 1, 1)
        let columns = max(10, style.width - labelWidth - 3)
        // Evenly spaced y ticks: every gap between two ticks gets the same number of rows.
        let gaps = max(1, yTicks.count - 1)
        let rows = yTicks.count > 1 ? gaps * max(1, Int((Double(max(4, height) - 1) / Double(gaps)).rounded())) + 1 : max(4, height)
        let (dotsX, dotsY) = style.color ? (2, 4) : (1, 1)
        var canvas = Canvas(width: columns * dotsX, height: rows * dotsY)
        for (index, points) in series.enumerated() {
            func dot(_ point: (Double, Double)) -> (Int, Int) {
                (scaled(point.0, xRange, canvas.width), canvas.height - 1 - scaled(point.1, yRange, canvas.height))
            }
            for (a, b) in zip(points, points.dropFirst()) {
                if let a, let b { canvas.line(from: dot(a), to: dot(b), series: index) }
            }
            let present = points.compactMap { $0 }
            if let only = present.first, present.count == 1 { canvas.set(dot(only), series: index) }
        }
        // Tick rows: the canvas row nearest each y tick.
        var labelForRow: [Int: String] = [:]
        for tick in yTicks {
            let row = rows - 1 - scaled(tick.value, yRange, rows)
            labelForRow[row] = tick.label
        }
        lines.append(style.dim(TerminalStyle.pad(InlineText.render(chart.yLabel, style: style), to: labelWidth)))
        for row in 0..<rows {
            var text = ""
            for column in 0..<columns {
                text += style.color ? canvas.braille(column: column, row: row, style: style)
                                    : canvas.marker(column: column, row: row)
            }
            let label = TerminalStyle.pad(labelForRow[row] ?? "", to: labelWidth, right: true)
            let axis = labelForRow[row] != nil ? (style.color ? "┤" : "+") : (style.color ? "│" : "|")
            lines.append(style.dim(label) + " " + axis + text)
        }
        // X axis with tick marks and labels under them.
        var axis = Array(repeating: style.color ? "─" : "-", count: columns)
        var labels = Array(repeating: Character(" "), count: columns + 12)
        for tick in xTicks {
            let column = scaled(tick.value, xRange, columns)
            axis[column] = style.color ? "┬" : "+"
            let start = max(0, min(columns - tick.label.count, column - tick.label.count / 2))
            if labels[max(0, start - 1)..<min(labels.count, start + tick.label.count + 1)].allSatisfy({ $0 == " " }) {
                for (offset, character) in tick.label.enumerated() { labels[start + offset] = character }
            }
        }
        let gutter = String(repeating: " ", count: labelWidth + 1)
        lines.append(gutter + (style.color ? "└" : "+") + axis.joined())
        lines.append(gutter + " " + String(labels).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
        lines.append(gutter + " " + style.dim(TerminalStyle.pad("", to: max(0, columns - chart.xLabel.count)) + InlineText.render(chart.xLabel, style: style)))
        let legend = chart.series.enumerated().map { index, series in
            let mark = style.color ? style.series(index, "━━") : String(repeating: plainMarkers[index % plainMarkers.count], count: 2)
            return "\(mark) \(series.name)"
        }
        // The legend wraps between entries when they do not fit on one line.
        var legendLine = ""
        for entry in legend {
            if !legendLine.isEmpty, TerminalStyle.visibleWidth(gutter) + 1 + TerminalStyle.visibleWidth(legendLine) + 3 + TerminalStyle.visibleWidth(entry) > style.width {
                lines.append(gutter + " " + legendLine)
                legendLine = ""
            }
            legendLine += (legendLine.isEmpty ? "" : "   ") + entry
        }
        if !legendLine.isEmpty { lines.append(gutter + " " + legendLine) }
        return lines
    }

    static func axisTransform(_ scale: Chart.Scale) -> (Double) -> Double? {
        switch scale {
        case .linear: { $0.isFinite ? $0 : nil }
        case .log: { $0.isFinite && $0 > 0 ? log10($0) : nil }
        }
    }

    /// Position of `value` in `0..<count` across `range`.
    static func scaled(_ value: Double, _ range: (Double, Double), _ count: Int) -> Int {
        let span = range.1 - range.0
        guard span > 0 else { return count / 2 }
        return min(count - 1, max(0, Int(((value - range.0) / span * Double(count - 1)).rounded())))
    }

    /// Tick positions (in transformed units) and labels: 1-2-5 steps on a linear axis,
    /// powers of ten on a log axis.
    public static func ticks(_ low: Double, _ high: Double, scale: Chart.Scale) -> [(value: Double, label: String)] {
        if scale == .log {
            let first = Int(floor(low)), last = Int(ceil(high))
            let stride = max(1, (last - first + 5) / 6)
            // The axis ends on a tick, so ticks split it into equal parts.
            let end = first + stride * Int((Double(last - first) / Double(stride)).rounded(.up))
            return Swift.stride(from: first, through: end, by: stride).map { (Double($0), "1e\($0)") }
        }
        guard high > low else { return [(low, format(low))] }
        let rough = (high - low) / 5
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let start = floor(low / step) * step
        // Every label with the same decimals (0.0, 0.2, … 1.2), and the axis ending on a tick at
        // or above the data, so ticks split it into equal parts.
        let decimals = step >= 1 ? 0 : Int(-floor(log10(step) + 1e-9))
        var result: [(Double, String)] = []
        var index = 0.0
        while true {
            let value = start + index * step
            let clean = abs(value) < step * 1e-9 ? 0 : value
            result.append((clean, abs(clean) >= 1e6 || (clean != 0 && abs(clean) < 1e-3) ? format(clean) : String(format: "%.\(decimals)f", clean)))
            if value >= high - step * 1e-9 { break }
            index += 1
        }
        return result
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e6 { return String(Int(value)) }
        if abs(value) >= 1e-3 && abs(value) < 1e6 {
            var text = String(format: "%.3f", value)
            while text.hasSuffix("0") { text.removeLast() }
            return text
        }
        return String(format: "%.0e", value)
    }
}

/// A grid of dots, each remembering the last series drawn there.
struct Canvas {
    let width: Int
    let height: Int
    var dots: [Int?]

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        dots = Array(repeating: nil, count: width * height)
    }

    mutating func set(_ point: (Int, Int), series: Int) {
        guard point.0 >= 0, point.0 < width, point.1 >= 0, point.1 < height else { return }
        dots[point.1 * width + point.0] = series
    }

    /// Bresenham's line between two dots.
    mutating func line(from a: (Int, Int), to b: (Int, Int), series: Int) {
        var (x, y) = a
        let dx = abs(b.0 - x), dy = -abs(b.1 - y)
        let sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
        var error = dx + dy
        while true {
            set((x, y), series: series)
            if x == b.0 && y == b.1 { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += sx }
            if doubled <= dx { error += dx; y += sy }
        }
    }

    /// The braille character for a 2×4 block of dots, coloured by its first series.
    func braille(column: Int, row: Int, style: TerminalStyle) -> String {
        let bits = [(0, 0, 0x01), (0, 1, 0x02), (0, 2, 0x04), (1, 0, 0x08), (1, 1, 0x10), (1, 2, 0x20), (0, 3, 0x40), (1, 3, 0x80)]
        var code = 0
        var series: Int?
        for (dx, dy, bit) in bits {
            if let owner = dots[(row * 4 + dy) * width + column * 2 + dx] {
                code |= bit
                series = series ?? owner
            }
        }
        guard let series, let scalar = Unicode.Scalar(0x2800 + code) else { return " " }
        return style.series(series, String(Character(scalar)))
    }

    func marker(column: Int, row: Int) -> String {
        guard let series = dots[row * width + column] else { return " " }
        return String(ChartRenderer.plainMarkers[series % ChartRenderer.plainMarkers.count])
    }
}
