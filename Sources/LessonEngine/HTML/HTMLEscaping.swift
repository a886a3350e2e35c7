import Foundation

// HTML export: the one escaping rule every HTML and SVG builder in this folder uses.
// Nothing here reads or writes files; callers get strings.

/// Escapes text for HTML and XML (SVG), so that learner-visible strings can never become markup.
///
/// Rule: `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;` in text; attributes additionally escape
/// `"` → `&quot;` and `'` → `&#39;` (so they are safe in either quote style). The output is
/// also well-formed XML, so the same rule serves inline SVG.
public enum HTMLEscaping {
    /// Escapes `text` for use between tags: `a < b & c` → `a &lt; b &amp; c`.
    public static func text(_ text: String) -> String {
        escape(text, quotes: false)
    }

    /// Escapes `value` for use inside a quoted attribute value (`title="…"`).
    public static func attribute(_ value: String) -> String {
        escape(value, quotes: true)
    }

    /// Reverses `text(_:)` / `attribute(_:)` for the five entities they produce (used by tests
    /// and by anything that needs the plain text back from our own output).
    public static func unescape(_ html: String) -> String {
        var result = ""
        result.reserveCapacity(html.utf8.count)
        var index = html.startIndex
        let entities: [(String, Character)] = [
            ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"),
        ]
        outer: while index < html.endIndex {
            if html[index] == "&" {
                for (entity, character) in entities where html[index...].hasPrefix(entity) {
                    result.append(character)
                    index = html.index(index, offsetBy: entity.count)
                    continue outer
                }
            }
            result.append(html[index])
            index = html.index(after: index)
        }
        return result
    }

    private static func escape(_ input: String, quotes: Bool) -> String {
        var result = ""
        result.reserveCapacity(input.utf8.count)
        for scalar in input.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            case "'" where quotes: result += "&#39;"
            default:
                // Control characters other than tab/newline/CR are not allowed in XML 1.0:
                // show them as U+FFFD rather than produce a document that fails to parse.
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" {
                    result.unicodeScalars.append("\u{FFFD}")
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}

/// Number formatting shared by the SVG builders: coordinates with at most two decimals and
/// no exponent notation (SVG path data must not contain `1e-05`).
enum SVGNumber {
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() && abs(rounded) < 1e15 {
            return String(Int64(rounded))
        }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
