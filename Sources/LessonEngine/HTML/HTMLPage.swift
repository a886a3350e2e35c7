// HTML export: the page template — a self-contained HTML5 page (inline CSS, light and dark
// themes by `prefers-color-scheme`, no JavaScript needed to read) around already-rendered
// body HTML, with previous / index / next links.

/// A complete lesson page.
public enum HTMLPage {
    /// A navigation link; `href` is relative (e.g. `03-chain-rule.html`).
    public struct Link: Sendable, Equatable {
        public var title: String
        public var href: String
        public init(title: String, href: String) {
            self.title = title
            self.href = href
        }
    }

    /// Previous / index / next links shown above and below the content.
    public struct Navigation: Sendable, Equatable {
        public var previous: Link?
        public var index: Link?
        public var next: Link?
        public init(previous: Link? = nil, index: Link? = nil, next: Link? = nil) {
            self.previous = previous
            self.index = index
            self.next = next
        }
    }

    /// The page. `title` is plain text (escaped here); `body` is trusted HTML built with the
    /// other functions in this folder. `headExtras` is appended to `<head>`.
    public static func render(title: String, body: String, navigation: Navigation = Navigation(),
                              language: String = "en", headExtras: String = "") -> String {
        let nav = navigationHTML(navigation)
        return """
        <!DOCTYPE html>
        <html lang="\(HTMLEscaping.attribute(language))">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <title>\(HTMLEscaping.text(title))</title>
        <style>
        \(stylesheet)
        </style>
        \(headExtras)
        </head>
        <body>
        \(nav)
        <main>
        <h1>\(HTMLEscaping.text(title))</h1>
        \(body)
        </main>
        \(nav)
        </body>
        </html>

        """
    }

    static func navigationHTML(_ navigation: Navigation) -> String {
        guard navigation.previous != nil || navigation.index != nil || navigation.next != nil else { return "" }
        func link(_ link: Link?, rel: String, arrow: String) -> String {
            guard let link else { return "<span class=\"\(rel)\"></span>" }
            let text = rel == "prev" ? "\(arrow) \(link.title)" : rel == "next" ? "\(link.title) \(arrow)" : link.title
            return "<a class=\"\(rel)\" rel=\"\(rel == "index" ? "index" : rel)\" href=\"\(HTMLEscaping.attribute(link.href))\">\(HTMLEscaping.text(text))</a>"
        }
        return "<nav class=\"pager\">\(link(navigation.previous, rel: "prev", arrow: "←"))\(link(navigation.index, rel: "index", arrow: ""))\(link(navigation.next, rel: "next", arrow: "→"))</nav>"
    }

