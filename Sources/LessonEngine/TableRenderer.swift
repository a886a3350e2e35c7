/// Tables drawn with box-drawing characters (colour mode) or `+---+` ASCII (plain mode).
/// Cells may hold inline markup; numbers are right-aligned when the table says so.
public enum TableRenderer {
    public static func render(_ table: Table, style: TerminalStyle) -> [String] {
        let headers = table.headers.map { InlineText.render($0, style: style) }
        let rows = table.rows.map { $0.map { InlineText.render($0, style: style) } }
        let columnCount = max(headers.count, rows.map(\.count).max() ?? 0)
        guard columnCount > 0 else { return [] }
        func cell(_ row: [String], _ column: Int) -> String { column < row.count ? row[column] : "" }
        var widths = (0..<columnCount).map { column in
            ([headers] + rows).map { TerminalStyle.visibleWidth(cell($0, column)) }.max() ?? 0
        }
        // Shrink the widest columns until the table fits (cells are then cut with …).
        let frame = 3 * columnCount + 1
        while widths.reduce(0, +) + frame > style.width, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 4 {
            widths[widest] -= 1
        }
        let right = (0..<columnCount).map { column in
            table.rightAligned.map { column < $0.count ? $0[column] : false } ?? false
        }
        let glyphs = style.color
            ? (h: "─", v: "│", top: ("┌", "┬", "┐"), mid: ("├", "┼", "┤"), bottom: ("└", "┴", "┘"))
            : (h: "-", v: "|", top: ("+", "+", "+"), mid: ("+", "+", "+"), bottom: ("+", "+", "+"))
        func rule(_ corners: (String, String, String)) -> String {
            corners.0 + widths.map { String(repeating: glyphs.h, count: $0 + 2) }.joined(separator: corners.1) + corners.2
        }
        func line(_ row: [String], bold: Bool) -> String {
            let cells = (0..<columnCount).map { column -> String in
                var text = cell(row, column)
                if TerminalStyle.visibleWidth(text) > widths[column] {
                    text = String(strip(text).prefix(widths[column] - 1)) + (style.color ? "…" : "~")
                }
                let padded = TerminalStyle.pad(text, to: widths[column], right: right[column])
                return " " + (bold ? style.bold(padded) : padded) + " "
            }
            return glyphs.v + cells.joined(separator: glyphs.v) + glyphs.v
        }
        var lines: [String] = []
        if let title = table.title { lines.append(style.bold(InlineText.render(title, style: style))) }
        lines.append(rule(glyphs.top))
        if !headers.isEmpty {
            lines.append(line(headers, bold: true))
            lines.append(rule(glyphs.mid))
        }
        lines += rows.map { line($0, bold: false) }
        lines.append(rule(glyphs.bottom))
        return lines
    }

    /// Text without ANSI escapes.
    static func strip(_ text: String) -> String {
        var output = ""
        var inEscape = false
        for character in text {
            if inEscape { if character.isLetter { inEscape = false } } else if character == "\u{1B}" { inEscape = true } else { output.append(character) }
        }
        return output
    }
}
