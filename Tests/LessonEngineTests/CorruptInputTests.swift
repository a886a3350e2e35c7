// The corrupt-input matrix for lesson markdown and the progress state: a valid small file cut
// at every eighth of its length, a flipped byte in the header and in the payload, an empty file
// and a directory.
// - Lessons: every case is a LessonError naming the file, except a flipped payload byte that
//   stays valid UTF-8 inside a code block: undetectable by design (the lesson just shows
//   different code). A flip that breaks UTF-8 is detected.
// - Progress: a corrupt state file is not an error by design: it is moved aside (never lost)
//   with a notice naming it, and progress starts afresh; a directory is a ProgressError naming
//   the path; a flipped digit in a count is undetectable by design (JSON has no checksum).
// No-permission files are not tested: the tests may run as root, who can read anything.
import Foundation
import Testing
@testable import LessonEngine

@Suite struct LessonCorruptInputTests {
    /// Front matter, then one code block that runs to the last line, so cutting anywhere
    /// after the front matter leaves the fence unterminated.
    static let valid = Array(lessonText(body: "```swift\nlet x = 1\nlet y = 2\nprint(x + y)\n```\n").utf8)
    static let display = "lessons/01-one.md"

    /// Loads a course whose only lesson holds `bytes`; returns the single problem reported.
    func loadProblem(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> LessonError? {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appendingPathComponent(Self.display)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        do {
            _ = try LessonCatalogue.load(root: root, registry: fakeRegistry)
            Issue.record("expected a LessonError", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.problems.count == 1, sourceLocation: sourceLocation)
            #expect(error.problems.first?.location.file == Self.display, sourceLocation: sourceLocation)
            #expect(error.description.contains(Self.display), sourceLocation: sourceLocation)
            return error.problems.first
        }
    }

    var frontMatterEnd: Int { Array(lessonText(body: "").utf8).count }

    @Test func fixtureLayoutIsAsDocumented() {
        #expect(Self.valid.count == 92 && frontMatterEnd == 46)
    }

    @Test(arguments: 0..<8)
    func truncatedLessonIsATypedError(eighth: Int) throws {
        let cut = Self.valid.count * eighth / 8
        if cut == frontMatterEnd {
            // Cut exactly after the front matter's closing line (eighth 4 here: 92 · 4/8 = 46):
            // a lesson without a body is valid, so this cut is undetectable by design.
            let root = temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: root) }
            write(String(decoding: Self.valid.prefix(cut), as: UTF8.self), to: root.appendingPathComponent(Self.display))
            #expect(try LessonCatalogue.load(root: root, registry: fakeRegistry).lessons.first?.blocks.isEmpty == true)
            return
        }
        let problem = try loadProblem(Array(Self.valid.prefix(cut)))
        if cut == 0 {
            #expect(problem?.kind == .frontMatter)          // no opening ---
        } else if cut < frontMatterEnd {
            #expect([.frontMatter, .unterminatedFrontMatter, .missingField].contains(problem?.kind))
        } else {
            #expect(problem?.kind == .unterminatedFence)
        }
    }

    @Test func flippedHeaderByteIsDetected() throws {
        var flipped = Self.valid
        flipped[0] ^= 0x01   // '-' → ','
        #expect(try loadProblem(flipped)?.kind == .frontMatter)
    }

    @Test func flippedPayloadByteIsUndetectableByDesignUnlessItBreaksUTF8() throws {
        let offset = frontMatterEnd + 14        // inside "let x = 1"
        var flipped = Self.valid
        flipped[offset] ^= 0x20
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("lessons"), withIntermediateDirectories: true)
        try Data(flipped).write(to: root.appendingPathComponent(Self.display))
        let lesson = try #require(try LessonCatalogue.load(root: root, registry: fakeRegistry).lessons.first)
        #expect(lesson.blocks.count == 1)

        var broken = Self.valid
        broken[offset] ^= 0x80                  // a lone continuation / lead byte: not UTF-8
        let problem = try loadProblem(broken)
        #expect(problem?.kind == .unreadableFile)
        #expect(problem?.found.contains("UTF-8") == true)
    }

    @Test func emptyFileAndDirectoryAreTypedErrors() throws {
        #expect(try loadProblem([])?.kind == .frontMatter)
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent(Self.display), withIntermediateDirectories: true)
        #expect(throws: LessonCatalogueError.self) { try LessonCatalogue.load(root: root, registry: fakeRegistry) }
        do {
            _ = try LessonCatalogue.load(root: root, registry: fakeRegistry)
        } catch {
            #expect(error.problems.map(\.kind) == [.notRegularFile])
            #expect(error.problems.first?.found == "a directory, not a regular file")
            #expect(error.description.contains(Self.display))
        }
    }
}