    /// The page's CSS: light by default, dark under `prefers-color-scheme: dark`; series
    /// colours for `SVGChart` via the `s0`…`s7` classes.
    public static let stylesheet: String = {
        func seriesRules(_ palette: [String]) -> String {
            palette.enumerated().map { ".s\($0.offset) { --series: \($0.element); }" }.joined(separator: "\n")
        }
        return """
        :root { --fg: #1d1d1f; --bg: #fdfdfc; --muted: #5f6368; --rule: #d9d9de; --code-bg: #f4f4f6;
          --link: #0b57d0; --pass: #137333; --fail: #b3261e; --pass-bg: #e6f4ea; --fail-bg: #fce8e6;
          --kw: #a3159b; --type: #0b6e99; --num: #1c00cf; --str: #b42318; --com: #6b7280; --attr: #8a5300; }
        \(seriesRules(SVGChart.lightPalette))
        @media (prefers-color-scheme: dark) {
          :root { --fg: #e6e6e6; --bg: #17181a; --muted: #a0a4ab; --rule: #3a3c40; --code-bg: #222327;
            --link: #8ab4f8; --pass: #81c995; --fail: #f28b82; --pass-bg: #1e3325; --fail-bg: #3b2220;
            --kw: #ff7ab2; --type: #6bdfff; --num: #d9c97c; --str: #ff8170; --com: #8b949e; --attr: #fdbf6f; }
          \(seriesRules(SVGChart.darkPalette))
        }
        * { box-sizing: border-box; }
        html { background: var(--bg); color: var(--fg); }
        body { margin: 0 auto; max-width: 48rem; padding: 1.5rem 1.25rem 3rem;
          font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        h1, h2, h3 { line-height: 1.25; margin: 1.8em 0 0.6em; }
        h1 { font-size: 1.9rem; margin-top: 0.8em; }
        a { color: var(--link); }
        p, ul, ol { margin: 0.8em 0; }
        code, pre { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
        :not(pre) > code { background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 4px; }
        pre.code { background: var(--code-bg); padding: 0.9rem 1rem; border-radius: 8px; overflow-x: auto;
          line-height: 1.45; border: 1px solid var(--rule); }
        .hl-kw { color: var(--kw); font-weight: 600; } .hl-type { color: var(--type); } .hl-num { color: var(--num); }
        .hl-str { color: var(--str); } .hl-interp { color: var(--fg); font-weight: 600; }
        .hl-com { color: var(--com); font-style: italic; } .hl-doc { color: var(--com); } .hl-attr { color: var(--attr); }
        .table-wrap { overflow-x: auto; margin: 1.2em 0; }
        table.bp-table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.95em; }
        table.bp-table caption { text-align: left; font-weight: 600; padding-bottom: 0.4em; }
        table.bp-table th, table.bp-table td { padding: 0.35em 0.8em; border-bottom: 1px solid var(--rule); text-align: left; }
        table.bp-table th { border-bottom: 2px solid var(--fg); }
        table.bp-table .num { text-align: right; white-space: nowrap; }
        .nobr { white-space: nowrap; }
        table.bp-table tbody tr:nth-child(even) { background: color-mix(in srgb, var(--code-bg) 60%, transparent); }
        figure { margin: 1.4em 0; }
        figure svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
        svg .series.line { stroke: var(--series); } svg .series.markers { fill: var(--series); }
        .bp-images .grid-title { font-weight: 600; margin-bottom: 0.5em; }
        .image-row { display: flex; flex-wrap: wrap; gap: 0.9rem; }
        figure.bp-image-item { margin: 0; text-align: center; font-size: 0.85em; color: var(--muted); }
        figure.bp-image-item svg { border: 1px solid var(--rule); margin: 0 auto 0.2em; }
        .bp-check { margin: 0.6em 0; padding: 0.5em 0.8em; border-radius: 6px; border-left: 4px solid; }
        .bp-check.pass { border-color: var(--pass); background: var(--pass-bg); }
        .bp-check.fail { border-color: var(--fail); background: var(--fail-bg); }
        .bp-check .verdict { font-weight: 700; } .bp-check.pass .verdict { color: var(--pass); }
        .bp-check.fail .verdict { color: var(--fail); } .check-name { font-weight: 600; }
        .check-value { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; }
        .check-detail { color: var(--muted); font-size: 0.92em; margin-top: 0.2em; white-space: pre-wrap; }
        .math.display { display: block; text-align: center; margin: 1em 0; overflow-x: auto; overflow-y: hidden; padding: 0.15em 0; }
        .math { font-family: "STIX Two Math", "Cambria Math", "Latin Modern Math", serif; }
        nav.pager { display: flex; justify-content: space-between; gap: 1rem; font-size: 0.95em;
          padding: 0.6rem 0; border-bottom: 1px solid var(--rule); }
        nav.pager:last-of-type { border-bottom: 0; border-top: 1px solid var(--rule); margin-top: 2rem; }
        nav.pager .index { text-align: center; } nav.pager .next { text-align: right; }
        p.summary { font-size: 1.08em; color: var(--muted); margin-top: -0.2em; }
        p.run-note { font-size: 0.88em; color: var(--muted); border-left: 3px solid var(--rule); padding-left: 0.6em; }
        .code-block { margin: 1.2em 0; }
        .code-source { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.8em; color: var(--muted);
          padding: 0 0 0.25em 0.2em; }
        .code-block pre.code { margin: 0; }
        section.run-output, div.run-output { margin: 1.2em 0; padding: 0.2em 1em 0.6em; border: 1px solid var(--rule);
          border-left: 4px solid var(--link); border-radius: 6px; }
        .run-label { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.8em; color: var(--muted); margin-top: 0.5em; }
        div.run-output.not-run { border-left-color: var(--rule); color: var(--muted); }
        section.checks h2 { margin-top: 1.6em; }
        .verdict-line { font-weight: 700; } .verdict-line.pass, .status.pass { color: var(--pass); }
        .verdict-line.fail, .status.fail { color: var(--fail); } .status.not-run { color: var(--muted); }
        .status { font-weight: 600; white-space: nowrap; }
        .lesson-summary, .check-count { font-size: 0.88em; color: var(--muted); }
        table.lessons { width: 100%; } table.lessons td { vertical-align: top; }
        details#hints { margin: 1.5em 0; padding: 0.5em 1em; border: 1px solid var(--rule); border-radius: 6px; }
        details#hints summary { cursor: pointer; font-weight: 600; }
        details.hint { margin: 0.5em 0 0 0; }
        details.hint summary { cursor: pointer; font-weight: 500; }
        table.check-table tr.pass .verdict { color: var(--pass); font-weight: 700; }
        table.check-table tr.fail .verdict { color: var(--fail); font-weight: 700; }
        table.check-table tr.fail td { background: var(--fail-bg); }
        span.math { font-size: 1.08em; }
        .math sub, .math sup { font-size: 0.7em; line-height: 0; }
        p.fail-banner { color: var(--fail); background: var(--fail-bg); padding: 0.5em 0.8em; border-radius: 6px; }
        p.fail-banner a { color: inherit; }
        """
    }()
}
