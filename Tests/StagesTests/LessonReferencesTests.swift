// Lessons 2-7 reference only things that exist: every `include=` names an existing file and
// region, every `::: run STEP` names a step of the lesson's stage, and the stage id is registered.
// (A small regex scan; the engine's own parser has its own tests.)
import Foundation
import LessonEngine
import Testing
@testable import Stages

struct LessonReferencesTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let lessonFiles = ["02-chain-rule.md", "03-finite-differences.md", "04-vectorised-backprop.md",
                              "05-softmax-cross-entropy.md", "06-relu-kinks.md", "07-naive-vs-vectorised.md"]

    static func read(_ relativePath: String) throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent(relativePath), encoding: .utf8)
    }

    static func matches(_ pattern: String, in text: String) throws -> [[String]] {
        let regex = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).map { match in
            (1..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
        }
    }

    @Test("front matter names a registered stage, and every run step exists", arguments: lessonFiles)
    func runStepsExist(file: String) throws {
        let text = try Self.read("lessons/\(file)")
        let frontMatter = try Self.matches(#"\A---\n([\s\S]*?)\n---\n"#, in: text)
        #expect(frontMatter.count == 1, "\(file): no front matter between --- lines")
        let stageID = try Self.matches(#"^stage:\s*(\S+)\s*$"#, in: frontMatter.first?.first ?? "").first?.first
        for key in ["id", "title", "summary"] {
            #expect(try !Self.matches("^\(key):\\s*\\S", in: frontMatter.first?.first ?? "").isEmpty, "\(file): front matter lacks \(key)")
        }
        let stage = try #require(stageID.flatMap { Course.stages.makeStage(id: $0) }, "\(file): stage \(stageID ?? "none") is not registered")
        let runs = try Self.matches(#"^::: run (\S+)\s*$"#, in: text).map { $0[0] }
        #expect(!runs.isEmpty, "\(file) runs no step")
        for step in runs { #expect(stage.steps.contains(step), "\(file): ::: run \(step) is not a step of \(stageID ?? ""): \(stage.steps)") }
        // Every step of the stage is shown somewhere in the lesson (a stage step nobody runs is a stray).
        for step in stage.steps { #expect(runs.contains(step), "\(file): stage step \(step) is never run") }
    }

    @Test("every include names an existing file and region", arguments: lessonFiles)
    func includesResolve(file: String) throws {
        let text = try Self.read("lessons/\(file)")
        let includes = try Self.matches(##"^```swift include="([^"#]+)#([^"]+)"\s*$"##, in: text)
        #expect(!includes.isEmpty, "\(file) shows no code")
        for include in includes {
            let (path, region) = (include[0], include[1])
            let source = try Self.read(path)
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let start = lines.firstIndex(of: "// region \(region)")
            #expect(start != nil, "\(file): \(path) has no region \(region)")
            if let start {
                #expect(lines[(start + 1)...].contains("// endregion"), "\(file): region \(region) in \(path) is not closed")
            }
        }
        // Each include block is closed by a fence on the next line (the engine fills it in).
        let unclosed = try Self.matches(#"^```swift include="[^"]+"\s*\n(?!```)"#, in: text)
        #expect(unclosed.isEmpty, "\(file): an include block is not followed by its closing fence")
    }

    @Test("::: hint blocks are closed")
    func hintsClosed() throws {
        for file in Self.lessonFiles {
            let lines = try Self.read("lessons/\(file)").split(separator: "\n", omittingEmptySubsequences: false)
            var open = false
            for line in lines {
                if line == "::: hint" { #expect(!open, "\(file): nested hint"); open = true }
                else if line == ":::" { #expect(open, "\(file): stray :::"); open = false }
            }
            #expect(!open, "\(file): unclosed hint")
        }
    }
}
