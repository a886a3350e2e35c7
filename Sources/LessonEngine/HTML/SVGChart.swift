// HTML export: a `Chart` drawn as inline SVG — axes, nice ticks, labels, title, legend, one
// path per series. Colours come from CSS classes (`series s0` …) with a light-theme fallback
// in presentation attributes, so a page's `prefers-color-scheme` stylesheet can restyle them;
// text and axes use `currentColor`. No JavaScript, no file I/O.
import Foundation

/// Renders `Chart`s to standalone, well-formed SVG (also valid inline in HTML5).
public enum SVGChart {
    /// Light-theme series colours (Okabe–Ito, colour-blind safe); `HTMLPage` overrides them
    /// for dark mode through the `s0`…`s7` classes.
    public static let lightPalette = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f5f00", "#555555"]
    /// Dark-theme series colours, same order, brighter.
    public static let darkPalette = ["#56b4e9", "#ff9a4d", "#3ddc97", "#f0a3cf", "#f5c542", "#9fd8ff", "#d9b86c", "#cccccc"]
    /// Dash pattern per series (the first solid): where two curves coincide — Float's forward
    /// and central errors at small h — the one underneath still shows through the gaps.
    public static let dashPatterns = ["", "7 4", "2 3", "10 3 2 3", "4 4", "1 5", "12 4", "6 2 1 2"]
    static func dash(_ index: Int) -> String {
        let pattern = dashPatterns[index % dashPatterns.count]
        return pattern.isEmpty ? "" : " stroke-dasharray=\"\(pattern)\""
    }
    /// Series with at most this many drawable points get a marker at each point.
    public static let markerThreshold = 40

