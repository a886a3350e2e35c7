import Foundation
import LessonEngine

/// A stage with two steps for tests: `good` emits a passing check, `bad` a failing one,
/// `boom` throws, `quiet` emits only text.
final class FakeStage: Stage {
    struct Boom: Error, CustomStringConvertible { var description: String { "the fake stage exploded" } }
    var steps: [String] { ["good", "bad", "boom", "quiet"] }
    func run(step: String, context: StageContext) throws {
        switch step {
        case "good": context.check(Check(name: "good", value: 1e-9, threshold: 1e-7, comparison: .lessOrEqual))
        case "bad": context.check(Check(name: "bad", value: 0.5, threshold: 1e-7, comparison: .lessOrEqual))
        case "boom": throw Boom()
        default: context.text("just words")
        }
    }
}

let fakeRegistry = StageRegistry(["fake": { FakeStage() }])

/// A fresh temporary directory.
func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lessonengine-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func write(_ text: String, to url: URL) {
    try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? text.write(to: url, atomically: true, encoding: .utf8)
}

/// A lesson's text with the given body and front matter fields.
func lessonText(id: String = "one", stage: String = "fake", extra: String = "", body: String) -> String {
    "---\nid: \(id)\ntitle: Lesson \(id)\nstage: \(stage)\n\(extra)---\n\(body)"
}

/// Plain style, fixed width.
let plain = TerminalStyle(color: false, width: 60)
