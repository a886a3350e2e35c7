// HTML export: a chart's or heatmap's title, wrapped onto as many lines as it needs so that it
// is never clipped by the figure's edges (SVG text does not wrap by itself).

enum SVGTitle {
    /// Width of one character of the 15-unit semibold title, rounded up (wide glyphs like
    /// `m`, `W` and digits in proportional fonts run to about 9 units).
    static let characterWidth = 9.0
    /// Distance between title lines.
    static let lineHeight = 19.0

    /// `title` broken at spaces into lines that fit `width` units (a longer word stays whole).
    static func lines(_ title: String, width: Double) -> [String] {
        let perLine = max(8, Int((width - 20) / characterWidth))
        var lines: [String] = []
        var current = ""
        for word in title.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > perLine {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// The title's `<text>`, centred on `centre`, first baseline at y = 22; one line is plain
    /// text, more are `<tspan>`s. The height it adds beyond one line is `extraHeight(lines)`.
    static func svg(_ lines: [String], centre: Double) -> String {
        let x = SVGNumber.format(centre)
        let open = "<text class=\"chart-title\" x=\"\(x)\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"600\">"
        if lines.count == 1 { return open + HTMLEscaping.text(lines[0]) + "</text>\n" }
        let spans = lines.enumerated().map { index, line in
            "<tspan x=\"\(x)\" dy=\"\(index == 0 ? "0" : SVGNumber.format(lineHeight))\">\(HTMLEscaping.text(line))</tspan>"
        }
        return open + spans.joined() + "</text>\n"
    }

    static func extraHeight(_ lines: [String]) -> Double { Double(lines.count - 1) * lineHeight }
}
