// Adversarial lesson files (issue 15): a course from someone else is untrusted input. Each
// case builds its files in a fresh temporary directory and asserts the error (kind, file,
// message) and, where the attack aims outside the course, that the outside file is unchanged.
import Foundation
import Testing
@testable import LessonEngine

@Suite struct AdversarialLessonTests {
    /// A course in a temp dir holding `lessons/01-one.md` with `text`; returns (root, result).
    func load(_ text: String, setUp: (URL) throws -> Void = { _ in }) throws -> (root: URL, result: Result<LessonCatalogue, LessonCatalogueError>) {
        let root = temporaryDirectory()
        write(text, to: root.appendingPathComponent("lessons/01-one.md"))
        try setUp(root)
        do throws(LessonCatalogueError) {
            return (root, .success(try LessonCatalogue.load(root: root, registry: fakeRegistry)))
        } catch {
            return (root, .failure(error))
        }
    }

    func problem(_ text: String, setUp: (URL) throws -> Void = { _ in }, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> LessonError? {
        let (root, result) = try load(text, setUp: setUp)
        defer { try? FileManager.default.removeItem(at: root) }
        guard case .failure(let error) = result else {
            Issue.record("expected a lesson error", sourceLocation: sourceLocation)
            return nil
        }
        #expect(error.problems.count == 1, sourceLocation: sourceLocation)
        return error.problems.first
    }

    func include(_ path: String) -> String { lessonText(body: "\n```swift include=\"\(path)\"\n```\n") }

    /// A file outside every course, to aim includes and symlinks at.
    static let secret: URL = {
        let url = temporaryDirectory().appendingPathComponent("secret.txt")
        write("TOP SECRET\n", to: url)
        return url
    }()

    @Test("an include with ../ leading outside the course is refused, naming the include")
    func includeDotDot() throws {
        let relative = "../" + Self.secret.deletingLastPathComponent().lastPathComponent + "/secret.txt"
        let error = try #require(try problem(include(relative)))
        #expect(error.kind == .outsideCourse)
        #expect(error.description.contains(relative))
        #expect(error.location.file == "lessons/01-one.md" && error.location.line == 7)
        #expect(!error.description.contains("TOP SECRET"))
    }

    @Test("an absolute include path is refused")
    func includeAbsolute() throws {
        let error = try #require(try problem(include(Self.secret.path)))
        #expect(error.kind == .outsideCourse)
    }

    @Test("an include through a symlinked file or directory that leaves the course is refused")
    func includeSymlinks() throws {
        let viaFile = try #require(try problem(include("Sources/link.swift")) { root in
            try FileManager.default.createDirectory(at: root.appendingPathComponent("Sources"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("Sources/link.swift").path, withDestinationPath: Self.secret.path)
        })
        #expect(viaFile.kind == .outsideCourse)
        let viaDirectory = try #require(try problem(include("Sources/outside/secret.txt")) { root in
            try FileManager.default.createDirectory(at: root.appendingPathComponent("Sources"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("Sources/outside").path,
                                                       withDestinationPath: Self.secret.deletingLastPathComponent().path)
        })
        #expect(viaDirectory.kind == .outsideCourse)
    }

    @Test("a symlink inside the course to a file inside the course is fine")
    func includeSymlinkInside() throws {
        let (root, result) = try load(include("Sources/link.swift")) { root in
            write("let x = 1\n", to: root.appendingPathComponent("Sources/real.swift"))
            try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("Sources/link.swift").path, withDestinationPath: "real.swift")
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let catalogue = try result.get()
        #expect(catalogue.lessons[0].blocks.contains(.code(language: "swift", text: "let x = 1\n", source: "Sources/link.swift")))
    }

    @Test("an include that is a FIFO or a directory is refused as not a regular file, without hanging")
    func includeSpecialFiles() throws {
        let fifo = try #require(try problem(include("Sources/pipe.swift")) { root in
            try FileManager.default.createDirectory(at: root.appendingPathComponent("Sources"), withIntermediateDirectories: true)
            #expect(mkfifo(root.appendingPathComponent("Sources/pipe.swift").path, 0o600) == 0)
        })
        #expect(fifo.kind == .notRegularFile)
        #expect(fifo.description.contains("not a regular file"))
        let directory = try #require(try problem(include("Sources")) { root in
            try FileManager.default.createDirectory(at: root.appendingPathComponent("Sources"), withIntermediateDirectories: true)
        })
        #expect(directory.kind == .notRegularFile)
        #expect(directory.description.contains("a directory"))
    }

    @Test("a lesson file that is a symlink out of lessons/, or a FIFO, is refused")
    func lessonFileItself() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let lessons = root.appendingPathComponent("lessons")
        try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: lessons.appendingPathComponent("01-one.md").path, withDestinationPath: Self.secret.path)
        #expect(mkfifo(lessons.appendingPathComponent("02-two.md").path, 0o600) == 0)
        do {
            _ = try LessonCatalogue.load(root: root, registry: fakeRegistry)
            Issue.record("expected errors")
        } catch {
            #expect(error.problems.map(\.kind) == [.outsideCourse, .notRegularFile])
            #expect(!error.description.contains("TOP SECRET"))
        }
    }

    @Test("ids must be slugs: path-like, empty and upper-case ids are refused", arguments: ["../../../victim", "", "a/b", "Chain", "x.json", "\"\""])
    func slugIDs(id: String) throws {
        let error = try #require(try problem(lessonText(id: id, body: "Hi\n")))
        #expect(error.kind == .invalidID)
        #expect(error.location.line == 2)
    }

    @Test("control characters in title, body, hints and includes reach no renderer raw")
    func sanitised() throws {
        let evil = "\u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}5m\u{202E}"
        let text = lessonText(extra: "hints: [\"h\(evil)\"]\nsummary: s\(evil)\n", body: "# H\(evil)\n\nBody \(evil)\n\n- item\(evil)\n\n```swift include=\"Sources/x.swift#r\"\n```\n")
            .replacingOccurrences(of: "title: Lesson one", with: "title: T\(evil)")
        let (root, result) = try load(text) { root in
            write("// region r\nlet s = \"\(evil)\"\n// endregion\n", to: root.appendingPathComponent("Sources/x.swift"))
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let lesson = try result.get().lessons[0]
        let everything = "\(lesson.title) \(lesson.summary ?? "") \(lesson.hints) \(lesson.blocks)"
        for scalar in ["\u{1B}", "\u{07}", "\u{9B}", "\u{202E}"] { #expect(!everything.contains(scalar)) }
        #expect(lesson.title == "T^[]0;pwned^G^[[2J<U+009B>5m<U+202E>")
        var output = ""
        let presenter = TerminalPresenter(style: plain, interactive: false) { output += $0 }
        presenter.title(lesson)
        for block in lesson.blocks { presenter.present(block, of: lesson) }
        #expect(!output.contains("\u{1B}"))
        #expect(output.contains("^[[2J"))
    }

    @Test("the sanitiser keeps text, tabs and newlines; turns CRLF into LF")
    func sanitiserUnits() {
        #expect(LessonText.sanitized("plain ∂L/∂w\tx\n") == "plain ∂L/∂w\tx\n")
        #expect(LessonText.sanitized("a\r\nb\rc\u{7F}\u{0}") == "a\nb^Mc^?^@")
    }

    @Test("an included source with CRLF line endings has its regions found")
    func crlfInclude() throws {
        let (root, result) = try load(include("Sources/crlf.swift#main")) { root in
            write("// region main\r\nlet x = 1\r\n// endregion\r\n", to: root.appendingPathComponent("Sources/crlf.swift"))
        }
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try result.get().lessons[0].blocks.contains(.code(language: "swift", text: "let x = 1", source: "Sources/crlf.swift#main")))
        #expect(SourceRegion.extract("main", from: "// region main\r\nlet y = 2\r\n// endregion\r\n") == "let y = 2")
    }

    /// 100,000-deep nesting of each kind (within the 256 KiB lesson limit).
    static let deepMathsCases: [String: String] = [
        "braces": String(repeating: "{", count: 100_000) + String(repeating: "}", count: 100_000),
        "carets": "x" + String(repeating: "^", count: 100_000) + "y",
        "subscripts": String(repeating: "_{a", count: 50_000) + String(repeating: "}", count: 50_000),
        "fractions": String(repeating: "\\frac", count: 40_000),
    ]

    @Test("maths nested 100,000 deep is a lesson error with file:line, not a stack overflow",
          arguments: ["braces", "carets", "subscripts", "fractions"])
    func deepMaths(kind: String) throws {
        let latex = try #require(Self.deepMathsCases[kind])
        let inline = try #require(try problem(lessonText(body: "\nSee $\(latex)$ here.\n")))
        #expect(inline.kind == .tooDeep)
        #expect(inline.location.line == 7)
        let display = try #require(try problem(lessonText(body: "\n$$\n\(latex)\n$$\n")))
        #expect(display.kind == .tooDeep)
        // The converter itself stops at the limit too (renderers never recurse past it).
        #expect(MathText.unicode(latex).count > 0)
    }

    @Test("real-lesson maths is well under the nesting limit")
    func shallowMaths() {
        #expect(!MathText.isTooDeep("\\frac{\\partial L}{\\partial W^{(2)}_{ij}} = \\sum_{n=1}^{N} \\hat{y}_n^{\\top}"))
    }

    @Test("a lesson over 256 KiB is refused by the stated limit, naming it")
    func lessonSizeLimit() throws {
        let error = try #require(try problem(lessonText(body: String(repeating: "a", count: LessonParser.maximumLessonBytes) + "\n")))
        #expect(error.kind == .unreadableFile)
        #expect(error.expected.contains("256 KiB"))
    }

    @Test("a 250 KB line without spaces and 100,000 unmatched [ still render (linear wrap and render)")
    func longLines() throws {
        for body in [String(repeating: "a", count: 250_000), String(repeating: "[x", count: 100_000)] {
            let (root, result) = try load(lessonText(body: "\n" + body + "\n"))
            defer { try? FileManager.default.removeItem(at: root) }
            let lesson = try result.get().lessons[0]
            var output = ""
            let presenter = TerminalPresenter(style: plain, interactive: false) { output += $0 }
            for block in lesson.blocks { presenter.present(block, of: lesson) }
            #expect(output.split(separator: "\n").allSatisfy { $0.count <= 60 })
            #expect(output.filter { $0 != "\n" && $0 != " " }.count == body.count)
        }
    }
}

