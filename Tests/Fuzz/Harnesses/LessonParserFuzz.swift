// libFuzzer harness: the lesson markdown parser (front matter + body), compiled into the
// LessonEngine module by Tests/Fuzz/run.sh. Any input must give a Lesson or a LessonError.
import Foundation

/// An empty course root so `include="…"` paths resolve to nothing real, and a tiny registry so
/// the `stage:` / `::: run` checks run too.
private let fuzzRoot: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-fuzz-lesson-\(getpid())")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}()

private final class FuzzStage: Stage {
    var steps: [String] { ["forward", "backward"] }
    func run(step: String, context: StageContext) throws {}
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: size)
    // First byte picks with/without a registry; the rest is the lesson text.
    let useRegistry = (bytes.first ?? 0) & 1 == 1
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    let registry = useRegistry ? StageRegistry(["chain-rule": { FuzzStage() }]) : nil
    let parser = LessonParser(root: fuzzRoot, registry: registry)
    do throws(LessonError) {
        let lesson = try parser.parse(text, file: "lessons/01-fuzz.md", number: 1)
        _ = lesson.blocks.count
    } catch {
        precondition(error.description.contains("lessons/01-fuzz.md"), "error does not name the file: \(error)")
    }
    return 0
}
