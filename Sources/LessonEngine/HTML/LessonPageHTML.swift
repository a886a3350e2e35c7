import Foundation

// HTML export: the two kinds of page of the exported site — a lesson page (summary, body,
// checks table, hints) and the index (every lesson with its status).

/// Whole pages for `HTMLExport`.
public enum LessonPageHTML {
    /// A lesson page. `checks` nil means the lesson did not run in this export.
    public static func page(lesson: Lesson, body: String, note: String, checks: [Check]?,
                            navigation: HTMLPage.Navigation) -> String {
        var html = ""
        if let summary = lesson.summary { html += "<p class=\"summary\">\(LessonInlineHTML.render(summary))</p>\n" }
        html += "<p class=\"run-note\">\(HTMLEscaping.text(note))</p>\n"
        if let failed = checks?.filter({ !$0.passed }), !failed.isEmpty {
            html += "<p class=\"fail-banner\"><strong>✗ This run failed:</strong> <a href=\"#checks\">\(failed.count) of \(checks?.count ?? 0) checks did not hold</a>. The failed checks are marked where their step ran, and listed at the end.</p>\n"
        }
        html += body + "\n"
        if let checks { html += checksSection(checks, lesson: lesson) }
        if !lesson.hints.isEmpty {
            // One hint at a time, as `backprop hint N` gives them: each hint's box holds the
            // next one, closed, so the last (the formula) shows only after every earlier one.
            let count = lesson.hints.count
            html += "<details id=\"hints\"><summary>Hints (\(count), one at a time)</summary>"
            for (index, hint) in lesson.hints.enumerated() {
                html += "<details class=\"hint\"><summary>Hint \(index + 1) of \(count)</summary><p>\(LessonInlineHTML.render(hint))</p>"
            }
            html += String(repeating: "</details>", count: count) + "</details>\n"
        }
        return HTMLPage.render(title: "Lesson \(lesson.number) · \(lesson.title)", body: html,
                               navigation: navigation)
    }

    /// The verdict: a table of every check and a pass/fail line.
    static func checksSection(_ checks: [Check], lesson: Lesson) -> String {
        var html = "<section id=\"checks\" class=\"checks\"><h2>Checks</h2>\n"
        if checks.isEmpty {
            html += "<p class=\"verdict-line pass\">✓ Lesson \(lesson.number) passed (it has no checks; its steps ran).</p>"
        } else {
            html += "<div class=\"table-wrap\"><table class=\"bp-table check-table\">\n<thead><tr><th></th><th>check</th><th class=\"num\">value</th><th></th><th class=\"num\">threshold</th></tr></thead>\n<tbody>\n"
            for check in checks {
                let verdict = check.passed ? "pass" : "fail"
                html += "<tr class=\"\(verdict)\"><td class=\"verdict\">\(check.passed ? "✓" : "✗")</td><td>\(HTMLEscaping.text(check.name))</td>"
                if HTMLBlocks.isYesNo(check) {
                    html += "<td class=\"num\">\(check.passed ? "holds" : "does not hold")</td><td></td><td></td></tr>\n"
                } else {
                    html += "<td class=\"num\">\(HTMLEscaping.text(HTMLBlocks.formatNumber(check.value)))</td><td>\(check.comparison.rawValue)</td>"
                    html += "<td class=\"num\">\(HTMLEscaping.text(HTMLBlocks.formatNumber(check.threshold)))</td></tr>\n"
                }
            }
            html += "</tbody></table></div>\n"
            let failed = checks.filter { !$0.passed }
            html += failed.isEmpty
                ? "<p class=\"verdict-line pass\">✓ Lesson \(lesson.number) passed: \(checks.count == 1 ? "its check holds" : "all \(checks.count) checks hold").</p>"
                : "<p class=\"verdict-line fail\">✗ Lesson \(lesson.number) failed: \(failed.count) of \(checks.count) checks did not hold.</p>"
            for check in failed { html += HTMLBlocks.check(check) }
        }
        return html + "</section>\n"
    }

    /// The site's front page: every lesson with number, title (linked), summary and status.
    public static func index(entries: [HTMLExport.Entry], generated: Date) -> String {
        var html = "<p class=\"summary\">Learn backpropagation by doing it: each lesson derives a piece of the maths, shows the Swift code that computes it, runs it, and checks the result numerically.</p>\n"
        html += "<div class=\"table-wrap\"><table class=\"bp-table lessons\">\n<thead><tr><th class=\"num\">#</th><th>lesson</th><th>status</th></tr></thead>\n<tbody>\n"
        for entry in entries {
            let status: String
            switch entry.status {
            case .passed: status = "<span class=\"status pass\">✓ passed</span>"
            case .failed: status = "<span class=\"status fail\">✗ failed</span>"
            case .notRun: status = "<span class=\"status not-run\">not run</span>"
            }
            let counts = entry.checkCounts.map { "<div class=\"check-count\">\($0.passed)/\($0.total) checks</div>" } ?? ""
            let summary = entry.lesson.summary.map { "<div class=\"lesson-summary\">\(LessonInlineHTML.render($0))</div>" } ?? ""
            html += "<tr><td class=\"num\">\(entry.lesson.number)</td>"
            html += "<td><a href=\"\(HTMLEscaping.attribute(entry.fileName))\">\(HTMLEscaping.text(entry.lesson.title))</a>\(summary)</td>"
            html += "<td>\(status)\(counts)</td></tr>\n"
        }
        html += "</tbody></table></div>\n"
        html += "<p class=\"run-note\">Exported \(HTMLEscaping.text(HTMLExport.dateText(generated))) by <code>backprop export --html</code>. Pages read offline: maths is MathML, charts are inline SVG, and nothing loads from the network.</p>\n"
        let first = entries.first.map { HTMLPage.Navigation(next: HTMLPage.Link(title: "Start: \($0.lesson.number). \($0.lesson.title)", href: $0.fileName)) }
        return HTMLPage.render(title: "backprop: the course", body: html, navigation: first ?? HTMLPage.Navigation())
    }
}