@Suite struct AdversarialProgressTests {
    func store() -> ProgressStore { ProgressStore(url: temporaryDirectory().appendingPathComponent("progress.json")) }

    @Test("update merges into the state on disk: a record written meanwhile is kept")
    func updateMerges() throws {
        let store = store()
        try store.save(ProgressState(records: ["a": LessonRecord(status: .passed, lastRun: Date(timeIntervalSince1970: 0))]))
        // A second writer (stale in-memory state would not have "a") changes only "b".
        _ = try store.update { $0.records["b"] = LessonRecord(status: .failed, lastRun: Date(timeIntervalSince1970: 0)) }
        #expect(try store.load().state.records.keys.sorted() == ["a", "b"])
        #expect(FileManager.default.fileExists(atPath: store.lockURL.path))
    }

    @Test("hint counts out of range mark the file corrupt (moved aside)", arguments: [Int.max, Int.min, -1, ProgressStore.maximumHints + 1])
    func hintRange(value: Int) throws {
        let store = store()
        try FileManager.default.createDirectory(at: store.url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let json = "{\"version\":1,\"records\":{\"a\":{\"status\":\"passed\",\"lastRun\":\"2026-01-01T00:00:00Z\",\"hintsShown\":\(value)}}}"
        try json.write(to: store.url, atomically: true, encoding: .utf8)
        let (state, notice) = try store.load()
        #expect(state.records.isEmpty)
        #expect(notice?.contains("moved it aside") == true)
    }

    @Test("reset and save leave a directory at the state path, and what it holds, alone")
    func resetLeavesDirectories() throws {
        let store = store()
        try FileManager.default.createDirectory(at: store.url, withIntermediateDirectories: true)
        try "mine".write(to: store.url.appendingPathComponent("user.txt"), atomically: true, encoding: .utf8)
        #expect(throws: ProgressError.self) { try store.reset() }
        #expect(throws: ProgressError.self) { try store.save(ProgressState()) }
        #expect(try String(contentsOf: store.url.appendingPathComponent("user.txt"), encoding: .utf8) == "mine")
    }

    @Test("temp files left by a killed or disk-full writer are removed under the lock")
    func staleTemporaryFiles() throws {
        let store = store()
        let directory = store.url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stale = directory.appendingPathComponent(".progress.json.tmp-424242")
        #expect(FileManager.default.createFile(atPath: stale.path, contents: Data()))
        _ = try store.update { _ in }
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }
}
