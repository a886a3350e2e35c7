import Testing
@testable import LessonEngine

@Suite("CLI message wrapping")
struct MessageWrapTests {
    @Test("a long message breaks at spaces, never mid-word, with a hanging indent after error:/hint:")
    func wrapsAtSpaces() {
        let message = "error: lesson 7 (Naive vs vectorised: what the matrix form buys) is locked: lesson 1 (Neurons and the forward pass) has not passed yet."
        let lines = MessageWrap.wrapLine(message, width: 50)
        #expect(lines.allSatisfy { $0.count <= 50 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("       ") && !$0.hasPrefix("        ") })
        #expect(lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") == message)
        #expect(lines.last?.hasSuffix("passed yet.") == true)
    }

    @Test("lines that fit, and their inner spacing, are untouched; help rows continue under their description")
    func keepsLayout() {
        #expect(MessageWrap.wrap("  name     short\nhint: x", width: 40) == "  name     short\nhint: x")
        let row = "  export    Write the course, run, as static HTML pages into a directory."
        #expect(MessageWrap.wrapLine(row, width: 40) == ["  export    Write the course, run, as", "            static HTML pages into a", "            directory."])
        // A word longer than the line is left whole rather than cut.
        #expect(MessageWrap.wrapLine("see " + String(repeating: "x", count: 60), width: 30) == ["see", String(repeating: "x", count: 60)])
    }

    @Test("a command in backticks is kept whole on one line, so it can be copied")
    func keepsCommandsWhole() {
        let line = "  Fix what the failed checks point at, then re-run it: `swift run -c release backprop run 1` (or add --results)."
        let lines = MessageWrap.wrapLine(line, width: 80)
        #expect(lines.contains { $0.contains("`swift run -c release backprop run 1`") })
        #expect(lines.allSatisfy { $0.count <= 80 })
        // Only when no other space fits does it break inside the backticks.
        #expect(MessageWrap.wrapLine("`" + Array(repeating: "word", count: 30).joined(separator: " ") + "`", width: 40).count > 1)
    }
}
