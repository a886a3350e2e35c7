import Foundation
import Testing
@testable import LessonEngine

/// Layout at a narrow terminal: wrapped table cells, indented error hints, step numbers that
/// carry on across a derivation, and an epoch axis that starts where the epochs do.
@Suite("Terminal layout at narrow widths")
struct TerminalLayoutTests {
    let narrow = TerminalStyle(color: false, width: 40)

    func presenterOutput(width: Int, _ body: (TerminalPresenter) -> Void) -> [String] {
        var output = ""
        let presenter = TerminalPresenter(style: TerminalStyle(color: false, width: width), interactive: false) { output += $0 }
        body(presenter)
        return output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test("a table too wide for the terminal wraps its cells at spaces instead of cutting them")
    func tableWraps() {
        let words = "hidden pre-activation and activation of every unit"
        let table = Table(headers: ["symbol", "meaning", "shape"], rows: [["net_j", words, "H"]])
        let lines = TableRenderer.render(table, style: narrow)
        #expect(lines.allSatisfy { $0.count <= 40 })
        #expect(!lines.joined().contains("~"))
        // Every word of the long cell survives, in order, in the middle column.
        let middle = lines.compactMap { line -> String? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
            return cells.count == 5 ? cells[2].trimmingCharacters(in: .whitespaces) : nil
        }
        #expect(middle.dropFirst().filter { !$0.isEmpty }.joined(separator: " ") == words)
        // One table row became several lines; the short cells sit on the first of them.
        #expect(lines.filter { $0.contains("net_j") }.count == 1)
        #expect(lines.count > 6)
    }

    @Test("long table titles, chart titles and chart legends wrap within the width")
    func titlesAndLegendsWrap() {
        let title = String(repeating: "a long caption ", count: 6)
        let table = TableRenderer.render(Table(title: title, headers: ["x"], rows: [["1"]]), style: narrow)
        #expect(table.allSatisfy { $0.count <= 40 })
        let series = (1...4).map { Chart.Series(name: "series number \($0)", x: [0, 1], y: [0, Double($0)]) }
        let chart = ChartRenderer.render(Chart(title: title, xLabel: "x", yLabel: "y", series: series), style: narrow)
        #expect(chart.allSatisfy { $0.count <= 40 })
        let legend = chart.joined(separator: "\n")
        #expect((1...4).allSatisfy { legend.contains("series number \($0)") })
    }

    @Test("a long code caption breaks before its region name")
    func longCaption() {
        let presenter = TerminalPresenter(style: narrow, interactive: false) { _ in }
        let lines = presenter.codeBox("let x = 1", caption: "Sources/NeuralNet/Weights/LongFileName.swift#region-name")
        #expect(lines[0] == "+- Sources/NeuralNet/Weights/LongFileName.swift")
        #expect(lines[1] == "   #region-name")
        #expect(presenter.codeBox("x", caption: "A.swift#r")[0] == "+- A.swift#r")
    }

    @Test("a word longer than its column is split, never dropped")
    func longWordSplits() {
        #expect(TableRenderer.wrap("abcdefghij kl", width: 4) == ["abcd", "efgh", "ij", "kl"])
        #expect(TableRenderer.wrap("layer1.weight", width: 10) == ["layer1.", "weight"])
        #expect(TableRenderer.wrap("", width: 4) == [""])
    }

    @Test("numbers in right-aligned columns stay whole while a text column gives way")
    func numbersStayWhole() {
        let table = Table(headers: ["name", "value", "other"],
                          rows: [["layer1.weight", "1.660e-08", "2.500e-03"]], rightAligned: [false, true, true])
        let lines = TableRenderer.render(table, style: TerminalStyle(color: false, width: 36))
        #expect(lines.allSatisfy { $0.count <= 36 })
        #expect(lines.contains { $0.contains("1.660e-08") && $0.contains("2.500e-03") })
    }

    @Test("a long file path wraps at its slashes before a short two-word label wraps")
    func longPathWrapsFirst() {
        let path = "/tmp/" + String(repeating: "a", count: 30) + "/" + String(repeating: "b", count: 20) + "/model.safetensors"
        let table = Table(headers: ["setting", "value"], rows: [["training images", "150"], ["save / checkpoint", path]])
        let lines = TableRenderer.render(table, style: TerminalStyle(color: false, width: 60))
        #expect(lines.allSatisfy { $0.count <= 60 })
        #expect(lines.contains { $0.contains("| training images") && $0.contains("150") })
        #expect(lines.contains { $0.contains("| save / checkpoint") })
    }

    @Test("a table fits the terminal after its two-column indent")
    func indentedTableFits() {
        let lines = presenterOutput(width: 40) { presenter in
            presenter.present(.table(Table(headers: ["a", "b"], rows: [[String(repeating: "word ", count: 20), "1"]])))
        }
        #expect(lines.allSatisfy { $0.count <= 40 })
    }

    @Test("an error's hint line is indented like the rest of the check's detail")
    func hintIndented() {
        let lines = presenterOutput(width: 60) { presenter in
            presenter.present(.check(Check(name: "step load ran", holds: false,
                                           detail: "it threw: the file x.gz is missing\nhint: run the installer")))
        }.filter { !$0.isEmpty }
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("      it threw"))
        #expect(lines[2] == "      hint: run the installer")
    }

