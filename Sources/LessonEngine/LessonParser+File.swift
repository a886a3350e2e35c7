import Foundation

extension LessonParser {
    /// Largest lesson (or `include=`d source) file read: 4 MiB, hundreds of times a real
    /// lesson. A larger file, a directory or a device is refused before it is read whole.
    public static let maximumFileBytes = 4 << 20

    /// The UTF-8 text of the file at `url`, reporting problems against `display` (the path
    /// shown to the learner). Checks the size with `stat` first and never reads more than
    /// `maximumFileBytes + 1` bytes, so a huge file, a directory or `/dev/zero` fails fast.
    public static func readText(at url: URL, display: String) throws(LessonError) -> String {
        func failure(_ found: String, hint: String) -> LessonError {
            LessonError(.unreadableFile, at: SourceLocation(file: display, line: 1),
                        expected: "a readable UTF-8 text file of at most \(maximumFileBytes / (1 << 20)) MiB",
                        found: found, hint: hint)
        }
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw failure("a file that cannot be read (\(String(cString: strerror(errno))))",
                          hint: "check that the file exists and that you may read it")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw failure("a directory", hint: "lesson files are NN-slug.md files; rename or remove this directory")
        }
        if (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) > maximumFileBytes {
            throw failure("a file of \(info.st_size) bytes", hint: "split the lesson into smaller lessons, or check that this is the right file")
        }
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw failure("a file that cannot be opened", hint: "check the file's permissions")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumFileBytes + 1) ?? Data()
        } catch {
            throw failure("a read error (\(error.localizedDescription))", hint: "check the file and the disk")
        }
        guard data.count <= maximumFileBytes else {
            throw failure("more than \(maximumFileBytes) bytes", hint: "split the lesson into smaller lessons, or check that this is the right file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw failure("bytes that are not valid UTF-8", hint: "save the file as UTF-8 text")
        }
        return text
    }
}
