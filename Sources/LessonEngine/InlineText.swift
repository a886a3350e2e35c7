/// Inline markdown for the terminal: `code`, **bold**, *italic*, $maths$ (as Unicode),
/// [links](url) and word wrapping.
public enum InlineText {
    /// Rendered text: markup removed (or kept as backticks in plain mode), maths converted.
    public static func render(_ text: String, style: TerminalStyle) -> String {
        var output = ""
        var characters = Substring(text)
        // Once a search for a closer fails, it fails from every later position too:
        // remembering that keeps a line of 100,000 unmatched `[` linear, not quadratic.
        var noLinkCloser = false
        var noDisplayCloser = false
        while let character = characters.first {
            if character == "\\", characters.dropFirst().first == "$" {
                output += "$"
                characters = characters.dropFirst(2)
            } else if character == "`", let end = characters.dropFirst().firstIndex(of: "`") {
                let inner = String(characters[characters.index(after: characters.startIndex)..<end])
                output += style.color ? style.code(inner) : "`\(inner)`"
                characters = characters[characters.index(after: end)...]
            } else if !noDisplayCloser, characters.hasPrefix("$$"), let end = characters.dropFirst(2).range(of: "$$")
                        ?? { noDisplayCloser = true; return nil }() {
                // Display maths inside a paragraph or list item: shown in line, converted.
                let inner = String(characters[characters.index(characters.startIndex, offsetBy: 2)..<end.lowerBound])
                output += style.italic(MathText.unicode(inner))
                characters = characters[end.upperBound...]
            } else if character == "$", let end = characters.dropFirst().firstIndex(of: "$") {
                let inner = String(characters[characters.index(after: characters.startIndex)..<end])
                output += style.italic(MathText.unicode(inner))
                characters = characters[characters.index(after: end)...]
            } else if characters.hasPrefix("**"), let end = characters.dropFirst(2).range(of: "**") {
                // Markup inside the bold span (maths, code) is rendered too.
                output += style.bold(render(String(characters[characters.index(characters.startIndex, offsetBy: 2)..<end.lowerBound]), style: style))
                characters = characters[end.upperBound...]
            } else if character == "*", let next = characters.dropFirst().first, next != " ", next != "*",
                      let end = characters.dropFirst().firstIndex(of: "*") {
                output += style.italic(render(String(characters[characters.index(after: characters.startIndex)..<end]), style: style))
                characters = characters[characters.index(after: end)...]
            } else if character == "[", !noLinkCloser, let close = characters.range(of: "](") ?? { noLinkCloser = true; return nil }(),
                      let paren = characters[close.upperBound...].firstIndex(of: ")") ?? { noLinkCloser = true; return nil }() {
                let label = characters[characters.index(after: characters.startIndex)..<close.lowerBound]
                let url = characters[close.upperBound..<paren]
                output += "\(label) (\(url))"
                characters = characters[characters.index(after: paren)...]
            } else {
                output.append(character)
                characters = characters.dropFirst()
            }
        }
        return output
    }

    /// Greedy word wrap to `width` visible columns; each line after the first starts with
    /// `indent`; words longer than a line are hard-broken. ANSI escapes do not count.
    public static func wrap(_ text: String, width: Int, firstPrefix: String = "", indent: String = "") -> [String] {
        var lines: [String] = []
        var current = firstPrefix
        var currentWidth = TerminalStyle.visibleWidth(firstPrefix)
        var lineHasWord = false
        let indentWidth = TerminalStyle.visibleWidth(indent)
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = word  // a Substring: hard breaks below move its start, never copy the rest
            var wordWidth = TerminalStyle.visibleWidth(String(word))
            if lineHasWord && currentWidth + 1 + wordWidth > width {
                lines.append(current)
                current = indent
                currentWidth = indentWidth
                lineHasWord = false
            }
            let styled = word.contains("\u{1B}")  // styled words are never cut (once per word, not per cut)
            while wordWidth > width - currentWidth && !lineHasWord && width - currentWidth > 0 && !styled {
                // Linear in the word: without escapes each character is one column.
                let room = width - currentWidth
                let cut = word.index(word.startIndex, offsetBy: room)
                lines.append(current + word[..<cut])
                word = word[cut...]
                wordWidth -= room
                current = indent
                currentWidth = indentWidth
            }
            if word.isEmpty { continue }
            if lineHasWord {
                current += " "
                currentWidth += 1
            }
            current += word
            currentWidth += wordWidth
            lineHasWord = true
        }
        if lineHasWord || lines.isEmpty { lines.append(current) }
        return lines
    }
}
