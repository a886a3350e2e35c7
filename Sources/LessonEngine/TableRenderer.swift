/// Tables drawn with box-drawing characters (colour mode) or `+---+` ASCII (plain mode).
/// Cells may hold inline markup; numbers are right-aligned when the table says so.
/// A table wider than the terminal narrows its widest wrappable column, and cells that no
/// longer fit wrap onto extra lines at spaces (a word longer than its column is split).
public enum TableRenderer {
    public static func render(_ table: Table, style: TerminalStyle) -> [String] {
        let headers = table.headers.map { InlineText.render($0, style: style) }
        let rows = table.rows.map { $0.map { InlineText.render($0, style: style) } }
        let columnCount = max(headers.count, rows.map(\.count).max() ?? 0)
        guard columnCount > 0 else { return [] }
        func cell(_ row: [String], _ column: Int) -> String { column < row.count ? row[column] : "" }
        let allRows = [headers] + rows
        var widths = (0..<columnCount).map { column in
            allRows.map { TerminalStyle.visibleWidth(cell($0, column)) }.max() ?? 0
        }
        // The narrowest a column can go without splitting a word.
        let longestWords = (0..<columnCount).map { column in
            allRows.map { longestWordWidth(strip(cell($0, column))) }.max() ?? 0
        }
        let right = (0..<columnCount).map { column in
            table.rightAligned.map { column < $0.count ? $0[column] : false } ?? false
        }
        // Narrow first where a cell can wrap at a space, then split words in text columns,
        // and only as a last resort split numbers (right-aligned columns).
        let frame = 3 * columnCount + 1
        while widths.reduce(0, +) + frame > style.width {
            let wrappable = widths.indices.filter { widths[$0] > max(longestWords[$0], 4) }
            let textColumns = widths.indices.filter { !right[$0] && widths[$0] > 4 }
            let candidates = !wrappable.isEmpty ? wrappable : !textColumns.isEmpty ? textColumns : widths.indices.filter { widths[$0] > 4 }
            guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
            widths[widest] -= 1
        }
        // A narrowed column needs only as much room as its widest wrapped line.
        for column in widths.indices {
            widths[column] = allRows.map { row -> Int in
                let text = cell(row, column)
                let width = TerminalStyle.visibleWidth(text)
                return width <= widths[column] ? width : wrap(strip(text), width: widths[column]).map(\.count).max() ?? 0
            }.max() ?? widths[column]
        }
        let glyphs = style.color
            ? (h: "─", v: "│", top: ("┌", "┬", "┐"), mid: ("├", "┼", "┤"), bottom: ("└", "┴", "┘"))
            : (h: "-", v: "|", top: ("+", "+", "+"), mid: ("+", "+", "+"), bottom: ("+", "+", "+"))
        func rule(_ corners: (String, String, String)) -> String {
            corners.0 + widths.map { String(repeating: glyphs.h, count: $0 + 2) }.joined(separator: corners.1) + corners.2
        }
        func lines(_ row: [String], bold: Bool) -> [String] {
            let wrapped = (0..<columnCount).map { column -> [String] in
                let text = cell(row, column)
                if TerminalStyle.visibleWidth(text) <= widths[column] { return [text] }
                return wrap(strip(text), width: widths[column])
            }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { lineIndex in
                let cells = (0..<columnCount).map { column -> String in
                    let text = lineIndex < wrapped[column].count ? wrapped[column][lineIndex] : ""
                    let padded = TerminalStyle.pad(text, to: widths[column], right: right[column])
                    return " " + (bold ? style.bold(padded) : padded) + " "
                }
                return glyphs.v + cells.joined(separator: glyphs.v) + glyphs.v
            }
        }
        var output: [String] = []
        if let title = table.title {
            output += InlineText.wrap(InlineText.render(title, style: style), width: style.width).map(style.bold)
        }
        output.append(rule(glyphs.top))
        if !headers.isEmpty {
            output += lines(headers, bold: true)
            output.append(rule(glyphs.mid))
        }
        for row in rows { output += lines(row, bold: false) }
        output.append(rule(glyphs.bottom))
        return output
    }

    /// Greedy word wrap of plain text (no escapes) to `width` columns; a word longer than
    /// `width` is split, after punctuation where possible, else every `width` characters.
    static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            var word = word
            if !current.isEmpty && current.count + 1 + word.count <= width {
                current += " " + word
                continue
            }
            if !current.isEmpty { lines.append(current); current = "" }
            while word.count > width {
                // Split after a `.`, `/`, `-` or `_` when there is one in reach (`layer1.` `weight`).
                let head = word.prefix(width)
                let cut = head.lastIndex(where: { ".,/-_×".contains($0) }).map { head.distance(from: head.startIndex, to: $0) + 1 }
                let length = cut.map { $0 < word.count ? $0 : width } ?? width
                lines.append(String(word.prefix(length)))
                word = String(word.dropFirst(length))
            }
            current = word
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// The longest piece a cell's text cannot be broken inside: words split at spaces, and
    /// file paths after each `/` (so a long path wraps before a short label does).
    static func longestWordWidth(_ text: String) -> Int {
        text.split(separator: " ").flatMap { word in
            word.contains("/") && word.count > 24 ? word.split(separator: "/").map { $0.count + 1 } : [word.count]
        }.max() ?? 0
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