    @Test("a long check name wraps and keeps its value on the last line")
    func longCheckWraps() {
        let name = String(repeating: "gradient ", count: 8) + "end"
        let lines = presenterOutput(width: 40) { presenter in
            presenter.present(.check(Check(name: name, value: 0.5, threshold: 1, comparison: .lessOrEqual)))
        }.filter { !$0.isEmpty }
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count <= 40 })
        #expect(lines.last?.hasSuffix("0.5 ≤ 1") == true)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("      ") })
    }

    @Test("ordered lists carry their numbers on within a section and restart after a heading")
    func stepNumbers() {
        let presenter = TerminalPresenter(style: narrow, interactive: false) { _ in }
        let first = presenter.lines(for: .list(items: ["a", "b", "c"], ordered: true))
        _ = presenter.lines(for: .paragraph("Prose between the lists."))
        let second = presenter.lines(for: .list(items: ["d", "e"], ordered: true))
        _ = presenter.lines(for: .list(items: ["bullet"], ordered: false))
        _ = presenter.lines(for: .heading(level: 2, text: "Next section"))
        let third = presenter.lines(for: .list(items: ["f"], ordered: true))
        #expect(first.filter { !$0.isEmpty } == ["  1. a", "  2. b", "  3. c"])
        #expect(second.filter { !$0.isEmpty } == ["  4. d", "  5. e"])
        #expect(third.filter { !$0.isEmpty } == ["  1. f"])
    }

    @Test("maths and code inside bold or italic text are rendered, not left raw")
    func markupInsideEmphasis() {
        #expect(InlineText.render("**central differences with $h = 10^{-5}$**", style: narrow) == "central differences with h = 10⁻⁵")
        #expect(InlineText.render("*the `sum` of $x_i$*", style: narrow) == "the `sum` of xᵢ")
    }

    @Test("an epoch axis starts at the first epoch, not at 0")
    func epochAxis() {
        let epochs = (1...60).map(Double.init)
        let chart = Chart(title: "loss", xLabel: "epoch", yLabel: "loss",
                          series: [.init(name: "loss", x: epochs, y: epochs.map { 1 / $0 })])
        let lines = ChartRenderer.render(chart, style: TerminalStyle(color: false, width: 80))
        guard let axis = lines.firstIndex(where: { $0.contains("+---") }) else {
            Issue.record("no x axis in \(lines)")
            return
        }
        let labels = lines[axis + 1].split(separator: " ").map(String.init)
        #expect(labels.first == "1")
        #expect(labels.last == "60")
        #expect(!labels.contains("0"))
        // A chart whose data starts at 0 (or at a fraction) keeps its round first tick.
        let fractional = Chart(title: "t", xLabel: "x", yLabel: "y",
                               series: [.init(name: "s", x: [0.05, 1, 2, 3], y: [1, 2, 3, 4])])
        let fractionalLines = ChartRenderer.render(fractional, style: TerminalStyle(color: false, width: 80))
        let fractionalAxis = fractionalLines.firstIndex(where: { $0.contains("+---") }) ?? 0
        #expect(fractionalLines[fractionalAxis + 1].split(separator: " ").first == "0")
    }
}
