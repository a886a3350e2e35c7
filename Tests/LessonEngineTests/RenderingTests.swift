import Foundation
import Testing
@testable import LessonEngine

@Suite("Terminal rendering (plain mode)")
struct RenderingTests {
    /// (row, column) of every plain-mode marker `marker` in the plot area of a chart.
    func markers(_ lines: [String], marker: Character) -> [(row: Int, column: Int)] {
        var found: [(Int, Int)] = []
        for (row, line) in lines.enumerated() {
            guard let bar = line.firstIndex(where: { $0 == "|" || $0 == "+" }) else { continue }
            // Plot rows are "label |…" or "label +…"; skip the x-axis row, which starts with the gutter then "+---".
            if line.contains("+---") || line.contains("-+-") { continue }
            for (column, character) in line[line.index(after: bar)...].enumerated() where character == marker {
                found.append((row, column))
            }
        }
        return found
    }

    @Test("a chart of y = x puts its points on a rising diagonal")
    func diagonal() {
        let xs = (0...50).map(Double.init)
        let chart = Chart(title: "y = x", xLabel: "x", yLabel: "y", series: [.init(name: "identity", x: xs, y: xs)])
        let lines = ChartRenderer.render(chart, style: plain, height: 10)
        let points = markers(lines, marker: "*")
        #expect(points.count >= 10)
        // Higher rows (smaller row index) must hold larger columns: strictly monotone.
        let byRow = Dictionary(grouping: points, by: \.row).mapValues { $0.map(\.column) }
        let rows = byRow.keys.sorted()
        // About `height` rows: the count is rounded so the y ticks fall on evenly spaced rows.
        #expect((9...11).contains(rows.count))
        for (upper, lower) in zip(rows, rows.dropFirst()) {
            #expect(byRow[upper]!.min()! > byRow[lower]!.max()!)
        }
        // The line spans the full width: first column at the bottom, last at the top.
        #expect(byRow[rows.last!]!.min()! == 0)
        #expect(lines.allSatisfy { $0.allSatisfy(\.isASCII) || $0.contains("y = x") })
        #expect(lines.last?.contains("** identity") == true)
    }

    @Test("log axis ticks are powers of ten")
    func logTicks() {
        let ticks = ChartRenderer.ticks(log10(0.003), log10(20), scale: .log)
        #expect(ticks.map(\.label) == ["1e-3", "1e-2", "1e-1", "1e0", "1e1", "1e2"])
        let xs = [1e-8, 1e-6, 1e-4, 1e-2, 1.0]
        let chart = Chart(title: "error", xLabel: "h", yLabel: "err", xScale: .log, yScale: .log,
                          series: [.init(name: "e", x: xs, y: xs.map { $0 * $0 + 1e-12 })])
        let text = ChartRenderer.render(chart, style: plain).joined(separator: "\n")
        #expect(text.contains("1e-8") && text.contains("1e0"))
    }

    @Test("linear ticks step by 1, 2 or 5 times a power of ten")
    func linearTicks() {
        #expect(ChartRenderer.ticks(0, 1, scale: .linear).map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(ChartRenderer.ticks(-4, 4, scale: .linear).map(\.label) == ["-4", "-2", "0", "2", "4"])
    }

