import Testing
@testable import LessonEngine

@Suite("HTML escaping")
struct HTMLEscapingTests {
    @Test("text escaping neutralises tags and ampersands")
    func textEscaping() {
        #expect(HTMLEscaping.text("<script>alert(1)</script> & more") ==
                "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more")
        #expect(HTMLEscaping.text("a \"quoted\" 'word'") == "a \"quoted\" 'word'")
        #expect(HTMLEscaping.text("∂L/∂W — ✓") == "∂L/∂W — ✓")
    }

    @Test("attribute escaping also escapes both quote styles")
    func attributeEscaping() {
        #expect(HTMLEscaping.attribute("x\" onload=\"evil() & 'y' <z>") ==
                "x&quot; onload=&quot;evil() &amp; &#39;y&#39; &lt;z&gt;")
    }

    @Test("unescape inverts escaping, including text that already looks like an entity")
    func roundTrip() {
        for input in ["&amp;lt; is how you write &lt;", "<a href='x'>\"q\"</a>", "plain", "&&&;;"] {
            #expect(HTMLEscaping.unescape(HTMLEscaping.attribute(input)) == input)
            #expect(HTMLEscaping.unescape(HTMLEscaping.text(input)) == input)
        }
    }

    @Test("control characters that XML forbids become U+FFFD so the output stays parseable")
    func controlCharacters() {
        #expect(HTMLEscaping.text("a\u{01}b\tc\n") == "a\u{FFFD}b\tc\n")
    }

    @Test("SVG numbers have no exponent and at most two decimals")
    func svgNumbers() {
        #expect(SVGNumber.format(1e-5) == "0")
        #expect(SVGNumber.format(12.3456) == "12.35")
        #expect(SVGNumber.format(-0.001) == "0")
        #expect(SVGNumber.format(640) == "640")
        #expect(SVGNumber.format(2.5) == "2.5")
    }
}

@Suite("HTML test support")
struct HTMLTestSupportTests {
    @Test("the XML well-formedness check rejects broken markup and unescaped text")
    func parserRejects() {
        #expect(parseXML("<svg><g></svg>").error != nil)
        #expect(parseXML("<p>a < b</p>").error != nil)
        #expect(parseXML("<p>a & b</p>").error != nil)
        #expect(parseXML("<p>a &amp; b</p>").elements?.first?.text == "a & b")
    }
}