@Suite struct ProgressCorruptInputTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    /// Written by hand (not by `save`) so the test does not trust the code it checks.
    static let valid = Array("""
    {
      "records" : {
        "chain-rule" : {
          "hintsShown" : 2,
          "lastRun" : "2026-01-02T03:04:05Z",
          "status" : "passed"
        }
      },
      "version" : 1
    }
    """.utf8)

    func withStore(_ bytes: [UInt8], _ body: (ProgressStore) throws -> Void) throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = ProgressStore(url: directory.appendingPathComponent("progress.json"))
        try Data(bytes).write(to: store.url)
        try body(store)
    }

    /// Checks that loading moves the corrupt file aside intact and says so, naming it.
    func expectMovedAside(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        try withStore(bytes) { store in
            let (state, notice) = try store.load(now: Self.now)
            #expect(state == ProgressState(), sourceLocation: sourceLocation)
            let message = try #require(notice, sourceLocation: sourceLocation)
            #expect(message.contains(store.url.path), sourceLocation: sourceLocation)
            let directory = store.url.deletingLastPathComponent()
            let aside = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("progress.json.corrupt-") }
            #expect(aside.count == 1, sourceLocation: sourceLocation)
            let kept = try Data(contentsOf: directory.appendingPathComponent(aside.first ?? ""))
            #expect(Array(kept) == bytes, "the corrupt file must be kept byte for byte", sourceLocation: sourceLocation)
            #expect(!FileManager.default.fileExists(atPath: store.url.path), sourceLocation: sourceLocation)
        }
    }

    @Test func validFixtureLoads() throws {
        try withStore(Self.valid) { store in
            let (state, notice) = try store.load(now: Self.now)
            #expect(notice == nil)
            #expect(state.records["chain-rule"] == LessonRecord(status: .passed, lastRun: Date(timeIntervalSince1970: 1_767_323_045), hintsShown: 2))
        }
    }

    @Test(arguments: 0..<8)
    func truncatedStateIsMovedAside(eighth: Int) throws {
        try expectMovedAside(Array(Self.valid.prefix(Self.valid.count * eighth / 8)))
    }

    @Test func flippedHeaderByteIsMovedAside() throws {
        var flipped = Self.valid
        flipped[0] ^= 0x01   // '{' → 'z'
        try expectMovedAside(flipped)
    }

    @Test func flippedDigitIsUndetectableByDesign() throws {
        let text = String(decoding: Self.valid, as: UTF8.self)
        let offset = text.utf8.distance(from: text.utf8.startIndex, to: try #require(text.range(of: ": 2,")).lowerBound) + 2
        var flipped = Self.valid
        flipped[offset] ^= 0x01   // '2' → '3'
        try withStore(flipped) { store in
            let (state, notice) = try store.load(now: Self.now)
            #expect(notice == nil)
            #expect(state.records["chain-rule"]?.hintsShown == 3)
        }
    }

    @Test func emptyFileIsMovedAsideAndDirectoryIsATypedError() throws {
        try expectMovedAside([])
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = ProgressStore(url: directory)
        do {
            _ = try store.load(now: Self.now)
            Issue.record("a directory loaded as progress")
        } catch {
            guard case .notRegularFile(let path, let type) = error else { Issue.record("expected notRegularFile, got \(error)"); return }
            #expect(path == directory.path)
            #expect(type == "a directory")
            #expect(!error.description.contains("NSCocoaErrorDomain"))
            #expect(error.description.contains(directory.path))
        }
    }
}
