import Foundation
import LessonEngine

/// What the child process tells the parent while it runs a lesson: one JSON object per line
/// on the event pipe. Stage outputs reuse the recording format (`RecordedOutput`), so the
/// parent renders and records exactly what an in-process run would.
enum ChildEvent: Codable, Equatable {
    /// The lesson block at this index of `Lesson.blocks` was presented (text, code, maths).
    case block(Int)
    /// A stage step emitted this output.
    case output(RecordedOutput)
    /// A progress reporter was opened (`id` numbers them within the run).
    case progress(id: Int, label: String, total: Int)
    case update(id: Int, completed: Int, status: String)
    case finish(id: Int, summary: String)
    /// Steps that threw because an input file was bad (missing or truncated data, broken
    /// weights): the parent exits 3 for them, as an in-process run would.
    case inputErrors([String])
    /// Every step ran; the child is about to exit 0.
    case done

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// One line of JSON, newline-terminated (JSON escapes every newline inside strings).
    func encodedLine() -> Data {
        var data = (try? Self.encoder.encode(self)) ?? Data()
        data.append(0x0A)
        return data
    }

    /// The event on one line, or nil for a line that is not one (never trusted blindly).
    static func decode(line: Data) -> ChildEvent? { try? decoder.decode(ChildEvent.self, from: line) }
}
