// HTML export: a `LessonPresenter` that builds a lesson page's body as the lesson runs (or
// as a recording replays): prose, maths, highlighted code, and each `::: run` step's output
// in place, in a labelled box.

/// Collects one lesson's body HTML. Progress bars go to `progressFactory` (the terminal).
public final class HTMLLessonPresenter: LessonPresenter {
    public let lesson: Lesson
    private let progressFactory: (String, Int) -> any ProgressReporter
    private var parts: [String] = []
    /// Index in `lesson.blocks` of the last lesson block shown (-1 before the first).
    private var anchor = -1
    private var outputOpen = false
    /// Ids used on the page (headings get unique ones; these are taken by the page itself).
    private var usedIDs: Set<String> = ["checks", "hints", "top"]
    /// Ordered-list items since the last heading: lessons number one derivation's steps
    /// continuously across the prose between lists, so a list carries on (as in the terminal).
    private var orderedItemsInSection = 0

    public init(lesson: Lesson, progressFactory: @escaping (String, Int) -> any ProgressReporter = { _, _ in SilentProgress() }) {
        self.lesson = lesson
        self.progressFactory = progressFactory
    }

    /// The body so far (closes an open output box).
    public var body: String {
        closeOutput()
        return parts.joined(separator: "\n")
    }

    public func present(_ block: LessonBlock, of lesson: Lesson) {
        closeOutput()
        if let index = self.lesson.blocks.indices.first(where: { $0 > anchor && self.lesson.blocks[$0] == block }) {
            anchor = index
        }
        parts.append(html(for: block))
    }

    public func present(_ output: OutputBlock) {
        if !outputOpen {
            outputOpen = true
            let steps = stepsAfter(anchor)
            let label = steps.isEmpty ? "output" : steps.map { "▶ run \($0)" }.joined(separator: " · ")
            parts.append("<section class=\"run-output\"><div class=\"run-label\">\(HTMLEscaping.text(label))</div>")
        }
        parts.append(HTMLBlocks.render(output))
    }

    public func progress(label: String, total: Int) -> any ProgressReporter { progressFactory(label, total) }

    /// A placeholder where a step's output would be (for lessons exported without running).
    public func notRun(step: String) {
        closeOutput()
        parts.append("<div class=\"run-output not-run\"><div class=\"run-label\">\(HTMLEscaping.text("▶ run \(step)"))</div><p>Not run in this export: run <code>backprop export --html DIR --lessons \(lesson.number)</code> to see its output here.</p></div>")
    }

    private func closeOutput() {
        if outputOpen {
            parts.append("</section>")
            outputOpen = false
        }
    }

    /// The `::: run` steps directly after block `index` (the group the next outputs belong to).
    private func stepsAfter(_ index: Int) -> [String] {
        var steps: [String] = []
        var position = index + 1
        while position < lesson.blocks.count, case .run(let step, _) = lesson.blocks[position] {
            steps.append(step)
            position += 1
        }
        return steps
    }

    private func uniqueID(_ text: String) -> String {
        let base = LessonInlineHTML.slug(text)
        var id = base
        var counter = 2
        while usedIDs.contains(id) {
            id = "\(base)-\(counter)"
            counter += 1
        }
        usedIDs.insert(id)
        return id
    }

    func html(for block: LessonBlock) -> String {
        switch block {
        case .heading(let level, let text):
            orderedItemsInSection = 0
            // The page title is the h1; lesson headings start at h2.
            let tag = "h\(min(6, max(2, level + (level == 1 ? 1 : 0))))"
            return "<\(tag) id=\"\(uniqueID(text))\">\(LessonInlineHTML.render(text))</\(tag)>"
        case .paragraph(let text):
            return "<p>\(LessonInlineHTML.render(text))</p>"
        case .list(let items, let ordered):
            let tag = ordered ? "ol" : "ul"
            let start = ordered && orderedItemsInSection > 0 ? " start=\"\(orderedItemsInSection + 1)\"" : ""
            if ordered { orderedItemsInSection += items.count }
            return "<\(tag)\(start)>" + items.map { "<li>\(LessonInlineHTML.render($0))</li>" }.joined() + "</\(tag)>"
        case .table(let table):
            return Self.lessonTable(table)
        case .displayMath(let latex):
            return MathHTML.display(latex)
        case .code(let language, let text, let source):
            let caption = source.map { "<div class=\"code-source\">\(HTMLEscaping.text($0))</div>" } ?? ""
            let code = language.lowercased() == "swift" ? SwiftHighlighter.codeBlock(text)
                : "<pre class=\"code\"><code>\(HTMLEscaping.text(text))</code></pre>"
            return "<div class=\"code-block\">\(caption)\(code)</div>"
        case .run(let step, _):
            return "<div class=\"run-label\">\(HTMLEscaping.text("▶ run \(step)"))</div>"
        }
    }

    /// A lesson's own markdown table: cells keep their inline markup (maths, code).
    static func lessonTable(_ table: Table) -> String {
        var html = "<div class=\"table-wrap\"><table class=\"bp-table\">\n"
        if let title = table.title { html += "<caption>\(LessonInlineHTML.render(title))</caption>\n" }
        html += "<thead><tr>" + table.headers.map { "<th>\(LessonInlineHTML.render($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            html += "<tr>" + row.map { "<td>\(LessonInlineHTML.render($0))</td>" }.joined() + "</tr>\n"
        }
        return html + "</tbody></table></div>"
    }
}
