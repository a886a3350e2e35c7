// libFuzzer harness: the include resolver, compiled into the LessonEngine module by
// Tests/Fuzz/run.sh. A course directory holds a regular source with regions, a CRLF source,
// a FIFO, a directory, a symlink inside the course and symlinks (file and directory) that
// lead outside it to a secret. The input is an `include="…"` value; whatever it is, the
// parse must end (no FIFO hang), and nothing of the secret may appear in the lesson.
import Foundation

private let secretMarker = "OUTSIDE-THE-COURSE"

private let includeRoot: URL = {
    let manager = FileManager.default
    let base = manager.temporaryDirectory.appendingPathComponent("backprop-fuzz-include-\(getpid())")
    let course = base.appendingPathComponent("course")
    let sources = course.appendingPathComponent("Sources")
    try? manager.createDirectory(at: sources.appendingPathComponent("dir"), withIntermediateDirectories: true)
    try? "let secret = \"\(secretMarker)\"\n// region r\n\(secretMarker)\n// endregion\n"
        .write(to: base.appendingPathComponent("secret.swift"), atomically: true, encoding: .utf8)
    try? "// region a\nlet a = 1\n// region b\nlet b = 2\n// endregion\n// endregion\n"
        .write(to: sources.appendingPathComponent("A.swift"), atomically: true, encoding: .utf8)
    try? "// region c\r\nlet c = 3\r\n// endregion\r\n".write(to: sources.appendingPathComponent("CRLF.swift"), atomically: true, encoding: .utf8)
    mkfifo(sources.appendingPathComponent("pipe.swift").path, 0o600)
    try? manager.createSymbolicLink(atPath: sources.appendingPathComponent("inside.swift").path, withDestinationPath: "A.swift")
    try? manager.createSymbolicLink(atPath: sources.appendingPathComponent("out.swift").path, withDestinationPath: base.appendingPathComponent("secret.swift").path)
    try? manager.createSymbolicLink(atPath: sources.appendingPathComponent("up").path, withDestinationPath: base.path)
    return course
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: size)
    // The include value may not hold a quote or a line break (the parser would end it there).
    let reference = String(decoding: bytes, as: UTF8.self).filter { $0 != "\"" && $0 != "\n" && $0 != "\r" && $0 != "\r\n" }
    let text = "---\nid: fuzz\ntitle: Fuzz\nstage: s\n---\n\n```swift include=\"\(reference)\"\n```\n"
    do throws(LessonError) {
        let lesson = try LessonParser(root: includeRoot, registry: nil).parse(text, file: "lessons/01-fuzz.md", number: 1)
        precondition(!"\(lesson.blocks)".contains(secretMarker), "an include read outside the course: \(reference)")
    } catch {
        precondition(!error.description.contains(secretMarker), "an error showed outside text")
    }
    return 0
}
