// Where a weights file may be written: checked before training starts (so a bad --save is
// reported before an epoch is spent) and again just before the atomic rename (so a device
// node or directory at the path is never replaced by a regular file).
import Foundation

extension SafetensorsFile {
    /// Throws unless `url` can take an atomic write: its directory exists and is a
    /// directory, and whatever is already at `url` (after symlinks) is a regular file.
    /// Reasons are plain words ("is a directory", "not a regular file"), never Foundation's.
    public static func checkWritableTarget(_ url: URL) throws(WeightsError) {
        let directory = url.deletingLastPathComponent().path
        var info = stat()
        guard stat(directory, &info) == 0 else {
            throw .unwritable(file: url.path, reason: "the directory \(directory) does not exist")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .unwritable(file: url.path, reason: "\(directory) is not a directory")
        }
        guard stat(url.path, &info) == 0 else { return }  // nothing there yet
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw .unwritable(file: url.path, reason: "it is a directory; give a file name inside it, e.g. \(url.appendingPathComponent("model.safetensors").path)")
        case S_IFCHR, S_IFBLK: throw .unwritable(file: url.path, reason: "it is a device, not a regular file; backprop will not replace it")
        default: throw .unwritable(file: url.path, reason: "it is not a regular file (a FIFO or socket); backprop will not replace it")
        }
    }

    /// Removes `.NAME.tmp-PID-…` files beside `url` whose writer process is gone (killed
    /// mid-write). A live writer's temp file is left alone.
    static func removeStaleTemporaryFiles(for url: URL) {
        let directory = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent).tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            let pidText = name.dropFirst(prefix.count).prefix { $0.isNumber }
            guard let pid = pid_t(pidText), pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            let path = directory.appendingPathComponent(name).path
            var info = stat()
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG { unlink(path) }
        }
    }
}
