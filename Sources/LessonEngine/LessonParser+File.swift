import Foundation

extension LessonParser {
    /// Largest lesson (or `include=`d source) file read: 4 MiB, hundreds of times a real
    /// lesson. A larger file, a directory or a device is refused before it is read whole.
    public static let maximumFileBytes = 4 << 20

    /// Largest lesson file: 256 KiB, thirty times the longest lesson (8.5 KB). Rendering is
    /// linear but costs about 2 µs a character, so this bound keeps `show` of the largest
    /// accepted lesson well under a second; a 4 MB lesson is refused by it, not rendered.
    public static let maximumLessonBytes = 256 << 10

    /// The UTF-8 text of the regular file at `url`, reporting problems against `display`
    /// (the path shown to the learner). Opens without blocking (a FIFO cannot hang us),
    /// checks with `fstat` on the open descriptor that it is a regular file of at most
    /// `maximumFileBytes`, then reads at most `maximumFileBytes + 1` bytes.
    public static func readText(at url: URL, display: String, limit: Int = maximumFileBytes) throws(LessonError) -> String {
        let maximumFileBytes = limit
        let display = LessonText.sanitized(display)
        func failure(_ found: String, hint: String, kind: LessonError.Kind = .unreadableFile) -> LessonError {
            LessonError(kind, at: SourceLocation(file: display, line: 1),
                        expected: "a readable UTF-8 text file of at most \(maximumFileBytes >= 1 << 20 ? "\(maximumFileBytes >> 20) MiB" : "\(maximumFileBytes >> 10) KiB")",
                        found: found, hint: hint)
        }
        let descriptor = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "no such file" : "a file that cannot be opened (\(String(cString: strerror(errno))))"
            throw failure(reason, hint: "check that the file exists and that you may read it")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw failure("a file that cannot be read (\(String(cString: strerror(errno))))", hint: "check the file and the disk")
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            throw failure("\(fileTypeName(type)), not a regular file",
                          hint: "lessons and included sources must be plain files; remove or replace this one", kind: .notRegularFile)
        }
        if Int(info.st_size) > maximumFileBytes {
            throw failure("a file of \(info.st_size) bytes", hint: "split the lesson into smaller lessons, or check that this is the right file")
        }
        var data = Data(count: maximumFileBytes + 1)
        var total = 0
        let readError: Int32? = data.withUnsafeMutableBytes { buffer -> Int32? in
            while total < buffer.count {
                let count = read(descriptor, buffer.baseAddress! + total, buffer.count - total)
                if count == 0 { return nil }
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                total += count
            }
            return nil
        }
        if let readError {
            throw failure("a read error (\(String(cString: strerror(readError))))", hint: "check the file and the disk")
        }
        guard total <= maximumFileBytes else {
            throw failure("more than \(maximumFileBytes) bytes", hint: "split the lesson into smaller lessons, or check that this is the right file")
        }
        data.count = total
        guard let text = String(data: data, encoding: .utf8) else {
            throw failure("bytes that are not valid UTF-8", hint: "save the file as UTF-8 text")
        }
        return text
    }

    /// "a directory", "a FIFO", … for a `stat` file type.
    static func fileTypeName(_ type: mode_t) -> String {
        switch type {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "a special file"
        }
    }

    /// The canonical path of `url` (symlinks, `.` and `..` resolved), or nil if it does not exist.
    static func canonicalPath(_ url: URL) -> String? {
        guard let resolved = realpath(url.path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether canonical `path` lies strictly inside canonical directory `directory`.
    static func isInside(_ path: String, directory: String) -> Bool {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(prefix) && path.count > prefix.count
    }

    /// `relative` under `root`, after symlinks, if it stays inside `within` (the canonical
    /// course directory, or its `lessons/`); nil if it escapes or does not exist.
    /// `missing` is true when the file does not exist at all.
    static func confined(_ relative: String, root: URL, within: String) -> (url: URL?, missing: Bool) {
        guard !relative.hasPrefix("/") else { return (nil, false) }
        let candidate = root.appendingPathComponent(relative)
        guard let real = canonicalPath(candidate) else {
            var info = stat()
            return (nil, lstat(candidate.path, &info) != 0)
        }
        return isInside(real, directory: within) ? (URL(fileURLWithPath: real), false) : (nil, false)
    }
}