    /// The chart as an `<svg>` element of `width`×`height` user units (it scales to its
    /// container through `viewBox`).
    public static func render(_ chart: Chart, width: Double = 640, height: Double = 400) -> String {
        // Keep only drawable points, remembering gaps so a line doesn't bridge a skipped point.
        let drawable: [[Chart.Point?]] = chart.series.map { series in
            series.points.map { point in
                ChartAxis.isDrawable(point.x, on: chart.xScale) && ChartAxis.isDrawable(point.y, on: chart.yScale) ? point : nil
            }
        }
        let allPoints = drawable.flatMap { $0.compactMap { $0 } }
        let xAxis = ChartAxis(scale: chart.xScale, values: allPoints.map(\.x))
        let yAxis = ChartAxis(scale: chart.yScale, values: allPoints.map(\.y))

        var notes: [String] = []
        for (series, points) in zip(chart.series, drawable) where points.allSatisfy({ $0 == nil }) {
            let why = chart.xScale == .log || chart.yScale == .log ? "non-finite or ≤ 0 on a log axis" : "non-finite"
            notes.append("“\(series.name)” has no points that can be drawn (\(why)).")
        }
        if chart.series.isEmpty { notes.append("This chart has no series.") }

        // Vertical layout: title, legend rows, notes, plot, tick labels, x label.
        let characterWidth = 7.0
        let titleLines = SVGTitle.lines(chart.title, width: width)
        let height = height + SVGTitle.extraHeight(titleLines)
        var top = 34.0 + SVGTitle.extraHeight(titleLines)
        var legendItems: [(index: Int, name: String, x: Double, y: Double)] = []
        let yLabels = yAxis.majorTicks.map { yAxis.label($0) }
        let left = 36 + characterWidth * Double(yLabels.map(\.count).max() ?? 1)
        let right = width - 20
        if chart.series.count > 1 {
            var x = left
            var y = top + 6
            for (index, series) in chart.series.enumerated() {
                let itemWidth = 30 + characterWidth * Double(series.name.count) + 14
                if x + itemWidth > right && x > left { x = left; y += 18 }
                legendItems.append((index, series.name, x, y))
                x += itemWidth
            }
            top = y + 16
        }
        let noteTop = top
        top += Double(notes.count) * 16 + 10
        let bottom = height - 48
        let plotWidth = right - left
        let plotHeight = max(40, bottom - top)

        func px(_ x: Double) -> Double { left + xAxis.fraction(x) * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - yAxis.fraction(y) * plotHeight }
        let f = SVGNumber.format

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bp-chart\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"\(HTMLEscaping.attribute(chart.title))\" font-family=\"system-ui, sans-serif\" font-size=\"12\" fill=\"currentColor\">\n"
        svg += "<title>\(HTMLEscaping.text(chart.title))</title>\n"
        svg += SVGTitle.svg(titleLines, centre: width / 2)

        // Grid and ticks.
        svg += "<g class=\"grid\" stroke=\"currentColor\" stroke-opacity=\"0.13\" stroke-width=\"1\">\n"
        for tick in xAxis.majorTicks { svg += "<line x1=\"\(f(px(tick)))\" y1=\"\(f(top))\" x2=\"\(f(px(tick)))\" y2=\"\(f(top + plotHeight))\"/>\n" }
        for tick in yAxis.majorTicks { svg += "<line x1=\"\(f(left))\" y1=\"\(f(py(tick)))\" x2=\"\(f(right))\" y2=\"\(f(py(tick)))\"/>\n" }
        svg += "</g>\n<g class=\"ticks\" stroke=\"currentColor\" stroke-width=\"1\">\n"
        for tick in xAxis.majorTicks { svg += "<line x1=\"\(f(px(tick)))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(px(tick)))\" y2=\"\(f(top + plotHeight + 6))\"/>\n" }
        for tick in xAxis.minorTicks { svg += "<line class=\"minor\" x1=\"\(f(px(tick)))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(px(tick)))\" y2=\"\(f(top + plotHeight + 3))\"/>\n" }
        for tick in yAxis.majorTicks { svg += "<line x1=\"\(f(left - 6))\" y1=\"\(f(py(tick)))\" x2=\"\(f(left))\" y2=\"\(f(py(tick)))\"/>\n" }
        for tick in yAxis.minorTicks { svg += "<line class=\"minor\" x1=\"\(f(left - 3))\" y1=\"\(f(py(tick)))\" x2=\"\(f(left))\" y2=\"\(f(py(tick)))\"/>\n" }
        svg += "</g>\n"
        svg += "<rect class=\"axes\" x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1\"/>\n"
        for tick in xAxis.majorTicks {
            svg += "<text class=\"tick-label x-tick\" x=\"\(f(px(tick)))\" y=\"\(f(top + plotHeight + 19))\" text-anchor=\"middle\">\(HTMLEscaping.text(xAxis.label(tick)))</text>\n"
        }
        for (tick, label) in zip(yAxis.majorTicks, yLabels) {
            svg += "<text class=\"tick-label y-tick\" x=\"\(f(left - 9))\" y=\"\(f(py(tick) + 4))\" text-anchor=\"end\">\(HTMLEscaping.text(label))</text>\n"
        }
        svg += "<text class=\"axis-label x-label\" x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\" font-size=\"13\">\(HTMLEscaping.text(chart.xLabel))</text>\n"
        let yMid = top + plotHeight / 2
        svg += "<text class=\"axis-label y-label\" x=\"14\" y=\"\(f(yMid))\" transform=\"rotate(-90 14 \(f(yMid)))\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"13\">\(HTMLEscaping.text(chart.yLabel))</text>\n"

        // Series: one path each (subpaths restart after a skipped point), then markers.
        for (index, points) in drawable.enumerated() {
            let colourClass = "s\(index % lightPalette.count)"
            let colour = lightPalette[index % lightPalette.count]
            var d = ""
            var penDown = false
            for point in points {
                guard let point else { penDown = false; continue }
                d += (penDown ? "L" : "M") + "\(f(px(point.x))) \(f(py(point.y)))"
                penDown = true
            }
            let name = HTMLEscaping.attribute(chart.series[index].name)
            svg += "<path class=\"series line \(colourClass)\" data-series=\"\(name)\" d=\"\(d)\" fill=\"none\" stroke=\"\(colour)\"\(dash(index)) stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n"
            let present = points.compactMap { $0 }
            if !present.isEmpty && present.count <= markerThreshold {
                svg += "<g class=\"series markers \(colourClass)\" fill=\"\(colour)\">"
                for point in present { svg += "<circle cx=\"\(f(px(point.x)))\" cy=\"\(f(py(point.y)))\" r=\"3\"/>" }
                svg += "</g>\n"
            }
        }

        for item in legendItems {
            let colourClass = "s\(item.index % lightPalette.count)"
            let colour = lightPalette[item.index % lightPalette.count]
            svg += "<g class=\"legend-item\"><line class=\"series line \(colourClass)\" x1=\"\(f(item.x))\" y1=\"\(f(item.y))\" x2=\"\(f(item.x + 22))\" y2=\"\(f(item.y))\" stroke=\"\(colour)\"\(dash(item.index)) stroke-width=\"3\"/>"
            svg += "<text x=\"\(f(item.x + 28))\" y=\"\(f(item.y + 4))\">\(HTMLEscaping.text(item.name))</text></g>\n"
        }
        for (row, note) in notes.enumerated() {
            svg += "<text class=\"chart-note\" x=\"\(f(left))\" y=\"\(f(noteTop + 12 + Double(row) * 16))\" font-style=\"italic\">\(HTMLEscaping.text(note))</text>\n"
        }
        svg += "</svg>"
        return svg
    }
}
