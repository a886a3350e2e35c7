import Testing
@testable import LessonEngine

@Suite("Swift highlighter on random input")
struct HTMLHighlighterFuzzTests {
    @Test("random fragments of Swift-like syntax round-trip exactly and stay well-formed")
    func randomRoundTrip() {
        let pieces = ["\"", "\"\"\"", "#", "#\"", "\"#", "\\", "\\(", "(", ")", "/", "//", "///", "/*", "*/", "*",
                      "\n", " ", "x", "Int", "let", "0x1F", "1.5e-3", "1_0", ".", "@", "`", "<", ">", "&", "é", "∂", "\r\n", "\t"]
        var generator = HTMLTestGenerator(state: 2024)
        for _ in 0..<400 {
            let length = Int.random(in: 0...24, using: &generator)
            let source = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let html = SwiftHighlighter.highlight(source)
            #expect(stripTagsAndUnescape(html) == source, "source: \(source.debugDescription)")
            #expect(parseXML("<code>\(html)</code>").error == nil, "source: \(source.debugDescription)")
        }
    }

    @Test("edge cases at the end of input", arguments: ["#", "##", "x ## y #", "\"", "\"\\", "\"\\(", "/*", "0x", "1e", "@", "`"])
    func edges(source: String) {
        #expect(stripTagsAndUnescape(SwiftHighlighter.highlight(source)) == source)
    }
}
