import Testing
@testable import LessonEngine

@Suite("LaTeX to Unicode")
struct MathTextTests {
    @Test("single commands", arguments: [
        ("\\partial", "∂"), ("\\sum", "Σ"), ("\\cdot", "·"), ("\\times", "×"), ("\\odot", "⊙"),
        ("\\in", "∈"), ("\\le", "≤"), ("\\ge", "≥"), ("\\approx", "≈"), ("\\ne", "≠"),
        ("\\alpha", "α"), ("\\sigma", "σ"), ("\\Delta", "Δ"), ("\\eta", "η"), ("\\theta", "θ"),
        ("\\mathbb{R}", "ℝ"), ("\\log x", "log x"), ("\\exp(z)", "exp(z)"), ("\\sqrt{x}", "√x"),
        ("\\sqrt{x + 1}", "√(x + 1)"), ("\\hat{y}", "y\u{0302}"), ("\\sigma'", "σ′"), ("W^\\top", "Wᵀ"),
        ("\\left( a \\right)", "( a )"), ("\\infty", "∞"), ("\\to", "→"),
    ])
    func command(latex: String, unicode: String) {
        #expect(MathText.unicode(latex) == unicode)
    }

    @Test("hat y is the single character ŷ")
    func hat() {
        #expect(MathText.unicode("\\hat{y}") == "ŷ")
        #expect(MathText.unicode("\\hat{y}").count == 1)
    }

    @Test("fractions: a/b, parenthesised when not atoms")
    func fractions() {
        #expect(MathText.unicode("\\frac{a}{b}") == "a/b")
        #expect(MathText.unicode("\\frac{\\partial L}{\\partial w}") == "∂L/∂w")
        #expect(MathText.unicode("\\frac{1}{1 + e^{-z}}") == "1/(1 + e⁻ᶻ)")
        #expect(MathText.unicode("\\frac{a+b}{2}") == "(a+b)/2")
    }

    @Test("a denominator of several factors is parenthesised; one name with scripts is not")
    func denominators() {
        #expect(MathText.unicode("\\frac{2}{NK}") == "2/(NK)")
        #expect(MathText.unicode("\\frac{x}{2h}") == "x/(2h)")
        #expect(MathText.unicode("\\frac{1}{10}") == "1/10")
        #expect(MathText.unicode("\\frac{t_i}{p_i}") == "tᵢ/pᵢ")
        #expect(MathText.unicode("\\frac{1}{S^2}") == "1/S²")
        #expect(MathText.unicode("\\frac{\\partial L}{\\partial \\mathrm{net}_k}") == "∂L/∂netₖ")
    }

    @Test("a fraction followed by a bracket or a letter keeps a space before it")
    func fractionThenFactor() {
        #expect(MathText.unicode("\\frac{1}{N}(P - T)") == "1/N (P − T)")
        #expect(MathText.unicode("\\frac{1}{N} x") == "1/N x")
        #expect(MathText.unicode("\\frac{a}{b}+c") == "a/b+c")
    }

    @Test("style switches vanish; an asterisk superscript stays an asterisk")
    func styleAndAsterisk() {
        #expect(MathText.unicode("\\textstyle\\sum_i x_i") == "Σᵢ xᵢ")
        #expect(MathText.unicode("h^\\ast") == "h*")
        #expect(MathText.unicode("h^{*}") == "h*")
        #expect(MathText.unicode("\\sum_{n,k}") == "Σₙ,ₖ")
    }

    @Test("sub- and superscripts where Unicode has them, a fallback where not")
    func scripts() {
        #expect(MathText.unicode("\\sum_{i=1}^{n}") == "Σᵢ₌₁ⁿ")
        #expect(MathText.unicode("x_i^2") == "xᵢ²")
        #expect(MathText.unicode("W^{-1}") == "W⁻¹")
        #expect(MathText.unicode("x_{D}") == "x_D")
        #expect(MathText.unicode("x_{Dq}") == "x_(Dq)")
    }

    @Test("unknown commands pass through untouched")
    func unknown() {
        #expect(MathText.unicode("\\foo{x} + \\bar") == "\\foo{x} + \\bar")
        #expect(MathText.unicode("a \\weird b") == "a \\weird b")
    }

    @Test("spacing commands")
    func spacing() {
        #expect(MathText.unicode("a \\qquad b") == "a      b")
        #expect(MathText.unicode("a\\,b") == "a · b")
    }
}
