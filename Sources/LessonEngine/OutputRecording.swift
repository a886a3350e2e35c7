import Foundation

// Recording a lesson run's output so `backprop export --html --reuse` can rebuild a page
// without running the lesson again. One small JSON file per lesson,
// `<state dir>/outputs/<lesson-id>.json` (next to progress.json), rewritten whole and atomically.

/// What one run of a lesson produced, placed where it appeared in the lesson.
public struct OutputRecording: Sendable, Equatable, Codable {
    /// One emitted block and where it goes: `anchor` is the index (in `Lesson.blocks`) of the
    /// last lesson block shown before it, or -1 when the lesson starts with a run.
    public struct Placed: Sendable, Equatable, Codable {
        public var anchor: Int
        public var block: RecordedOutput
    }

    public var version: Int = 1
    public var lessonID: String
    /// Fingerprint of the lesson's blocks when it ran; a different lesson text makes the
    /// recording stale (its anchors may no longer fit).
    public var lessonFingerprint: String
    public var recorded: Date
    public var quick: Bool
    /// The learner's code (`--mine`) rather than the reference ran.
    public var mine: Bool
    public var seed: UInt64
    public var outputs: [Placed]

    public init(lesson: Lesson, options: RunOptions, recorded: Date = Date(), outputs: [Placed]) {
        lessonID = lesson.id
        lessonFingerprint = Self.fingerprint(of: lesson)
        self.recorded = recorded
        quick = options.quick
        mine = options.mine
        seed = options.seed
        self.outputs = outputs
    }

    /// A hash of the lesson's blocks (text, code, runs), stable across runs of the same text.
    public static func fingerprint(of lesson: Lesson) -> String {
        let text = lesson.blocks.map { block -> String in
            if case .run(let step, _) = block { return "run \(step)" }
            return String(describing: block)
        }.joined(separator: "\u{1F}")
        return String(ProgressStore.fnv1a(text), radix: 16)
    }

    /// Whether this recording still fits `lesson` (same id and same blocks).
    public func fits(_ lesson: Lesson) -> Bool {
        lessonID == lesson.id && lessonFingerprint == Self.fingerprint(of: lesson)
    }

    /// The blocks in emission order (what `LessonResult.outputs` held).
    public var blocks: [OutputBlock] { outputs.map(\.block.outputBlock) }

    /// The checks, in order.
    public var checks: [Check] { blocks.compactMap { if case .check(let check) = $0 { check } else { nil } } }

    public var passed: Bool { checks.allSatisfy(\.passed) }
}

/// Where lesson recordings live and how they are read and written.
public struct OutputRecordingStore: Sendable {
    public var directory: URL

    public init(directory: URL) { self.directory = directory }

    /// `outputs/` next to the progress file of `progress`.
    public init(progress: ProgressStore) {
        directory = progress.url.deletingLastPathComponent().appendingPathComponent("outputs")
    }

    public func url(for lessonID: String) -> URL { directory.appendingPathComponent("\(lessonID).json") }

    /// The recording of a lesson, or nil if there is none or it cannot be read (a broken
    /// recording only means the lesson runs again).
    public func load(lessonID: String) -> OutputRecording? {
        guard let data = try? Data(contentsOf: url(for: lessonID)) else { return nil }
        return try? Self.decoder.decode(OutputRecording.self, from: data)
    }

    /// Writes the recording atomically (temp file in the same directory, then rename).
    public func save(_ recording: OutputRecording) throws(OutputRecordingError) {
        let target = url(for: recording.lessonID)
        do {
            let data = try Self.encoder.encode(recording)
            try AtomicFile.write(data, to: target)
        } catch let error as OutputRecordingError {
            throw error
        } catch {
            throw OutputRecordingError.unwritable(path: target.path, reason: "\(error)")
        }
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}

public enum OutputRecordingError: Error, Sendable, CustomStringConvertible {
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unwritable(let path, let reason):
            "cannot write \(path): \(reason)\nhint: check that the directory exists and is writable"
        }
    }
}

/// Whole-file writes that never leave half a file: a temp file in the target's directory,
/// fsync, then rename over the target.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws(OutputRecordingError) {
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputRecordingError.unwritable(path: directory.path, reason: error.localizedDescription)
        }
        let temp = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        guard FileManager.default.createFile(atPath: temp.path, contents: nil) else {
            throw OutputRecordingError.unwritable(path: temp.path, reason: "cannot create a file there")
        }
        do {
            let handle = try FileHandle(forWritingTo: temp)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw OutputRecordingError.unwritable(path: url.path, reason: error.localizedDescription)
        }
        if rename(temp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw OutputRecordingError.unwritable(path: url.path, reason: reason)
        }
    }
}
