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
/// (temp file, fsync, rename), so a crash never leaves half a file; `update` does the
/// read-modify-write under a `flock`, so concurrent runs never lose a record.
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

    /// Largest progress file read (a real one is a few KB).
    static let maximumBytes = 16 << 20
    /// Largest believable hint count; a bigger or negative one marks the file corrupt.
    public static let maximumHints = 10_000

    /// The state, plus a notice when a corrupt file was moved aside (say it to the user).
    /// A missing file is an empty state. A directory, FIFO or device is refused before
    /// it is opened, with a plain reason.
    public func load(now: Date = Date()) throws(ProgressError) -> (state: ProgressState, notice: String?) {
        var info = stat()
        guard lstat(url.path, &info) == 0 else {
            if errno == ENOENT { return (ProgressState(), nil) }
            throw ProgressError.unreadable(path: url.path, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ProgressError.notRegularFile(path: url.path, type: LessonParser.fileTypeName(info.st_mode & S_IFMT))
        }
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            data = try handle.read(upToCount: Self.maximumBytes + 1) ?? Data()
        } catch {
            throw ProgressError.unreadable(path: url.path, reason: (error as NSError).localizedFailureReason ?? "it cannot be read")
        }
        if data.count <= Self.maximumBytes, let state = Self.decode(data) { return (state, nil) }
        let stamp = ISO8601DateFormatter().string(from: now).replacingOccurrences(of: ":", with: "-")
        let aside = url.deletingLastPathComponent().appendingPathComponent("progress.json.corrupt-\(stamp)")
        guard rename(url.path, aside.path) == 0 else {
            throw ProgressError.unreadable(path: url.path, reason: "it is not valid progress JSON and could not be moved aside (\(String(cString: strerror(errno))))")
        }
        return (ProgressState(), "warning: the progress file \(url.path) was not valid progress JSON (bad syntax, or a number out of range); moved it aside to \(aside.path) and started afresh.\nhint: restore it by hand from there if you want it back, or run `backprop reset` to start clean.")
    }

    /// The state in `data`, or nil if it is not valid progress JSON (what `load` reads):
    /// bad syntax, or a number no run of the tool writes (a negative or huge hint count).
    static func decode(_ data: Data) -> ProgressState? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let state = try? decoder.decode(ProgressState.self, from: data) else { return nil }
        guard state.records.values.allSatisfy({ (0...maximumHints).contains($0.hintsShown) }) else { return nil }
        return state
    }

    /// The JSON `save` writes, or nil if encoding fails.
    static func encode(_ state: ProgressState) -> Data? { try? encoder.encode(state) }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }

    /// The lock file beside the state file; `update` holds an exclusive `flock` on it.
    public var lockURL: URL { url.deletingLastPathComponent().appendingPathComponent(".progress.json.lock") }

    /// Read-modify-write under an exclusive `flock` on `lockURL`: reads the state as it is
    /// on disk now (another `backprop` may have just written it), applies `change` (which
    /// should touch only the records it means to), and writes it back before unlocking. So
    /// two processes updating different lessons, or the same lesson's hint count, never
    /// lose each other's record. Also removes temp files a killed writer left behind.
    public func update<Value>(now: Date = Date(), _ change: (inout ProgressState) -> Value) throws(ProgressError) -> (value: Value, notice: String?) {
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ProgressError.unwritable(path: directory.path, reason: "the directory cannot be created")
        }
        let lock = open(lockURL.path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw ProgressError.unwritable(path: lockURL.path, reason: String(cString: strerror(errno))) }
        defer { close(lock) }
        var info = stat()
        guard fstat(lock, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw ProgressError.unwritable(path: lockURL.path, reason: "the lock file is not a regular file")
        }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw ProgressError.unwritable(path: lockURL.path, reason: String(cString: strerror(errno))) }
        }
        defer { flock(lock, LOCK_UN) }
        removeStaleTemporaryFiles()
        var (state, notice) = try load(now: now)
        let value = change(&state)
        try save(state)
        return (value, notice)
    }

    /// `.progress.json.tmp-*` files: while the lock is held no writer is mid-write, so
    /// any left are from a writer that was killed or hit a full disk.
    func removeStaleTemporaryFiles() {
        let directory = url.deletingLastPathComponent()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(".progress.json.tmp-") {
            let path = directory.appendingPathComponent(name).path
            var info = stat()
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG { unlink(path) }
        }
    }

    /// Write the whole state atomically: a temp file in the same directory, fsync, rename.
    /// Refuses to replace anything but a regular file (a directory or device stays).
    public func save(_ state: ProgressState) throws(ProgressError) {
        var existing = stat()
        if lstat(url.path, &existing) == 0, (existing.st_mode & S_IFMT) != S_IFREG {
            throw ProgressError.notRegularFile(path: url.path, type: LessonParser.fileTypeName(existing.st_mode & S_IFMT))
        }
        do {
            let data = try Self.encoder.encode(state)
            let directory = url.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let temp = directory.appendingPathComponent(".progress.json.tmp-\(getpid())")
            guard FileManager.default.createFile(atPath: temp.path, contents: nil) else {
                throw ProgressError.unwritable(path: temp.path, reason: "cannot create a file there")
            }
            do {
                let handle = try FileHandle(forWritingTo: temp)
                defer { try? handle.close() }
                try handle.write(contentsOf: data)
                try handle.synchronize()
            } catch {
                unlink(temp.path)  // a full disk leaves no 0-byte temp file behind
                throw ProgressError.unwritable(path: url.path, reason: "the disk may be full")
            }
            if rename(temp.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temp)
                throw ProgressError.unwritable(path: url.path, reason: reason)
            }
        } catch let error as ProgressError {
            throw error
        } catch {
            throw ProgressError.unwritable(path: url.path, reason: "the directory is not writable")
        }
    }

    /// Forget progress: remove the state file, and its lock file, if they are regular
    /// files (what the tool wrote). Anything else at that path (a directory holding
    /// someone's files, a device) is left alone and reported. Returns the path removed,
    /// or nil if there was none.
    public func reset() throws(ProgressError) -> String? {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return nil }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ProgressError.notRegularFile(path: url.path, type: LessonParser.fileTypeName(info.st_mode & S_IFMT))
        }
        guard unlink(url.path) == 0 else {
            throw ProgressError.unwritable(path: url.path, reason: String(cString: strerror(errno)))
        }
        var lockInfo = stat()
        if lstat(lockURL.path, &lockInfo) == 0, (lockInfo.st_mode & S_IFMT) == S_IFREG { unlink(lockURL.path) }
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
    /// Something other than a regular file sits where the state file goes; never touched.
    case notRegularFile(path: String, type: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read the progress file \(path): \(reason)\nhint: run `backprop reset` to start again, or fix the file's permissions"
        case .unwritable(let path, let reason):
            "cannot write the progress file \(path): \(reason)\nhint: check that the directory is writable, or set XDG_STATE_HOME to a writable directory"
        case .notRegularFile(let path, let type):
            "the progress file \(path) is \(type), not a regular file; backprop leaves it alone\nhint: move it away by hand (mv \(path) \(path).old), or set XDG_STATE_HOME to another directory"
        }
    }
}
