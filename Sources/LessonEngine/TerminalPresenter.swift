import Foundation

/// Renders a lesson run to a text stream (stdout by default): headings, wrapped prose,
/// maths as Unicode, boxed code, tables, charts, images, check verdicts, progress bars.
public final class TerminalPresenter: LessonPresenter {
    public let style: TerminalStyle
    /// Whether progress bars redraw in place (`\r`); false prints occasional lines.
    public let interactive: Bool
    private let write: (String) -> Void
    /// Ordered-list items shown since the last heading. The parser keeps no start number, and
    /// lessons number the steps of one derivation continuously across the prose between their
    /// lists, so an ordered list carries on from the previous one in the same section.
    private var orderedItemsInSection = 0

    public init(style: TerminalStyle, interactive: Bool, write: @escaping (String) -> Void = TerminalPresenter.standardOutput) {
        self.style = style
        self.interactive = interactive
        self.write = write
    }

    public static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func emit(_ lines: [String]) { write(lines.map { $0 + "\n" }.joined()) }

    /// The lesson's title banner.
    public func title(_ lesson: Lesson, note: String? = nil) {
        let text = "Lesson \(lesson.number) · \(lesson.title)"
        let rule = String(repeating: style.color ? "━" : "=", count: min(style.width, TerminalStyle.visibleWidth(text)))
        var lines = ["", style.heading(text), style.heading(rule)]
        if let summary = lesson.summary { lines += InlineText.wrap(InlineText.render(summary, style: style), width: style.width).map(style.dim) }
        if let note {   // one or more lines, each wrapped to the terminal (they name files and commands)
            lines += [""] + note.split(separator: "\n", omittingEmptySubsequences: false)
                .flatMap { InlineText.wrap(String($0), width: style.width) }.map(style.yellow)
        }
        emit(lines)
    }

    public func present(_ block: LessonBlock, of lesson: Lesson) {
        emit(lines(for: block))
    }

    /// Lines for a lesson block; `::: run` shows a placeholder (used by `show`).
    public func lines(for block: LessonBlock) -> [String] {
        let width = style.width
        switch block {
        case .heading(let level, let text):
            orderedItemsInSection = 0
            let rendered = InlineText.render(text, style: style)
            let underline = level <= 2 ? [String(repeating: style.color ? "─" : "-", count: min(width, TerminalStyle.visibleWidth(rendered)))] : []
            return [""] + [style.heading(rendered)] + underline.map(style.dim)
        case .paragraph(let text):
            return [""] + proseLines(text, firstPrefix: "", indent: "")
        case .list(let items, let ordered):
            var lines = [""]
            let first = ordered ? orderedItemsInSection + 1 : 1
            if ordered { orderedItemsInSection += items.count }
            for (index, item) in items.enumerated() {
                let marker = ordered ? "\(first + index). " : (style.color ? "• " : "- ")
                lines += proseLines(item, firstPrefix: "  " + marker, indent: String(repeating: " ", count: 2 + marker.count))
            }
            return lines
        case .table(let table):
            return [""] + indentedTable(table)
        case .displayMath(let latex):
            return [""] + displayMath(latex, indent: "    ")
        case .code(let language, let text, let source):
            return [""] + codeBox(text, caption: source ?? (language.isEmpty ? nil : language))
        case .run(let step, _):
            return ["", style.dim(style.color ? "▶ run \(step)  (output appears here when the lesson runs)" : "> run \(step)  (output appears here when the lesson runs)")]
        }
    }

    /// A display equation on its own lines at `indent`: whole when it fits, else broken before
    /// a top-level `=` or operator (see `MathText.displayLines`), continuations two further in.
    func displayMath(_ latex: String, indent: String, firstIndent: String? = nil) -> [String] {
        let unicode = MathText.unicode(latex).trimmingCharacters(in: .whitespaces)
        let first = firstIndent ?? indent
        let room = max(20, width - max(first.count, indent.count))
        let lines = unicode.count <= room ? [unicode] : MathText.displayLines(unicode, width: room - 2)
        return lines.enumerated().map { index, line in (index == 0 ? first : indent + "  ") + style.italic(line) }
    }

