// Errors from gzip decompression and compression.

/// A problem decompressing (or compressing) gzip data.
public enum GzipError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data does not start with the gzip magic bytes 1f 8b.
    case notGzip(path: String)
    /// The compressed stream ends before its end marker and checksum: the file was cut short.
    case truncated(path: String)
    /// zlib rejected the data (bad header, bad deflate block, CRC mismatch, stray bytes after the end).
    case corrupt(path: String, detail: String)
    /// Decompressing would produce more than the allowed number of bytes.
    case outputTooLarge(path: String, limit: Int)
    /// zlib failed while compressing (should not happen; reported rather than crashing).
    case compressionFailed(detail: String)

    public var message: String {
        switch self {
        case .notGzip(let path):
            return "\(path): not gzip data (gzip files start with the bytes 1f 8b)"
        case .truncated(let path):
            return "\(path): the gzip data ends too early: the file is truncated"
        case let .corrupt(path, detail):
            return "\(path): corrupt gzip data: \(detail)"
        case let .outputTooLarge(path, limit):
            return "\(path): decompresses to more than \(limit) bytes, far more than any dataset file we read"
        case .compressionFailed(let detail):
            return "gzip compression failed: \(detail)"
        }
    }

    public var hint: String {
        switch self {
        case .compressionFailed:
            return "this is a bug in backprop or a broken zlib; please report it"
        default:
            return "the file was probably damaged while copying or downloading; delete it and fetch it again"
        }
    }

    public var description: String { "\(message)\nhint: \(hint)" }
}
