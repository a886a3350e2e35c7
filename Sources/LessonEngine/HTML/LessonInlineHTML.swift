// HTML export: a lesson's inline markdown — `code`, **bold**, *italic*, $maths$ and
// [links](url) — as escaped HTML, with the same rules as the terminal's `InlineText`.

/// Inline lesson markup to HTML. Every piece of learner text goes through `HTMLEscaping`.
public enum LessonInlineHTML {
    /// `text` as HTML; maths is typeset as MathML (see `MathHTML`).
    public static func render(_ text: String) -> String {
        var html = ""
        var characters = Substring(text)
        var plain = ""
        func flush() {
            html += HTMLEscaping.text(plain)
            plain = ""
        }
        while let character = characters.first {
            let afterFirst = characters.index(after: characters.startIndex)
            if character == "\\", characters.dropFirst().first == "$" {
                plain += "$"
                characters = characters.dropFirst(2)
            } else if character == "`", let end = characters.dropFirst().firstIndex(of: "`") {
                flush()
                html += "<code>\(HTMLEscaping.text(String(characters[afterFirst..<end])))</code>"
                characters = characters[characters.index(after: end)...]
            } else if characters.hasPrefix("$$"), let end = characters.dropFirst(2).range(of: "$$") {
                // Display maths inside a paragraph or list item (as the terminal's `InlineText`).
                flush()
                let latex = String(characters[characters.index(characters.startIndex, offsetBy: 2)..<end.lowerBound])
                html += MathHTML.displayInline(latex)
                characters = characters[end.upperBound...]
            } else if character == "$", let end = characters.dropFirst().firstIndex(of: "$") {
                flush()
                html += MathHTML.inline(String(characters[afterFirst..<end]))
                characters = characters[characters.index(after: end)...]
            } else if characters.hasPrefix("**"), let end = characters.dropFirst(2).range(of: "**") {
                flush()
                let inner = String(characters[characters.index(characters.startIndex, offsetBy: 2)..<end.lowerBound])
                html += "<strong>\(render(inner))</strong>"
                characters = characters[end.upperBound...]
            } else if character == "*", let next = characters.dropFirst().first, next != " ", next != "*",
                      let end = characters.dropFirst().firstIndex(of: "*") {
                flush()
                html += "<em>\(render(String(characters[afterFirst..<end])))</em>"
                characters = characters[characters.index(after: end)...]
            } else if character == "[", let close = characters.range(of: "]("),
                      let paren = characters[close.upperBound...].firstIndex(of: ")") {
                flush()
                let label = render(String(characters[afterFirst..<close.lowerBound]))
                let url = String(characters[close.upperBound..<paren])
                if isSafeLink(url) {
                    html += "<a href=\"\(HTMLEscaping.attribute(url))\">\(label)</a>"
                } else {
                    html += "\(label) (\(HTMLEscaping.text(url)))"
                }
                characters = characters[characters.index(after: paren)...]
            } else {
                plain.append(character)
                characters = characters.dropFirst()
            }
        }
        flush()
        return html
    }

    /// Web links only: `http(s)://…` or an in-page `#anchor`. Anything else (a repository
    /// path that would not exist next to the exported pages, `javascript:`) stays as text.
    static func isSafeLink(_ url: String) -> Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://") || (lower.hasPrefix("#") && lower.count > 1)
    }

    /// A heading's anchor id: lower-case ASCII letters and digits joined by `-`.
    public static func slug(_ text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "section" : slug
    }
}

import Foundation
