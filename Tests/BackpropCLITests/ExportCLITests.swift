import Foundation
import Testing

@Suite("backprop export", .serialized)
struct ExportCLITests {
    @Test("export --html DIR --lessons 1 exits 0 and writes the index and lesson 1's page; --reuse then reuses the recording")
    func exportLessonOne() throws {
        let state = temporaryDirectory()
        let site = temporaryDirectory().appendingPathComponent("site")
        let output = try backprop(["export", "--html", site.path, "--lessons", "1", "--reference", "--course", repositoryRoot.path], state: state)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: site.path)
        #expect(names.contains("index.html"))
        let page = try #require(names.first { $0.hasPrefix("01-") && $0.hasSuffix(".html") })
        let html = try String(contentsOf: site.appendingPathComponent(page), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("Lesson 1 passed"))
        #expect(output.stdout.contains("[1/1] Lesson 1"))
        #expect(output.stdout.split(separator: "\n").last?.hasSuffix(site.appendingPathComponent("index.html").path) == true)

        let again = try backprop(["export", "--html", site.path, "--lessons", "1", "--reuse", "--reference", "--course", repositoryRoot.path], state: state)
        #expect(again.status == 0)
        #expect(again.stdout.contains("reusing the outputs recorded"))
    }

    @Test("a file as --html is refused with exit 3; bad --lessons and a missing --html are usage errors")
    func errors() throws {
        let file = temporaryDirectory().appendingPathComponent("not-a-dir")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let refused = try backprop(["export", "--html", file.path, "--lessons", "1"])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("is not a directory") && refused.stderr.contains("hint:"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "x")
        let badList = try backprop(["export", "--html", temporaryDirectory().path, "--lessons", "1,x"])
        #expect(badList.status == 2 && badList.stderr.contains("--lessons"))
        let unknown = try backprop(["export", "--html", temporaryDirectory().path, "--lessons", "99"])
        #expect(unknown.status == 2 && unknown.stderr.contains("99"))
        let missing = try backprop(["export"])
        #expect(missing.status == 2 && missing.stderr.contains("--html"))
    }

    @Test("export --help documents every option")
    func help() throws {
        let output = try backprop(["export", "--help"])
        #expect(output.status == 0)
        for option in ["--html <dir>", "--lessons <list>", "--quick", "--reuse", "--seed <n>", "--data <dir>", "--course <dir>"] {
            #expect(output.stdout.contains(option), "help lacks \(option)")
        }
    }
}
