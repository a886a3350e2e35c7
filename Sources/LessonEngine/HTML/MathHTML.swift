// HTML export: maths typeset as MathML generated here (see `MathML`), so pages need no script
// and no network. The LaTeX is kept in a `data-latex` attribute (for copying, and for tests).
// A formula `MathML` cannot convert shows its LaTeX source as code, never half-converted text.

/// Wraps LaTeX for the HTML page.
public enum MathHTML {
    /// Inline maths: `<span class="math" data-latex="TeX">…</span>` around `content(latex)`,
    /// which must return HTML (tests pass a stand-in; pages use `inline(_:)`).
    public static func inline(_ latex: String, fallback: (String) -> String) -> String {
        "<span class=\"math\" data-latex=\"\(HTMLEscaping.attribute(latex))\">\(HTMLEscaping.text(fallback(latex)))</span>"
    }

    /// Display maths (its own centred block): `<div class="math display" data-latex="TeX">…</div>`.
    public static func display(_ latex: String, fallback: (String) -> String) -> String {
        "<div class=\"math display\" data-latex=\"\(HTMLEscaping.attribute(latex))\">\(HTMLEscaping.text(fallback(latex)))</div>"
    }

    /// `latex` as MathML, or (if it uses something `MathML` does not know) its source as code.
    public static func typeset(_ latex: String, display: Bool) -> String {
        do {
            return try MathML.convert(latex, display: display)
        } catch {
            return "<code class=\"math-source\" title=\"\(HTMLEscaping.attribute(error.description))\">\(HTMLEscaping.text(latex))</code>"
        }
    }

    /// Prose with `` `code` `` spans and `$…$` maths (as in `OutputBlock.text`), as escaped
    /// HTML. `\$` is a literal dollar; an unclosed `$` or backtick is kept as text.
    public static func inlineText(_ text: String, fallback: (String) -> String) -> String {
        inlineText(text, maths: { inline($0, fallback: fallback) })
    }

    /// Prose with `` `code` `` spans and `$…$` maths typeset as MathML.
    public static func inlineText(_ text: String) -> String {
        inlineText(text, maths: { inline($0) })
    }

    static func inlineText(_ text: String, maths: (String) -> String) -> String {
        var html = ""
        var rest = Substring(text)
        while let index = rest.firstIndex(where: { $0 == "`" || $0 == "$" || $0 == "\\" }) {
            html += HTMLEscaping.text(String(rest[..<index]))
            let marker = rest[index]
            let after = rest[rest.index(after: index)...]
            if marker == "\\" {
                if after.first == "$" {
                    html += "$"
                    rest = after.dropFirst()
                } else {
                    html += "\\"
                    rest = after
                }
                continue
            }
            guard let close = after.firstIndex(of: marker), close > after.startIndex else {
                html += HTMLEscaping.text(String(marker))
                rest = after
                continue
            }
            let inner = String(after[..<close])
            html += marker == "`" ? "<code>\(HTMLEscaping.text(inner))</code>" : maths(inner)
            rest = after[after.index(after: close)...]
        }
        html += HTMLEscaping.text(String(rest))
        return html
    }

}

extension MathHTML {
    /// Inline maths typeset as MathML.
    public static func inline(_ latex: String) -> String {
        "<span class=\"math\" data-latex=\"\(HTMLEscaping.attribute(latex))\">\(typeset(latex, display: false))</span>"
    }

    /// Display maths (a centred block) typeset as MathML.
    public static func display(_ latex: String) -> String {
        "<div class=\"math display\" data-latex=\"\(HTMLEscaping.attribute(latex))\">\(typeset(latex, display: true))</div>"
    }

    /// Display maths inside a paragraph or list item (a `<span>`, since `<p>` cannot hold a `<div>`).
    public static func displayInline(_ latex: String) -> String {
        "<span class=\"math display\" data-latex=\"\(HTMLEscaping.attribute(latex))\">\(typeset(latex, display: true))</span>"
    }
}