    /// Prose wrapped at `width`; `$$…$$` inside it (a derivation step in a list item) goes on
    /// its own lines, indented under the text, laid out as a display equation.
    func proseLines(_ text: String, firstPrefix: String, indent: String) -> [String] {
        var lines: [String] = []
        var rest = Substring(text)
        func addProse(_ prose: Substring) {
            let trimmed = prose.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { return }
            lines += InlineText.wrap(InlineText.render(trimmed, style: style), width: width,
                                     firstPrefix: lines.isEmpty ? firstPrefix : indent, indent: indent)
        }
        while let open = rest.range(of: "$$"), let close = rest[open.upperBound...].range(of: "$$") {
            addProse(rest[..<open.lowerBound])
            let latex = String(rest[open.upperBound..<close.lowerBound])
            // An item that opens with its equation shows it beside the number (`5. ∂L/∂h = …`).
            lines += lines.isEmpty ? displayMath(latex, indent: indent, firstIndent: firstPrefix)
                : displayMath(latex, indent: indent + "  ")
            rest = rest[close.upperBound...]
        }
        addProse(rest)
        if lines.isEmpty { lines = [firstPrefix] }
        return lines
    }

    func codeBox(_ text: String, caption: String?) -> [String] {
        let bar = style.color ? "│" : "|"
        var lines: [String] = []
        if let caption {
            // A long `path#region` caption breaks before the region name rather than overflow.
            let opener = style.color ? "┌─ " : "+- "
            if opener.count + caption.count > width, let hash = caption.lastIndex(of: "#") {
                lines.append(style.dim(opener + caption[..<hash]))
                lines.append(style.dim(String(repeating: " ", count: opener.count) + caption[hash...]))
            } else {
                lines.append(style.dim(opener + caption))
            }
        }
        let room = max(10, width - 2)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            // Long lines continue on the next line, indented like the original, after a ↪.
            var rest = Substring(line)
            let indent = String(rest.prefix { $0 == " " })
            var first = true
            repeat {
                let prefix = first ? "" : indent + (style.color ? "↪ " : "> ")
                let take = Self.codeBreak(rest, room: max(1, room - prefix.count))
                var piece = String(rest.prefix(take))
                if take < rest.count { while piece.last == " " { piece.removeLast() } }
                lines.append(style.dim(bar) + " " + (first ? "" : style.dim(prefix)) + style.code(piece))
                rest = rest.dropFirst(take)
                if !rest.isEmpty { rest = rest.drop { $0 == " " } }
                first = false
            } while !rest.isEmpty
        }
        lines.append(style.dim(style.color ? "└─" : "+-"))
        return lines
    }

    var width: Int { style.width }

    /// How many characters of a code line to keep on this row: all if they fit, else up to the
    /// last token boundary within `room` — after a space if there is one in the last two
    /// thirds, else between an identifier and punctuation — never inside an identifier, a
    /// number or an operator like `->` (an identifier longer than the row is split as a last resort).
    static func codeBreak(_ line: Substring, room: Int) -> Int {
        let characters = Array(line.prefix(room + 1))
        guard characters.count > room else { return characters.count }
        func isWord(_ character: Character) -> Bool { character.isLetter || character.isNumber || character == "_" }
        let operators: Set<Character> = ["-", "+", "*", "/", "=", "<", ">", "!", "&", "|", "%", "^", "?", ".", ":"]
        let lowest = max(1, room / 3)
        for index in stride(from: room, through: lowest, by: -1) where characters[index - 1] == " " && characters[index] != " " {
            return index
        }
        for index in stride(from: room, through: 1, by: -1) {
            let before = characters[index - 1], after = characters[index]
            if isWord(before) && isWord(after) { continue }
            if operators.contains(before) && operators.contains(after) { continue }
            // `x.y`: break before the dot (the continuation reads `.y`), not after it.
            if before == "." && isWord(after) { continue }
            return index
        }
        return room
    }

    /// A table indented by two columns, narrowed so that it still fits the terminal width.
    func indentedTable(_ table: Table) -> [String] {
        let narrower = TerminalStyle(color: style.color, width: style.width - 2)
        return TableRenderer.render(table, style: narrower).map { "  " + $0 }
    }

    /// Wraps text that may hold line breaks (an error's `hint:` line, say): every line,
    /// including those after a break, starts at `indent`.
    func wrapKeepingLines(_ text: String, indent: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            InlineText.wrap(InlineText.render(String(line), style: style), width: width, firstPrefix: indent, indent: indent)
        }
    }

    public func present(_ output: OutputBlock) {
        switch output {
        case .text(let text):
            emit([""])
            let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
            emit(paragraphs.flatMap { InlineText.wrap(InlineText.render(String($0), style: style), width: width, firstPrefix: "  ", indent: "  ") })
        case .table(let table):
            emit([""] + indentedTable(table))
        case .chart(let chart):
            let narrower = TerminalStyle(color: style.color, width: min(style.width, 100) - 2)
            emit([""] + ChartRenderer.render(chart, style: narrower).map { "  " + $0 })
        case .images(let grid):
            let narrower = TerminalStyle(color: style.color, width: style.width - 2)
            emit([""] + ImageRenderer.render(grid, style: narrower).map { "  " + $0 })
        case .heatmap(let heatmap):
            emit([""] + indentedTable(Self.heatmapTable(heatmap)))
        case .check(let check):
            emit(checkLines(check) + (check.detail.isEmpty ? [] : wrapKeepingLines(check.detail, indent: "      ").map(style.dim)))
        }
    }

    /// A heatmap in the terminal is a table: row labels down the side, column labels on top,
    /// the row title in the corner. (Shading is left to the HTML export.)
    static func heatmapTable(_ heatmap: Heatmap) -> Table {
        let corner = heatmap.rowTitle.isEmpty ? "" : heatmap.rowTitle + (heatmap.columnTitle.isEmpty ? "" : " \\ " + heatmap.columnTitle)
        let rows = zip(heatmap.rowLabels, heatmap.values).map { label, values in
            [label] + values.map { heatmap.valueFormat.format($0) }
        }
        return Table(title: heatmap.title, headers: [corner] + heatmap.columnLabels, rows: rows,
                     rightAligned: [false] + heatmap.columnLabels.map { _ in true })
    }

    /// `  PASS name  value ≤ threshold`, wrapped (continuation lines indented) when long.
    func checkLines(_ check: Check) -> [String] {
        let mark = check.passed ? style.green(style.color ? "✓" : "PASS") : style.red(style.color ? "✗" : "FAIL")
        var lines = InlineText.wrap("\(mark) \(style.bold(check.name))", width: width, firstPrefix: "  ", indent: "      ")
        let comparison = style.dim(Self.comparisonText(check))
        if let last = lines.last, TerminalStyle.visibleWidth(last) + 2 + TerminalStyle.visibleWidth(comparison) <= width {
            lines[lines.count - 1] = last + "  " + comparison
        } else {
            lines.append("      " + comparison)
        }
        return lines
    }

    /// `1.2e-09 ≤ 1e-07` (or `yes`/`no` for yes/no checks).
    public static func comparisonText(_ check: Check) -> String {
        if check.comparison == .equal && check.threshold == 1 && (check.value == 0 || check.value == 1) {
            return check.value == 1 ? "holds" : "does not hold"
        }
        return "\(formatNumber(check.value)) \(check.comparison.rawValue) \(formatNumber(check.threshold))"
    }

    public static func formatNumber(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value == value.rounded() && abs(value) < 1e9 { return String(Int(value)) }
        if abs(value) >= 1e-3 && abs(value) < 1e6 { return String(format: "%.6g", value) }
        return String(format: "%.3g", value)
    }

    /// The verdict table: one row per check with ✓/✗, value and threshold.
    public func verdict(_ result: LessonResult, lesson: Lesson) -> [String] {
        let rows = result.checks.map { check in
            [check.passed ? (style.color ? "✓" : "PASS") : (style.color ? "✗" : "FAIL"), check.name,
             Self.formatNumber(check.value), check.comparison.rawValue, Self.formatNumber(check.threshold)]
        }
        var lines = [""]
        if !rows.isEmpty {
            lines += indentedTable(Table(title: "Checks", headers: ["", "check", "value", "", "threshold"], rows: rows,
                                         rightAligned: [false, false, true, false, true]))
        }
        let summary = result.passed
            ? style.green("Lesson \(lesson.number) passed" + (rows.isEmpty ? " (it has no checks; its steps ran)." : "."))
            : style.red("Lesson \(lesson.number) failed: \(result.checks.filter { !$0.passed }.count) of \(result.checks.count) checks did not hold.")
        return lines + ["", "  " + style.bold(summary)]
    }

    /// Messages (notes, summaries, errors) wrapped at the terminal width, never mid-word.
    public func say(_ lines: [String]) { emit(lines.flatMap { MessageWrap.wrapLine($0, width: width) }) }

    public func progress(label: String, total: Int) -> any ProgressReporter {
        ProgressBar(label: label, total: total, style: style, interactive: interactive, write: write)
    }
}
