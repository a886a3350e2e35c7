import Foundation
import Testing
@testable import LessonEngine

@Suite("SVG charts")
struct HTMLChartTests {
    /// Parses or records an issue.
    func elements(_ svg: String) -> [ParsedElement] {
        let parsed = parseXML(svg)
        #expect(parsed.error == nil, "SVG is not well-formed: \(parsed.error ?? "")")
        return parsed.elements ?? []
    }

    func tickLabels(_ elements: [ParsedElement], axis: String) -> [(label: String, position: Double)] {
        elements.filter { $0.name == "text" && $0.classes.contains(axis) }.map {
            ($0.text, Double($0.attributes[axis == "x-tick" ? "x" : "y"] ?? "") ?? .nan)
        }
    }

    @Test("a chart has axes, tick labels, axis labels, a title and one path per series with every point")
    func structure() {
        let steps = (0..<100).map(Double.init)
        let chart = Chart(title: "Training loss", xLabel: "step", yLabel: "loss", series: [
            Chart.Series(name: "train", x: steps, y: steps.map { 2.3 * exp(-$0 / 30) }),
            Chart.Series(name: "test", x: [0, 25, 50, 75, 99], y: [2.3, 1.2, 0.8, 0.6, 0.5]),
        ])
        let parsed = elements(SVGChart.render(chart))
        #expect(parsed.first?.name == "svg")
        #expect(parsed.contains { $0.name == "rect" && $0.classes.contains("axes") })
        #expect(parsed.contains { $0.classes.contains("chart-title") && $0.text == "Training loss" })
        #expect(parsed.contains { $0.classes.contains("x-label") && $0.text == "step" })
        #expect(parsed.contains { $0.classes.contains("y-label") && $0.text == "loss" })
        #expect(tickLabels(parsed, axis: "x-tick").count >= 3)
        #expect(tickLabels(parsed, axis: "y-tick").count >= 3)
        let paths = parsed.filter { $0.name == "path" && $0.classes.contains("series") }
        #expect(paths.count == 2)
        let pointCounts = paths.map { pathCommands($0.attributes["d"] ?? "").count }
        #expect(pointCounts == [100, 5])
        #expect(Set(paths.compactMap { $0.attributes["class"] }).count == 2, "series need distinct colour classes")
        // Legend (two series) names both; the short series gets markers, the long one doesn't.
        #expect(parsed.contains { $0.name == "text" && $0.text == "train" })
        #expect(parsed.contains { $0.name == "text" && $0.text == "test" })
        #expect(parsed.filter { $0.name == "circle" }.count == 5)
    }

    @Test("linear ticks step by 1, 2 or 5 times a power of ten")
    func linearTicks() {
        // Range 0…0.93: 0.93 / 5 = 0.186 → step 0.2, so 0, 0.2, …, 1.0.
        let axis = ChartAxis(scale: .linear, values: [0, 0.5, 0.93])
        #expect(axis.majorTicks.map { axis.label($0) } == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        // Range 3…37: 34 / 5 = 6.8 → step 10, so 0…40.
        let wide = ChartAxis(scale: .linear, values: [3, 37])
        #expect(wide.majorTicks.map { wide.label($0) } == ["0", "10", "20", "30", "40"])
        #expect(ChartAxis.niceStep(range: 7, intervals: 5) == 2)
        #expect(ChartAxis.niceStep(range: 0.02, intervals: 5) == 0.005)
        #expect(ChartAxis.niceStep(range: 500, intervals: 5) == 100)
    }

