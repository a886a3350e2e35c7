// libFuzzer harness: a lesson parsed, then rendered by both renderers (terminal, plain and
// coloured, and HTML), compiled into the LessonEngine module by Tests/Fuzz/run.sh. Any input
// must render without crashing; a plain render holds no ESC at all, and the HTML none
// either (only our own styling emits ESC, and HTML has none).
import Foundation

private let renderRoot: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-fuzz-render-\(getpid())")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: size)
    let text = String(decoding: bytes, as: UTF8.self)
    let lesson: Lesson
    do throws(LessonError) {
        lesson = try LessonParser(root: renderRoot, registry: nil).parse(text, file: "lessons/01-fuzz.md", number: 1)
    } catch {
        precondition(!error.description.contains("\u{1B}"), "raw ESC in an error message")
        return 0
    }
    for color in [false, true] {
        var output = ""
        let presenter = TerminalPresenter(style: TerminalStyle(color: color, width: 40), interactive: false) { output += $0 }
        presenter.title(lesson)
        for block in lesson.blocks { presenter.present(block, of: lesson) }
        if !color { precondition(!output.contains("\u{1B}"), "raw ESC in a plain render") }
    }
    let html = HTMLLessonPresenter(lesson: lesson)
    for block in lesson.blocks { html.present(block, of: lesson) }
    let page = LessonPageHTML.page(lesson: lesson, body: html.body, note: "", checks: nil, navigation: HTMLPage.Navigation())
    precondition(!page.contains("\u{1B}"), "raw ESC in the HTML page")
    return 0
}
