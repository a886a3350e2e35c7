import Foundation
import Testing
@testable import LessonEngine

@Suite("HTML blocks, maths, highlighting and pages")
struct HTMLRenderingTests {
    func elements(_ xml: String) -> [ParsedElement] {
        let parsed = parseXML(xml)
        #expect(parsed.error == nil, "not well-formed: \(parsed.error ?? "")")
        return parsed.elements ?? []
    }

    @Test("a table escapes cells and caption, and right-aligns numeric columns by default")
    func table() {
        let table = Table(title: "Results <b>&</b>", headers: ["model", "accuracy"],
                          rows: [["<script>alert(1)</script>", "0.91"], ["A & B", "0.88"]])
        let html = HTMLBlocks.table(table)
        #expect(!html.contains("<script"))
        let parsed = elements(html)
        #expect(parsed.first { $0.name == "caption" }?.text == "Results <b>&</b>")
        #expect(parsed.filter { $0.name == "td" }.map(\.text) == ["<script>alert(1)</script>", "0.91", "A & B", "0.88"])
        #expect(parsed.filter { $0.name == "td" }.map { $0.classes.contains("num") } == [false, true, false, true])
        let explicit = elements(HTMLBlocks.table(Table(headers: ["a"], rows: [["1"]], rightAligned: [false])))
        #expect(explicit.first { $0.name == "td" }?.classes.contains("num") == false)
    }

    @Test("checks show the verdict, the comparison that held or failed, and the detail")
    func checks() {
        let pass = elements(HTMLBlocks.check(Check(name: "max relative error", value: 2.5e-7, threshold: 1e-5,
                                                   comparison: .lessOrEqual, detail: "worst: W1[3,4] & b2[0]")))
        #expect(pass.first?.classes.contains("pass") == true)
        #expect(pass.first { $0.classes.contains("verdict") }?.text == "✓")
        #expect(pass.first { $0.classes.contains("check-value") }?.text == "2.5×10⁻⁷ ≤ 10⁻⁵")
        #expect(pass.first { $0.classes.contains("check-detail") }?.text == "worst: W1[3,4] & b2[0]")
        let fail = elements(HTMLBlocks.check(Check(name: "accuracy", value: 0.5, threshold: 0.8, comparison: .greaterOrEqual)))
        #expect(fail.first?.classes.contains("fail") == true)
        #expect(fail.first { $0.classes.contains("verdict") }?.text == "✗")
        #expect(fail.first { $0.classes.contains("check-value") }?.text == "0.5 < 0.8")
        #expect(HTMLBlocks.formatNumber(-1e12) == "−10¹²")
        #expect(HTMLBlocks.formatNumber(0.8812) == "0.8812")
        #expect(HTMLBlocks.formatNumber(12345678) == "12,345,678")
        #expect(HTMLBlocks.formatNumber(47_040_016) == "47,040,016")
        #expect(HTMLBlocks.formatNumber(12345678.5) == "1.235×10⁷")
        let yesNo = elements(HTMLBlocks.check(Check(name: "<shapes> match", holds: true)))
        #expect(yesNo.first { $0.classes.contains("check-name") }?.text == "<shapes> match")
        #expect(!yesNo.contains { $0.classes.contains("check-value") })
    }

    @Test("maths keeps escaped LaTeX for KaTeX and shows the fallback text")
    func maths() {
        let html = MathHTML.inline("a < b \\& \\frac{\"x\"}{2}", fallback: { _ in "a < b & x/2" })
        let parsed = elements(html)
        #expect(parsed.first?.attributes["data-latex"] == "a < b \\& \\frac{\"x\"}{2}")
        #expect(parsed.first?.text == "a < b & x/2")
        let display = elements(MathHTML.display("x^2", fallback: { "[\($0)]" }))
        #expect(display.first?.classes == ["math", "display"] && display.first?.text == "[x^2]")
        let prose = MathHTML.inlineText("Use `a<b` when $x^2$ costs \\$5 & more", fallback: { "⟨\($0)⟩" })
        #expect(prose == "Use <code>a&lt;b</code> when <span class=\"math\" data-latex=\"x^2\">⟨x^2⟩</span> costs $5 &amp; more")
        #expect(MathHTML.inlineText("lonely $ and `", fallback: { $0 }) == "lonely $ and `")
    }

