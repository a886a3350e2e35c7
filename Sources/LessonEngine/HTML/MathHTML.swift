// HTML export: maths that reads offline and upgrades online. The LaTeX is kept in a
// `data-latex` attribute for KaTeX/MathJax; the element's text is a readable Unicode fallback
// supplied by the caller (the terminal renderer's LaTeX→Unicode converter).

/// Wraps LaTeX for the HTML page.
public enum MathHTML {
    /// Inline maths: `<span class="math" data-latex="TeX">fallback</span>`.
    public static func inline(_ latex: String, fallback: (String) -> String) -> String {
        "<span class=\"math\" data-latex=\"\(HTMLEscaping.attribute(latex))\">\(HTMLEscaping.text(fallback(latex)))</span>"
    }

    /// Display maths (its own centred block): `<div class="math display" data-latex="TeX">…</div>`.
    public static func display(_ latex: String, fallback: (String) -> String) -> String {
        "<div class=\"math display\" data-latex=\"\(HTMLEscaping.attribute(latex))\">\(HTMLEscaping.text(fallback(latex)))</div>"
    }

    /// Prose with `` `code` `` spans and `$…$` maths (as in `OutputBlock.text`), as escaped
    /// HTML. `\$` is a literal dollar; an unclosed `$` or backtick is kept as text.
    public static func inlineText(_ text: String, fallback: (String) -> String) -> String {
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
            html += marker == "`" ? "<code>\(HTMLEscaping.text(inner))</code>" : inline(inner, fallback: fallback)
            rest = after[after.index(after: close)...]
        }
        html += HTMLEscaping.text(String(rest))
        return html
    }

    /// A `<script>` block that loads KaTeX from a CDN and renders every `.math` element from
    /// its `data-latex`; without it (or offline) the Unicode fallback stays. Pass to `HTMLPage`.
    public static let katexScript: String = """
    <link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/katex@0.16.11/dist/katex.min.css" crossorigin="anonymous"/>
    <script defer="defer" src="https://cdn.jsdelivr.net/npm/katex@0.16.11/dist/katex.min.js" crossorigin="anonymous"
      onload="document.querySelectorAll('.math[data-latex]').forEach(function (e) { try { katex.render(e.getAttribute('data-latex'), e, { displayMode: e.classList.contains('display'), throwOnError: false }); } catch (x) {} });"></script>
    """
}

extension MathHTML {
    /// Inline maths whose offline fallback is `MathText.unicode`, with any sub- or superscript
    /// Unicode has no character for (`x_D`, `e^{-z}` left as is) drawn with `<sub>`/`<sup>`.
    public static func inline(_ latex: String) -> String {
        "<span class=\"math\" data-latex=\"\(HTMLEscaping.attribute(latex))\">\(scriptsHTML(MathText.unicode(latex)))</span>"
    }

    /// Display maths with the same fallback as `inline(_:)`.
    public static func display(_ latex: String) -> String {
        "<div class=\"math display\" data-latex=\"\(HTMLEscaping.attribute(latex))\">\(scriptsHTML(MathText.unicode(latex)))</div>"
    }

    /// Escapes `text`, turning `_c`, `_{…}`, `^c` and `^{…}` into `<sub>`/`<sup>` elements.
    public static func scriptsHTML(_ text: String) -> String {
        var html = ""
        var rest = Substring(text)
        while let index = rest.firstIndex(where: { $0 == "_" || $0 == "^" }) {
            html += HTMLEscaping.text(String(rest[..<index]))
            let tag = rest[index] == "_" ? "sub" : "sup"
            let after = rest[rest.index(after: index)...]
            var script: Substring
            if after.first == "{", let close = after.firstIndex(of: "}") {
                script = after[after.index(after: after.startIndex)..<close]
                rest = after[after.index(after: close)...]
            } else if let first = after.first, first != " " {
                script = after.prefix(1)
                rest = after.dropFirst()
            } else {
                html += HTMLEscaping.text(String(rest[index]))
                rest = after
                continue
            }
            html += "<\(tag)>\(HTMLEscaping.text(String(script)))</\(tag)>"
        }
        return html + HTMLEscaping.text(String(rest))
    }
}
