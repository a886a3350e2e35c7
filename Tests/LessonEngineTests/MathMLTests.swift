// LaTeX → MathML for the HTML export: structure for each construct the lessons use, errors
// (never raw or half-converted text) for anything else, and bounded nesting.
import Testing
@testable import LessonEngine

struct MathMLTests {
    func mathML(_ latex: String, display: Bool = false) throws -> String {
        try MathML.convert(latex, display: display)
    }

    @Test("scripts, fractions and groups become msup/msub/mfrac, never <sup> text")
    func structure() throws {
        #expect(try mathML("\\varepsilon^{1/3}") == "<math display=\"inline\"><msup><mi>ε</mi><mrow><mn>1</mn><mo>/</mo><mn>3</mn></mrow></msup></math>")
        let softmax = try mathML("p_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}", display: true)
        #expect(softmax.hasPrefix("<math display=\"block\" displaystyle=\"true\"><mrow><msub><mi>p</mi><mi>i</mi></msub><mo>=</mo><mfrac>"))
        #expect(softmax.contains("<msup><mi>e</mi><msub><mi>z</mi><mi>i</mi></msub></msup>"))
        #expect(softmax.contains("<munder><mo largeop=\"true\" movablelimits=\"true\">∑</mo><mi>j</mi></munder>"))
        #expect(try mathML("x_1^2") == "<math display=\"inline\"><msubsup><mi>x</mi><mn>1</mn><mn>2</mn></msubsup></math>")
        #expect(try mathML("f''(x)").contains("<msup><mi>f</mi><mo>′′</mo></msup>"))
        #expect(try mathML("W^\\top").contains("<msup><mi>W</mi><mi>⊤</mi></msup>"))
        #expect(try mathML("\\sqrt{B}") == "<math display=\"inline\"><msqrt><mi>B</mi></msqrt></math>")
    }

    @Test("text, functions, spacing, operators and escapes")
    func commands() throws {
        #expect(try mathML("\\mathrm{net}_k").contains("<msub><mi mathvariant=\"normal\">net</mi><mi>k</mi></msub>"))
        #expect(try mathML("p_{\\text{true}}").contains("<mtext>true</mtext>"))
        #expect(try mathML("\\log p").contains("<mi>log</mi>"))
        #expect(try mathML("a\\,b").contains("<mspace width=\"0.1667em\"></mspace>"))
        #expect(try mathML("a \\cdot b < c & d").contains("<mo>·</mo><mi>b</mi><mo>&lt;</mo><mi>c</mi><mi>&amp;</mi>"))
        #expect(try mathML("x \\in \\mathbb{R}^D").contains("<msup><mi mathvariant=\"normal\">ℝ</mi><mi>D</mi></msup>"))
        #expect(try mathML("\\left(-\\frac{t}{p}\\right)").contains("<mo stretchy=\"true\">(</mo><mo>−</mo><mfrac>"))
        #expect(try mathML("6 \\times 10^{-6}").contains("<mn>6</mn><mo>×</mo><msup><mn>10</mn><mrow><mo>−</mo><mn>6</mn></mrow></msup>"))
        #expect(try mathML("0.880797").contains("<mn>0.880797</mn>"))
    }

    @Test("an unknown command, unbalanced braces or a missing argument is an error, not raw text")
    func errors() {
        #expect(throws: MathML.ConversionError.unknownCommand("foo")) { try mathML("a + \\foo{b}") }
        #expect(throws: MathML.ConversionError.unbalancedBraces) { try mathML("{a") }
        #expect(throws: MathML.ConversionError.unbalancedBraces) { try mathML("a}") }
        #expect(throws: MathML.ConversionError.missingArgument("\\frac")) { try mathML("\\frac{a}") }
        // On a page the source shows as code, whole.
        let html = MathHTML.inline("\\foo^{(1/3)}")
        #expect(html.contains("<code class=\"math-source\"") && html.contains(">\\foo^{(1/3)}</code>") && !html.contains("<sup"))
    }

    @Test("nesting is bounded: deep input is an error, not a crash; the limit itself converts")
    func depthLimit() throws {
        let limit = MathML.maximumDepth
        #expect(throws: MathML.ConversionError.tooDeep(limit: limit)) {
            try mathML(String(repeating: "{", count: 100_000) + "x" + String(repeating: "}", count: 100_000))
        }
        #expect(throws: MathML.ConversionError.tooDeep(limit: limit)) {
            try mathML(String(repeating: "\\frac{1}{", count: 10_000) + "x" + String(repeating: "}", count: 10_000))
        }
        #expect(throws: MathML.ConversionError.tooDeep(limit: limit)) { try mathML(String(repeating: "x^{", count: 10_000) + "y" + String(repeating: "}", count: 10_000)) }
        let allowed = String(repeating: "{", count: limit - 1) + "x" + String(repeating: "}", count: limit - 1)
        #expect(try mathML(allowed) == "<math display=\"inline\"><mi>x</mi></math>")
    }
}