    @Test("a log axis places 1, 10 and 100 at equal spacing, minor ticks at 2…9, and points at their decade")
    func logAxis() {
        let chart = Chart(title: "V", xLabel: "h", yLabel: "error", xScale: .log, yScale: .log, series: [
            Chart.Series(name: "error", x: [1, 3, 10, 30, 100], y: [0.01, 0.002, 0.001, 0.004, 0.05]),
        ])
        let parsed = elements(SVGChart.render(chart))
        let xTicks = Dictionary(uniqueKeysWithValues: tickLabels(parsed, axis: "x-tick").map { ($0.label, $0.position) })
        #expect(Set(xTicks.keys) == ["1", "10", "100"])
        let first = xTicks["10"]! - xTicks["1"]!
        let second = xTicks["100"]! - xTicks["10"]!
        #expect(first > 100)
        #expect(abs(first - second) < 0.02)
        // x = 10 is drawn exactly under the "10" tick label; x = 3 at log10(3) of a decade.
        let path = parsed.first { $0.name == "path" && $0.classes.contains("series") }
        let points = pathCommands(path?.attributes["d"] ?? "")
        #expect(points.count == 5)
        #expect(abs(points[2].numbers[0] - xTicks["10"]!) < 0.02)
        #expect(abs(points[1].numbers[0] - (xTicks["1"]! + log10(3) * first)) < 0.02)
        // y: 0.001…0.05 → decades 10⁻³…10⁻¹ labelled as plain decimals, higher values drawn higher.
        let yTicks = tickLabels(parsed, axis: "y-tick").map(\.label)
        #expect(yTicks == ["0.001", "0.01", "0.1"])
        #expect(points[4].numbers[1] < points[0].numbers[1])
        let axis = ChartAxis(scale: .log, values: [1, 100])
        #expect(axis.minorTicks == [2, 3, 4, 5, 6, 7, 8, 9, 20, 30, 40, 50, 60, 70, 80, 90])
    }

    @Test("log labels outside 0.001…10000 use powers of ten")
    func logLabels() {
        let axis = ChartAxis(scale: .log, values: [1e-7, 1e-2])
        #expect(axis.majorTicks.map { axis.label($0) } == ["10⁻⁷", "10⁻⁶", "10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²"])
    }

    @Test("non-finite points and points ≤ 0 on a log axis are skipped; a vanished series gets a note")
    func skippedPoints() {
        let chart = Chart(title: "skips", xLabel: "x", yLabel: "y", yScale: .log, series: [
            Chart.Series(name: "some", x: [1, 2, 3, 4, 5, 6], y: [1, 0, .nan, 10, .infinity, 100]),
            Chart.Series(name: "none", x: [1, 2], y: [-1, 0]),
        ])
        let parsed = elements(SVGChart.render(chart))
        let paths = parsed.filter { $0.name == "path" && $0.classes.contains("series") }
        let commands = pathCommands(paths.first?.attributes["d"] ?? "")
        // y = 1 | 0 and NaN skipped | 10 | ∞ skipped | 100: three one-point subpaths.
        #expect(commands.map(\.command) == ["M", "M", "M"])
        #expect(paths.count == 2)
        let vanished = pathCommands(paths.last?.attributes["d"] ?? "")
        #expect(vanished.isEmpty)
        #expect(parsed.contains { $0.classes.contains("chart-note") && $0.text.contains("“none”") })
        #expect(!parsed.contains { $0.classes.contains("chart-note") && $0.text.contains("“some”") })
    }

    @Test("an empty chart still draws axes and says so")
    func emptyChart() {
        let parsed = elements(SVGChart.render(Chart(title: "nothing", xLabel: "x", yLabel: "y", series: [])))
        #expect(parsed.contains { $0.classes.contains("axes") })
        #expect(parsed.contains { $0.classes.contains("chart-note") })
    }

    @Test("titles, labels and series names are escaped text, never markup")
    func escaping() {
        let hostile = "<script>alert('x')</script> & \"q\""
        let svg = SVGChart.render(Chart(title: hostile, xLabel: hostile, yLabel: "y", series: [
            Chart.Series(name: hostile, x: [1, 2], y: [1, 2]), Chart.Series(name: "b", x: [1], y: [1]),
        ]))
        #expect(!svg.contains("<script"))
        let parsed = elements(svg)
        #expect(!parsed.contains { $0.name == "script" })
        #expect(parsed.contains { $0.classes.contains("chart-title") && $0.text == hostile })
        #expect(parsed.contains { $0.classes.contains("x-label") && $0.text == hostile })
        #expect(parsed.contains { $0.name == "path" && $0.attributes["data-series"] == hostile })
    }
}

@Suite("SVG chart colours")
struct HTMLChartColourTests {
    @Test("the eight series colours are distinct in each theme and the page restyles them for dark mode")
    func palettes() {
        #expect(Set(SVGChart.lightPalette).count == 8)
        #expect(Set(SVGChart.darkPalette).count == 8)
        #expect(SVGChart.lightPalette.count == SVGChart.darkPalette.count)
        let css = HTMLPage.stylesheet
        let darkPart = css.components(separatedBy: "prefers-color-scheme: dark").last ?? ""
        for (index, colour) in SVGChart.darkPalette.enumerated() {
            #expect(darkPart.contains(".s\(index) { --series: \(colour); }"))
        }
        #expect(css.contains("svg .series.line { stroke: var(--series); }"))
    }
}