    static let swiftSnippets: [String] = [
        """
        /// Softmax of each row, subtracting the row max before `exp` (see lesson 4).
        public func softmax(_ logits: Matrix<Float>) -> Matrix<Float> {
            let url = "https://example.com/a//b" // not a comment inside the string
            var total: Float = 0x1F + 1_000 + 2.5e-3
            /* block /* nested */ comment with <tags> & ampersands */
            if a < b && b > c { print("\\(a) < \\(b.map { "\\($0)" }) & done") }
            return logits
        }
        """,
        """
        @Test("escaping") func check() throws {
            let raw = #"a "quoted" \\(not) \\#(interp) string"#
            let multi = \"\"\"
                line one // still string
                \\(value + 1) & <tag>
                \"\"\"
            #expect(raw.count > 0)
        }
        """,
        "let broken = \"unterminated <string\nlet next = 1 /* unterminated & comment",
        "",
        "x<y&&z>w;'c' `func` é ∂L/∂W \r\n tab\there",
    ]

    @Test("the highlighter never drops, adds or reorders a character", arguments: swiftSnippets)
    func highlighterRoundTrip(source: String) {
        let html = SwiftHighlighter.highlight(source)
        #expect(stripTagsAndUnescape(html) == source)
        #expect(parseXML("<code>\(html)</code>").error == nil)
    }

    @Test("the highlighter classifies keywords, types, numbers, strings, comments and doc comments")
    func highlighterClasses() {
        func spans(_ source: String) -> [String: [String]] {
            let parsed = elements("<code>\(SwiftHighlighter.highlight(source))</code>")
            return Dictionary(grouping: parsed.dropFirst(), by: { $0.attributes["class"] ?? "" }).mapValues { $0.map(\.text) }
        }
        let result = spans("/// Doc\nlet x: Matrix = 42 // note\nlet s = \"a // b \\(x)\"\n/* c */ @Test")
        #expect(result["hl-doc"] == ["/// Doc"])
        #expect(result["hl-com"] == ["// note", "/* c */"])
        #expect(result["hl-kw"] == ["let", "let"])
        #expect(result["hl-type"] == ["Matrix"])
        #expect(result["hl-num"] == ["42"])
        #expect(result["hl-str"] == ["\"a // b ", "\""])
        #expect(result["hl-interp"] == ["\\(", ")"])
        #expect(result["hl-attr"] == ["@Test"])
    }

    @Test("a page is well-formed XHTML-compatible HTML5 with escaped title, nav links and both themes")
    func page() {
        let navigation = HTMLPage.Navigation(previous: .init(title: "1. <Intro>", href: "01.html?a=1&b=2"),
                                             index: .init(title: "Contents", href: "index.html"), next: nil)
        let html = HTMLPage.render(title: "Chain rule & <friends>", body: "<p>Hello</p>", navigation: navigation)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("prefers-color-scheme: dark"))
        #expect(!html.contains("<script"))
        let parsed = elements(html)
        #expect(parsed.first { $0.name == "title" }?.text == "Chain rule & <friends>")
        #expect(parsed.first { $0.name == "h1" }?.text == "Chain rule & <friends>")
        let links = parsed.filter { $0.name == "a" }
        #expect(links.count == 4)
        #expect(links.first?.attributes["href"] == "01.html?a=1&b=2")
        #expect(links.first?.text == "← 1. <Intro>")
        let withMaths = HTMLPage.render(title: "t", body: MathHTML.display("x^2"))
        #expect(withMaths.contains("<math display=\"block\"") && !withMaths.contains("http"))
    }
}
