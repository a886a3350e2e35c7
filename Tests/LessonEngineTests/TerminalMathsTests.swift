// Terminal maths and code layout: visible products, shape notes set apart, display equations
// whole when they fit and broken only at top-level operators, code wrapped between tokens.
import Testing
@testable import LessonEngine

@Suite("Terminal maths and code layout")
struct TerminalMathsTests {
    @Test("\\, between symbols is a visible product; \\cdot too")
    func visibleProducts() {
        #expect(MathText.unicode("\\delta_k\\, h_j") == "δₖ · hⱼ")
        #expect(MathText.unicode("\\frac{\\partial L}{\\partial o_k}\\, o_k (1 - o_k)") == "∂L/∂oₖ · oₖ (1 − oₖ)")
        #expect(MathText.unicode("\\frac{2\\,(o_k - y_k)}{K}") == "(2 · (oₖ − yₖ))/K")
        #expect(MathText.unicode("a \\cdot b") == "a · b")
        #expect(MathText.unicode("\\,x\\,") == "x")
    }

    @Test("a bracketed shape after \\quad is a note set apart: `   [N×K]`; other brackets are not")
    func shapeNotes() {
        #expect(MathText.unicode("\\frac{\\partial L}{\\partial Z} = \\frac{1}{N}(P - T) \\qquad (N×K)") == "∂L/∂Z = 1/N (P − T)   [N×K]")
        #expect(MathText.unicode("dW_2 = dZ_2^\\top A_1 \\qquad (K×N \\cdot N×H \\to K×H)") == "dW₂ = dZ₂ᵀ A₁   [K×N · N×H → K×H]")
        #expect(MathText.unicode("a = f(z) \\qquad (W: H \\times D)") == "a = f(z)   [W: H × D]")
        #expect(MathText.unicode("a \\qquad (b + c)") == "a      (b + c)")
    }

    @Test("a display equation that fits stays whole; one that does not breaks between equations, then before a top-level operator")
    func displayBreaks() {
        let short = "db₂ = Σₙ rowₙ(dZ₂)   [1×K]"
        #expect(MathText.displayLines(short, width: 40) == [short])
        let two = "dW₁ = dZ₁ᵀ X   [H×N · N×D → H×D],      db₁ = Σₙ rowₙ(dZ₁)   [1×H]"
        #expect(MathText.displayLines(two, width: 50) == ["dW₁ = dZ₁ᵀ X   [H×N · N×D → H×D],", "db₁ = Σₙ rowₙ(dZ₁)   [1×H]"])
        let long = "L = 1/N Σₙ 1/K Σₖ (Oₙₖ − Yₙₖ)² = 1/(NK) Σₙ,ₖ (Oₙₖ − Yₙₖ)²"
        #expect(MathText.displayLines(long, width: 40) == ["L = 1/N Σₙ 1/K Σₖ (Oₙₖ − Yₙₖ)²", "= 1/(NK) Σₙ,ₖ (Oₙₖ − Yₙₖ)²"])
        // Never inside brackets, never after an operator (`= −x` stays together).
        let bracket = "y = f(a + b + c + d + e + g) − x = −z"
        #expect(MathText.displayLines(bracket, width: 30) == ["y = f(a + b + c + d + e + g)", "− x = −z"])
        for line in MathText.displayLines(bracket, width: 30) {
            #expect(line.filter { $0 == "(" }.count == line.filter { $0 == ")" }.count, "\(line)")
            #expect(!line.hasSuffix("="), "\(line)")
        }
    }

    @Test("the presenter keeps a fitting display equation on one line and puts list-item maths under the text")
    func presenterMaths() {
        let presenter = TerminalPresenter(style: TerminalStyle(color: false, width: 60), interactive: false) { _ in }
        #expect(presenter.lines(for: .displayMath("db_2 = \\sum_n \\mathrm{row}_n(dZ_2) \\qquad (1×K)")) == ["", "    db₂ = Σₙ rowₙ(dZ₂)   [1×K]"])
        let item = presenter.lines(for: .list(items: ["The bias gradient sums dZ over the rows of the batch: $$db_2 = \\sum_n \\mathrm{row}_n(dZ_2) \\qquad (1×K)$$"], ordered: true))
        #expect(item == ["", "  1. The bias gradient sums dZ over the rows of the batch:", "       db₂ = Σₙ rowₙ(dZ₂)   [1×K]"])
        let opening = presenter.lines(for: .list(items: ["$$a = b$$ then prose"], ordered: false))
        #expect(opening == ["", "  - a = b", "    then prose"])
    }

    @Test("code wraps between tokens, never inside an identifier or an operator")
    func codeWrapsAtTokens() {
        let presenter = TerminalPresenter(style: TerminalStyle(color: false, width: 40), interactive: false) { _ in }
        let code = "    let report = GradientCheckReport.compare(analytic: gradients, numeric: estimates) -> Result"
        let lines = presenter.codeBox(code, caption: nil).dropLast()
        #expect(lines.allSatisfy { $0.count <= 40 })
        let pieces = lines.enumerated().map { index, line in
            let text = String(line.dropFirst(2))
            return index == 0 ? text : String(text.trimmingCharacters(in: .whitespaces).dropFirst(2))
        }
        // Rejoined, the text is the code again; no identifier is split across a break.
        #expect(pieces.joined().filter { $0 != " " } == code.filter { $0 != " " })
        for (before, after) in zip(pieces, pieces.dropFirst()) {
            let isWord = { (c: Character) in c.isLetter || c.isNumber || c == "_" }
            #expect(!(before.last.map(isWord) == true && after.first.map(isWord) == true), "\(before) | \(after)")
            #expect(!(before.hasSuffix("-") && after.hasPrefix(">")))
        }
        #expect(TerminalPresenter.codeBreak("abcdefghijklmnop", room: 5) == 5)
        #expect(TerminalPresenter.codeBreak("a.bcdefgh", room: 5) == 1)
        #expect(TerminalPresenter.codeBreak("short", room: 10) == 5)
    }
}
