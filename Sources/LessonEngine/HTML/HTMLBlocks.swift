// HTML export: tables, check verdicts and whole `OutputBlock`s as HTML fragments.
import Foundation

/// Renders stage output blocks as HTML fragments for `HTMLPage`.
public enum HTMLBlocks {
    /// A `Table` as `<table class="bp-table">`; right-aligned columns get `class="num"`.
    public static func table(_ table: Table) -> String {
        func alignment(_ column: Int) -> String {
            let right = table.rightAligned.map { column < $0.count ? $0[column] : false } ?? looksNumeric(column, in: table)
            return right ? " class=\"num\"" : ""
        }
        var html = "<div class=\"table-wrap\"><table class=\"bp-table\">\n"
        if let title = table.title { html += "<caption>\(HTMLEscaping.text(title))</caption>\n" }
        html += "<thead><tr>"
        for (column, header) in table.headers.enumerated() { html += "<th\(alignment(column))>\(HTMLEscaping.text(header))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            html += "<tr>"
            for (column, cell) in row.enumerated() { html += "<td\(alignment(column))>\(cellHTML(cell))</td>" }
            html += "</tr>\n"
        }
        html += "</tbody></table></div>"
        return html
    }

    /// A cell's text, escaped, with every number that holds a `-` or `+` (`8.14e-07`, `1.0e-05`,
    /// `-3`) kept on one line: browsers may otherwise break after the hyphen.
    static func cellHTML(_ cell: String) -> String {
        cell.split(separator: " ", omittingEmptySubsequences: false).map { token in
            let text = HTMLEscaping.text(String(token))
            let isNumber = token.contains(where: \.isNumber) && token.contains(where: { "-+−".contains($0) })
                && token.allSatisfy { $0.isNumber || "+-−.,%eE×⁻⁰¹²³⁴⁵⁶⁷⁸⁹()".contains($0) }
            return isNumber ? "<span class=\"nobr\">\(text)</span>" : text
        }.joined(separator: " ")
    }

    /// A `Check` as a verdict line: ✓/✗, name, `value ≤ threshold` (or just the verdict for a
    /// yes/no check), and the detail underneath.
    public static func check(_ check: Check) -> String {
        let verdict = check.passed ? "pass" : "fail"
        var html = "<div class=\"bp-check \(verdict)\"><span class=\"verdict\" aria-label=\"\(verdict)\">\(check.passed ? "✓" : "✗")</span> "
        html += "<span class=\"check-name\">\(HTMLEscaping.text(check.name))</span>"
        if !isYesNo(check) {
            let relation = check.passed ? check.comparison.rawValue : negated(check.comparison)
            html += ": <span class=\"check-value\">\(HTMLEscaping.text("\(formatNumber(check.value)) \(relation) \(formatNumber(check.threshold))"))</span>"
        }
        if !check.detail.isEmpty { html += "<div class=\"check-detail\">\(HTMLEscaping.text(check.detail))</div>" }
        html += "</div>"
        return html
    }

    /// Any output block; maths in text is typeset as MathML. `mathFallback`, if given, replaces
    /// MathML with escaped text (tests use it to see which LaTeX went where).
    public static func render(_ block: OutputBlock, mathFallback: ((String) -> String)? = nil) -> String {
        switch block {
        case .text(let text):
            if let mathFallback { return "<p>\(MathHTML.inlineText(text, fallback: mathFallback))</p>" }
            return "<p>\(MathHTML.inlineText(text))</p>"
        case .table(let value): return table(value)
        case .chart(let chart): return "<figure class=\"bp-figure\">\(SVGChart.render(chart))</figure>"
        case .images(let grid): return SVGImageGrid.render(grid)
        case .heatmap(let heatmap): return "<figure class=\"bp-figure\">\(SVGHeatmap.render(heatmap))</figure>"
        case .check(let value): return check(value)
        }
    }

    /// A yes/no check, as made by `Check(name:holds:)`.
    static func isYesNo(_ check: Check) -> Bool {
        check.comparison == .equal && check.threshold == 1 && (check.value == 0 || check.value == 1)
    }

    /// Numbers in check lines: whole numbers below 10⁹ exactly; others to four significant digits; very large or small ones as
    /// `2.5×10⁻⁷` (or `10⁻⁵` when the mantissa is 1) rather than `2.5e-07`.
    static func formatNumber(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        // Whole numbers (a byte count, an image count) are exact: 47,040,016, not 4.704×10⁷.
        if value == value.rounded() && abs(value) < 1e7 { return String(format: "%.0f", value) }
        if value == value.rounded() && abs(value) < 1e9 {
            let digits = String(Int(abs(value)))
            var grouped = ""
            for (index, digit) in digits.enumerated() {
                if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
                grouped.append(digit)
            }
            return (value < 0 ? "−" : "") + grouped
        }
        let text = String(format: "%.4g", value)
        guard let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]) else { return text }
        let mantissa = String(text[..<e])
        let superscripts: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
        ]
        let power = "10" + String(String(exponent).compactMap { superscripts[$0] })
        return mantissa == "1" ? power : mantissa == "-1" ? "−" + power : mantissa + "×" + power
    }

    private static func negated(_ comparison: Check.Comparison) -> String {
        switch comparison {
        case .lessOrEqual: return ">"
        case .greaterOrEqual: return "<"
        case .equal: return "≠"
        }
    }

    private static func looksNumeric(_ column: Int, in table: Table) -> Bool {
        let cells = table.rows.compactMap { column < $0.count ? $0[column] : nil }.filter { !$0.isEmpty }
        return !cells.isEmpty && cells.allSatisfy { cell in
            cell.allSatisfy { $0.isNumber || "+-−.,%eE×∞ ".contains($0) }
        }
    }
}
