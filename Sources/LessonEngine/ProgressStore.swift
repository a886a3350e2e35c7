import Foundation

/// What is remembered about one lesson.
public struct LessonRecord: Sendable, Equatable, Codable {
    /// `.passed` or `.failed` (never-run lessons have no record).
    public var status: LessonStatus
    public var lastRun: Date
    /// How many hints have been shown so far.
    public var hintsShown: Int
    /// When the learner's own code (`--mine`) first passed this lesson's checks; nil if it
    /// never has. `backprop solution N` shows the reference only after that.
    public var minePassed: Date?

    public init(status: LessonStatus, lastRun: Date, hintsShown: Int = 0) {
        self.status = status
        self.lastRun = lastRun
        self.hintsShown = hintsShown
    }
}

/// The whole state file: records by lesson id.
public struct ProgressState: Sendable, Equatable, Codable {
    public var version: Int = 1
    public var records: [String: LessonRecord] = [:]
    /// The reading tour's records (`backprop tour`, `--reference`): kept apart, never the
    /// learner's. Nil in files written before the tour existed.
    public var tour: [String: LessonRecord]?
    public init(records: [String: LessonRecord] = [:]) { self.records = records }

    /// The records of one mode: the learner's (`records`) or the tour's.
    public func records(tour: Bool) -> [String: LessonRecord] { tour ? (self.tour ?? [:]) : records }

    /// This state with the tour's records in place of the learner's (for gating the tour).
    public var tourView: ProgressState { ProgressState(records: tour ?? [:]) }

    public mutating func set(_ record: LessonRecord, for id: String, tour: Bool) {
        if tour { self.tour = (self.tour ?? [:]).merging([id: record]) { $1 } } else { records[id] = record }
    }
}

/// Progress of one course, in a small JSON file rewritten whole and atomically
/// (temp file, fsync, rename), so a crash never leaves half a file.
///
/// Where: `$XDG_STATE_HOME/backprop/<hash of the course path>/progress.json` when
/// `XDG_STATE_HOME` is set, else `<course>/.backprop/progress.json`.
public struct ProgressStore: Sendable {
    public var url: URL

    public init(url: URL) { self.url = url }

    public init(course: URL, environment: [String: String]) {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
            let hash = Self.fnv1a(course.standardizedFileURL.path)
            url = URL(fileURLWithPath: state).appendingPathComponent("backprop")
                .appendingPathComponent(String(hash, radix: 16)).appendingPathComponent("progress.json")
        } else {
            url = course.appendingPathComponent(".backprop").appendingPathComponent("progress.json")
        }
    }

    /// The state, plus a notice when a corrupt file was moved aside (say it to the user).
    /// A missing file is an empty state.
    public func load(now: Date = Date()) throws(ProgressError) -> (state: ProgressState, notice: String?) {
        guard FileManager.default.fileExists(atPath: url.path) else { return (ProgressState(), nil) }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ProgressError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        if let state = Self.decode(data) { return (state, nil) }
        let stamp = ISO8601DateFormatter().string(from: now).replacingOccurrences(of: ":", with: "-")
        let aside = url.deletingLastPathComponent().appendingPathComponent("progress.json.corrupt-\(stamp)")
        do {
            try FileManager.default.moveItem(at: url, to: aside)
        } catch {
            throw ProgressError.unreadable(path: url.path, reason: "it is not valid progress JSON and could not be moved aside (\(error.localizedDescription))")
        }
        return (ProgressState(), "warning: the progress file \(url.path) was not valid JSON; moved it aside to \(aside.path) and started afresh.\nhint: restore it by hand from there if you want it back, or run `backprop reset` to start clean.")
    }

    /// The state in `data`, or nil if it is not valid progress JSON (what `load` reads).
    static func decode(_ data: Data) -> ProgressState? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(ProgressState.self, from: data)
    }

    /// The JSON `save` writes, or nil if encoding fails.
    static func encode(_ state: ProgressState) -> Data? { try? encoder.encode(state) }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }

    /// Write the whole state atomically: a temp file in the same directory, fsync, rename.
    public func save(_ state: ProgressState) throws(ProgressError) {
        do {
            let data = try Self.encoder.encode(state)
            let directory = url.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let temp = directory.appendingPathComponent(".progress.json.tmp-\(getpid())")
            guard FileManager.default.createFile(atPath: temp.path, contents: nil) else {
                throw ProgressError.unwritable(path: temp.path, reason: "cannot create a file there")
            }
            let handle = try FileHandle(forWritingTo: temp)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            if rename(temp.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temp)
                throw ProgressError.unwritable(path: url.path, reason: reason)
            }
        } catch let error as ProgressError {
            throw error
        } catch {
            throw ProgressError.unwritable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Forget progress: remove the state file. Returns the path removed, or nil if there was none.
    public func reset() throws(ProgressError) -> String? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do { try FileManager.default.removeItem(at: url) } catch {
            throw ProgressError.unwritable(path: url.path, reason: error.localizedDescription)
        }
        return url.path
    }

    static func fnv1a(_ string: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in string.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

public enum ProgressError: Error, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read the progress file \(path): \(reason)\nhint: run `backprop reset` to start again, or fix the file's permissions"
        case .unwritable(let path, let reason):
            "cannot write the progress file \(path): \(reason)\nhint: check that the directory is writable, or set XDG_STATE_HOME to a writable directory"
        }
    }
}
