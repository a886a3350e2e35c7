// CLI level of the corrupt-input matrix: a broken lesson file makes `backprop list` exit 3
// with an error line naming the file (not a crash, not a stack trace).
import Foundation
import Testing

@Suite struct CorruptInputCLITests {
    static let valid = "---\nid: one\ntitle: One\nstage: chain-rule\n---\n```swift\nlet x = 1\n```\n"

    /// Runs `backprop --course COURSE list` where lessons/01-one.md holds `bytes`.
    func list(_ bytes: [UInt8]) throws -> Output {
        let course = temporaryCourse([:])
        let url = course.appendingPathComponent("lessons/01-one.md")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return try backprop(["--course", course.path, "list"])
    }

    func expectBrokenLessonReported(_ output: Output, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(output.status == 3, "stderr: \(output.stderr)", sourceLocation: sourceLocation)
        let errorLines = output.stderr.split(separator: "\n").filter { $0.contains("error:") }
        #expect(errorLines.count == 1, "stderr: \(output.stderr)", sourceLocation: sourceLocation)
        #expect(errorLines.first?.hasPrefix("lessons/01-one.md:") == true, "stderr: \(output.stderr)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [0, 3, 6])
    func truncatedLessonExitsThree(eighth: Int) throws {
        let bytes = Array(Self.valid.utf8)
        expectBrokenLessonReported(try list(Array(bytes.prefix(bytes.count * eighth / 8))))
    }

    @Test func nonUTF8LessonExitsThree() throws {
        var bytes = Array(Self.valid.utf8)
        bytes[bytes.count - 8] ^= 0x80
        expectBrokenLessonReported(try list(bytes))
    }

    @Test func directoryInPlaceOfALessonExitsThree() throws {
        let course = temporaryCourse([:])
        try FileManager.default.createDirectory(at: course.appendingPathComponent("lessons/01-one.md"), withIntermediateDirectories: true)
        expectBrokenLessonReported(try backprop(["--course", course.path, "list"]))
    }
}
