import Foundation

/// Display equations in the terminal: whole on one line when they fit; otherwise broken only
/// before a top-level relation or operator (`=`, `+`, `−`, `≈`, `→`), after a top-level comma
/// between equations, or before a shape note (`   [N×K]`) — never inside a bracket or a term.
extension MathText {
    /// Relations and operators a long equation may break before (the next line starts with it).
    static let breakBefore: Set<Character> = ["=", "+", "−", "≈", "≤", "≥", "→", "["]
    static let opening: Set<Character> = ["(", "[", "{", "⟨"]
    static let closing: Set<Character> = [")", "]", "}", "⟩"]

    /// `unicode` (already converted) laid out in lines of at most `width` columns. The first
    /// line is the caller's; continuation lines are returned without indentation.
    public static func displayLines(_ unicode: String, width: Int) -> [String] {
        let text = unicode.trimmingCharacters(in: .whitespaces)
        guard text.count > width else { return [text] }
        // Between equations (`a = f(z),   b = g(a)`) first; inside an equation only if needed.
        return pack(segments(text, commasOnly: true), width: width).flatMap { line in
            line.count <= width ? [line] : pack(segments(line, commasOnly: false), width: width)
        }.flatMap { line in
            // A single term wider than the terminal: wrap it at spaces as a last resort.
            line.count > width ? InlineText.wrap(line, width: width) : [line]
        }
    }

    /// `text` cut at top-level break points, each piece keeping its leading spaces.
    static func segments(_ text: String, commasOnly: Bool) -> [String] {
        var segments: [String] = []
        var current = ""
        var depth = 0
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            if character == " " && depth == 0 && !current.isEmpty {
                var next = index
                while next < characters.count, characters[next] == " " { next += 1 }
                let previous = current.last { $0 != " " }
                let afterComma = previous == "," && current.last != " "
                var breaks = afterComma
                if !commasOnly && next < characters.count && breakBefore.contains(characters[next]) {
                    // Not after another operator (`= −x`), and `[` only for a set-apart shape note.
                    let afterOperator = previous.map { "=+−(,≈→".contains($0) } ?? true
                    breaks = breaks || (!afterOperator && (characters[next] != "[" || next - index >= 3))
                }
                if breaks {
                    segments.append(current)
                    current = ""
                }
            }
            if opening.contains(character) { depth += 1 }
            if closing.contains(character) { depth = max(0, depth - 1) }
            current.append(character)
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }

    /// Greedy packing of `segments` into lines of at most `width` (a piece wider than `width`
    /// gets a line of its own).
    static func pack(_ segments: [String], width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for segment in segments {
            if line.isEmpty {
                line = segment.trimmingCharacters(in: .whitespaces)
            } else if TerminalStyle.visibleWidth(line + segment) <= width {
                line += segment
            } else {
                lines.append(line)
                line = segment.trimmingCharacters(in: .whitespaces)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
