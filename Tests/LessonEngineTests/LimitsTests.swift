// Lesson files (and the sources they include) above `LessonParser.maximumFileBytes` (4 MiB)
// are refused from their size, before being read whole, with an error naming the file.
import Foundation
import Testing
@testable import LessonEngine

@Suite struct LessonLimitsTests {
    /// A sparse file of `size` bytes (no disk blocks are written).
    func sparseFile(at url: URL, size: UInt64) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: size)
        try handle.close()
    }

    @Test func limitIsFourMebibytes() {
        #expect(LessonParser.maximumFileBytes == 4 * 1024 * 1024)
    }

    @Test func twoHundredMegabyteLessonIsRefusedFast() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try sparseFile(at: root.appendingPathComponent("lessons/01-huge.md"), size: 200_000_000)
        let start = Date()
        do {
            _ = try LessonCatalogue.load(root: root, registry: nil)
            Issue.record("a 200 MB lesson loaded")
        } catch {
            let problem = try #require(error.problems.first)
            #expect(problem.kind == .unreadableFile)
            #expect(problem.location.file == "lessons/01-huge.md")
            #expect(problem.found == "a file of 200000000 bytes")
            #expect(error.description.contains("lessons/01-huge.md"))
        }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func boundaryIsInclusive() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appendingPathComponent("at-limit.md")
        try Data(repeating: UInt8(ascii: "a"), count: LessonParser.maximumFileBytes).write(to: url)
        #expect(try LessonParser.readText(at: url, display: "at-limit.md").utf8.count == LessonParser.maximumFileBytes)
        try Data(repeating: UInt8(ascii: "a"), count: LessonParser.maximumFileBytes + 1).write(to: url)
        #expect(throws: LessonError.self) { try LessonParser.readText(at: url, display: "at-limit.md") }
    }

    /// A device is refused before any byte is read: it is not a regular file (issue 15).
    @Test func endlessDeviceIsRefusedBeforeReading() throws {
        let zero = URL(fileURLWithPath: "/dev/zero")
        guard FileManager.default.fileExists(atPath: zero.path) else { return }
        let start = Date()
        do {
            _ = try LessonParser.readText(at: zero, display: "lessons/01-zero.md")
            Issue.record("/dev/zero read as a lesson")
        } catch {
            #expect(error.kind == .notRegularFile)
            #expect(error.found == "a character device, not a regular file")
            #expect(error.description.hasPrefix("lessons/01-zero.md:1:1: error:"))
        }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func hugeIncludedSourceIsRefused() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try sparseFile(at: root.appendingPathComponent("Big.swift"), size: 200_000_000)
        let text = lessonText(body: "```swift include=\"Big.swift\"\n```\n")
        let start = Date()
        #expect(throws: LessonError.self) {
            try LessonParser(root: root, registry: fakeRegistry).parse(text, file: "lessons/01-one.md", number: 1)
        }
        do {
            _ = try LessonParser(root: root, registry: fakeRegistry).parse(text, file: "lessons/01-one.md", number: 1)
        } catch {
            #expect(error.kind == .missingIncludeFile)
            #expect(error.location.file == "lessons/01-one.md")
        }
        #expect(Date().timeIntervalSince(start) < 1)
    }
}
