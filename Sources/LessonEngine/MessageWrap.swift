/// Wrapping for CLI messages (errors, hints, notes, help lines): a line wider than the
/// terminal breaks at its last space that fits, never inside a word, and continues under its
/// own text (`error: `, `hint: ` and list markers get a hanging indent). Lines that fit, and
/// runs of spaces inside a line (help columns), are left exactly as they are.
public enum MessageWrap {
    /// Prefixes whose continuation lines are indented to the text after them.
    static let hangingPrefixes = ["error: ", "warning: ", "hint: ", "note: ", "- ", "• "]

    /// `text` (which may hold line breaks) wrapped to `width` visible columns.
    public static func wrap(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { wrapLine(String($0), width: width) }
            .joined(separator: "\n")
    }

    /// One line wrapped to `width`.
    public static func wrapLine(_ line: String, width: Int) -> [String] {
        guard width >= 20, TerminalStyle.visibleWidth(line) > width else { return [line] }
        let leading = String(line.prefix { $0 == " " })
        let body = line.dropFirst(leading.count)
        let hanging = hangingPrefixes.first { body.hasPrefix($0) }.map { String(repeating: " ", count: $0.count) } ?? ""
        var indent = leading + hanging
        // A help row (`  name    description`): continue under the description.
        if hanging.isEmpty, let word = body.firstIndex(of: " "), body[word...].hasPrefix("  ") {
            let column = leading.count + body.distance(from: body.startIndex, to: word) + body[word...].prefix { $0 == " " }.count
            if column <= width / 2 { indent = String(repeating: " ", count: column) }
        }
        var lines: [String] = []
        var rest = Substring(line)
        var prefix = ""
        while TerminalStyle.visibleWidth(prefix + rest) > width {
            let room = width - prefix.count
            // The last space within `room` visible columns (escapes do not count).
            var visible = 0
            var lastSpace: Substring.Index?
            var lastSpaceOutsideCode: Substring.Index?   // a `command` in backticks stays whole to copy
            var inCode = false
            var index = rest.startIndex
            var inEscape = false
            while index < rest.endIndex {
                let character = rest[index]
                if character == "\u{1B}" { inEscape = true }
                if !inEscape {
                    if visible >= room { break }
                    if character == "`" { inCode.toggle() }
                    if character == " " && visible > 0 {
                        lastSpace = index
                        if !inCode { lastSpaceOutsideCode = index }
                    }
                    visible += 1
                } else if character.isLetter {
                    inEscape = false
                }
                index = rest.index(after: index)
            }
            guard let cut = lastSpaceOutsideCode.flatMap({ rest[..<$0].contains(where: { $0 != " " }) ? $0 : nil }) ?? lastSpace,
                  rest[..<cut].contains(where: { $0 != " " }) else { break }
            lines.append(prefix + rest[..<cut])
            rest = rest[cut...].drop { $0 == " " }
            prefix = indent
        }
        lines.append(prefix + rest)
        return lines
    }
}
