// HTML export layout: list numbering carried across a section, titles that wrap instead of
// being clipped, numbers that never break inside a table cell.
import Foundation
import Testing
@testable import LessonEngine

@Suite("HTML layout: list numbers, wrapped titles, unbroken numbers")
struct HTMLLayoutTests {
    func elements(_ xml: String) -> [ParsedElement] {
        let parsed = parseXML(xml)
        #expect(parsed.error == nil, "not well-formed: \(parsed.error ?? "")")
        return parsed.elements ?? []
    }

    @Test("an ordered list carries on from the previous one in its section; a heading restarts it")
    func listNumbering() throws {
        let body = "## Derivation\n\n1. one\n2. two\n\nProse between.\n\n1. three\n\n## Next\n\n1. again\n"
        let lesson = try LessonParser(root: temporaryDirectory(), registry: fakeRegistry)
            .parse(lessonText(body: body), file: "lessons/01-one.md", number: 1)
        let presenter = HTMLLessonPresenter(lesson: lesson)
        for block in lesson.blocks { presenter.present(block, of: lesson) }
        let lists = elements("<body>\(presenter.body)</body>").filter { $0.name == "ol" }
        #expect(lists.map { $0.attributes["start"] } == [nil, "3", nil])
    }

    @Test("hints open one at a time: each hint's box holds the next, so the last shows only after the others")
    func hintsOneAtATime() throws {
        let body = "Text.\n\n::: hint\nfirst\n:::\n\n::: hint\nsecond\n:::\n\n::: hint\nthe formula\n:::\n"
        let lesson = try LessonParser(root: temporaryDirectory(), registry: fakeRegistry)
            .parse(lessonText(body: body), file: "lessons/01-one.md", number: 1)
        #expect(lesson.hints.count == 3)
        let page = LessonPageHTML.page(lesson: lesson, body: "", note: "", checks: nil, navigation: HTMLPage.Navigation())
        _ = elements(page.replacingOccurrences(of: "<!DOCTYPE html>", with: ""))   // well-formed
        #expect(page.contains("<summary>Hint 1 of 3</summary><p>first</p><details class=\"hint\"><summary>Hint 2 of 3</summary><p>second</p><details class=\"hint\"><summary>Hint 3 of 3</summary><p>the formula</p></details></details></details>"))
    }

    @Test("a long chart or heatmap title wraps onto lines that fit the figure, losing no word")
    func titlesWrap() {
        let title = "Confusion matrix of 10,000 test images: rows are the true class, columns the predicted class"
        let chart = SVGChart.render(Chart(title: title, xLabel: "x", yLabel: "y", series: [Chart.Series(name: "a", points: [Chart.Point(x: 1, y: 1)])]), width: 400)
        let heatmap = SVGHeatmap.render(Heatmap(title: title, rowLabels: ["a"], columnLabels: ["b"], values: [[1]]))
        for svg in [chart, heatmap] {
            let parsed = elements(svg)
            let width = Double(parsed.first { $0.name == "svg" }?.attributes["width"] ?? "") ?? 0
            let spans = parsed.filter { $0.name == "tspan" }.map(\.text)
            #expect(spans.count >= 2)
            #expect(spans.joined(separator: " ") == title)
            for line in spans { #expect(Double(line.count) * SVGTitle.characterWidth <= width, "\(line) is wider than \(width)") }
        }
        // A short title stays one plain text element.
        let short = elements(SVGChart.render(Chart(title: "Loss", xLabel: "x", yLabel: "y", series: [])))
        #expect(short.contains { $0.classes.contains("chart-title") && $0.text == "Loss" })
    }

    @Test("numbers with a sign or exponent in output tables cannot break across lines")
    func numbersStayWhole() {
        let html = HTMLBlocks.table(Table(title: nil, headers: ["entry", "error"], rows: [["W1[0,1] in noise", "8.14e-07"], ["b", "1.0e-05 -3"]]))
        let nobr = elements("<div>\(html)</div>").filter { $0.classes.contains("nobr") }.map(\.text)
        #expect(nobr == ["8.14e-07", "1.0e-05", "-3"])
        #expect(HTMLPage.stylesheet.contains(".nobr { white-space: nowrap; }"))
    }
}

@Suite("Charts: coinciding curves and even ticks")
struct ChartLegibilityTests {
    @Test("every series after the first is dashed, in the plot and the legend, so a curve under another shows through")
    func dashedSeries() {
        let same = [Chart.Point(x: 1, y: 1), Chart.Point(x: 2, y: 2)]
        let svg = SVGChart.render(Chart(title: "t", xLabel: "x", yLabel: "y", series: [
            Chart.Series(name: "Float forward", points: same), Chart.Series(name: "Float central", points: same)]))
        let parsed = parseXML(svg).elements ?? []
        let paths = parsed.filter { $0.name == "path" && $0.classes.contains("series") }
        #expect(paths.map { $0.attributes["stroke-dasharray"] } == [nil, "7 4"])
        let legend = parsed.filter { $0.name == "line" && $0.classes.contains("series") }
        #expect(legend.map { $0.attributes["stroke-dasharray"] } == [nil, "7 4"])
    }

    @Test("terminal chart y ticks are evenly spaced rows and share their decimals")
    func evenTicks() {
        let chart = Chart(title: "Cross-entropy loss", xLabel: "epoch", yLabel: "loss", series: [
            Chart.Series(name: "train", x: (1...15).map(Double.init), y: (1...15).map { 1.15 / Double($0) + 0.1 })])
        for height in [8, 10, 12, 15] {
            let lines = ChartRenderer.render(chart, style: TerminalStyle(color: false, width: 70), height: height)
            let tickRows = lines.enumerated().filter { $0.element.contains(" +") && !$0.element.contains("+-") }.map(\.offset)
            let gaps = zip(tickRows, tickRows.dropFirst()).map { $1 - $0 }
            #expect(tickRows.count >= 3 && Set(gaps).count == 1, "height \(height): tick rows \(tickRows)")
            let labels = tickRows.map { lines[$0].split(separator: " ").first.map(String.init) ?? "" }
            #expect(Set(labels.map { $0.split(separator: ".").last?.count ?? 0 }).count == 1, "labels \(labels)")
        }
    }
}