    @Test("tables align numbers right and text left, in ASCII")
    func table() {
        let lines = TableRenderer.render(Table(headers: ["name", "value"], rows: [["a", "1.5"], ["long name", "10"]],
                                               rightAligned: [false, true]), style: plain)
        #expect(lines == [
            "+-----------+-------+",
            "| name      | value |",
            "+-----------+-------+",
            "| a         |   1.5 |",
            "| long name |    10 |",
            "+-----------+-------+",
        ])
    }

    @Test("images use the grey ramp with captions under them")
    func image() {
        // 2×4 image: black top rows, white bottom rows → one row of spaces, one of @.
        let pixels: [UInt8] = [0, 0, 0, 0, 255, 255, 255, 255]
        let lines = ImageRenderer.render(ImageGrid(width: 2, height: 4, pixels: [pixels, pixels.reversed()],
                                                   captions: ["ab", "cd"]), style: plain)
        #expect(lines == ["    @@", "@@    ", "ab  cd"])
    }

    @Test("wrapping keeps every line within the width and loses no words")
    func wrapping() {
        let words = (1...40).map { "word\($0)" }
        let lines = InlineText.wrap(words.joined(separator: " "), width: 30, firstPrefix: "  ", indent: "    ")
        #expect(lines.allSatisfy { $0.count <= 30 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("    ") })
        #expect(lines.joined(separator: " ").split(separator: " ").map(String.init) == words)
        #expect(InlineText.wrap(String(repeating: "x", count: 25), width: 10).map(\.count) == [10, 10, 5])
    }

    @Test("escape codes do not count towards the width")
    func visibleWidth() {
        let colour = TerminalStyle(color: true, width: 80)
        #expect(TerminalStyle.visibleWidth(colour.bold("abc")) == 3)
        #expect(colour.bold("abc") != "abc")
        #expect(plain.bold("abc") == "abc")
    }

    @Test("colour decision: NO_COLOR, TERM=dumb, non-TTY and --color")
    func colourDecision() {
        #expect(TerminalStyle.detect(environment: [:], isTTY: true).color)
        #expect(!TerminalStyle.detect(environment: ["NO_COLOR": "1"], isTTY: true).color)
        #expect(!TerminalStyle.detect(environment: ["TERM": "dumb"], isTTY: true).color)
        #expect(!TerminalStyle.detect(environment: [:], isTTY: false).color)
        #expect(TerminalStyle.detect(choice: .always, environment: ["NO_COLOR": "1"], isTTY: false).color)
        #expect(!TerminalStyle.detect(choice: .never, environment: [:], isTTY: true).color)
        #expect(TerminalStyle.terminalWidth(environment: ["COLUMNS": "123"], isTTY: false) == 123)
        #expect(TerminalStyle.terminalWidth(environment: [:], isTTY: false) == 80)
    }

    @Test("inline markup: maths converted, code kept in backticks when plain")
    func inline() {
        #expect(InlineText.render("let $\\alpha_i$ be `x` and **bold** \\$5", style: plain) == "let αᵢ be `x` and bold $5")
    }

    @Test("piped progress: a slow run prints a line per tenth with elapsed time; a quick one only its summary")
    func progress() {
        var output = ""
        var clock = Date(timeIntervalSince1970: 0)
        // One second per step: 100 s in all, so every tenth is 10 s after the last line.
        let bar = ProgressBar(label: "epoch", total: 100, style: plain, interactive: false, now: { clock }) { output += $0 }
        for step in 1...100 {
            clock += 1
            bar.update(completed: step, status: "loss 1")
        }
        bar.finish(summary: "done")
        let lines = output.split(separator: "\n")
        #expect(lines.count == 10)
        #expect(lines[0].contains("epoch: 10/100 (10%)") && lines[0].contains("10.0s elapsed"))
        #expect(lines.last == "  epoch: done (1m40s)")
        #expect(!output.contains("\u{1B}") && !output.contains("\r"))
        // A bar that finishes within the interval prints just its summary, however many steps.
        var quick = ""
        let fast = ProgressBar(label: "batch", total: 1000, style: plain, interactive: false, now: { clock }) { quick += $0 }
        for step in 1...1000 { fast.update(completed: step, status: "") }
        fast.finish(summary: "done")
        #expect(quick == "  batch: done (0.00s)\n")
    }
}

@Suite("Terminal rendering (colour mode)")
struct ColourRenderingTests {
    let colour = TerminalStyle(color: true, width: 60)

    @Test("braille chart: dots only from the braille block, within the width")
    func braille() {
        let xs = (0...20).map(Double.init)
        let lines = ChartRenderer.render(Chart(title: "t", xLabel: "x", yLabel: "y", series: [.init(name: "s", x: xs, y: xs)]),
                                         style: colour, height: 6)
        let plot = lines.filter { $0.contains("┤") || $0.contains("│") }
        #expect((5...7).contains(plot.count))
        #expect(plot.allSatisfy { TerminalStyle.visibleWidth($0) <= 60 })
        let dots = plot.joined().unicodeScalars.filter { $0.value >= 0x2800 && $0.value <= 0x28FF }
        #expect(dots.count >= 6)
    }

    @Test("half-block images: one ▀ per pixel column, two pixel rows per line")
    func halfBlocks() {
        let lines = ImageRenderer.render(ImageGrid(width: 3, height: 4, pixels: [Array(repeating: 128, count: 12)], captions: ["c"]),
                                         style: colour)
        #expect(lines.count == 3)
        #expect(lines[0].filter { $0 == "▀" }.count == 3)
        #expect(lines[0].contains("\u{1B}[38;5;"))
    }

    @Test("interactive progress redraws one line with carriage returns")
    func interactiveProgress() {
        var output = ""
        let bar = ProgressBar(label: "epoch", total: 2, style: colour, interactive: true) { output += $0 }
        bar.update(completed: 1, status: String(repeating: "s", count: 200))
        bar.update(completed: 2, status: "done")
        #expect(output.hasPrefix("\r"))
        #expect(!output.contains("\n"))
        let firstLine = output.components(separatedBy: "\r").dropFirst().first ?? ""
        #expect(TerminalStyle.visibleWidth(firstLine) < 60)
    }
}
