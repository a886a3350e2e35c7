// Reading and writing IDX files on disk, gzip-compressed or raw.
import CZlib
import Foundation

extension IDX {
    /// The bytes of a file, decompressed if it is gzip (detected by its magic bytes 1f 8b,
    /// not by its name). Bounded before the bulk of the work: a directory, FIFO or device is
    /// refused before reading; a raw file's IDX header is checked against the file's size
    /// before the file is read whole; a gzip file's IDX header is inflated first and the
    /// rest may not inflate to more than it declares (plus a little slack, so trailing
    /// bytes are still reported as such), so a small bomb cannot expand to a gigabyte.
    ///
    /// - Throws: `DatasetError.unreadableFile`, `GzipError`, `IDXError`.
    public static func readDecompressedBytes(path: String) throws -> [UInt8] {
        let file = try RegularFile(path: path)
        defer { file.close() }
        let prefix = try file.bytes(at: 0, count: min(file.size, headerProbeBytes))
        if Gzip.isCompressed(prefix) {
            let compressed = try file.bytes(at: 0, count: file.size)
            guard let header = Gzip.decompressedPrefix(compressed, count: headerProbeBytes) else {
                return try Gzip.decompress(compressed, path: path)   // reports truncation / corruption
            }
            // Not IDX inside (a plain gzip file): inflate under the general cap; decode reports it.
            guard let declared = try? declaredFileBytes(header: header, path: path) else {
                return try Gzip.decompress(compressed, path: path)
            }
            guard declared <= compressed.count * Gzip.maximumExpansion + headerProbeBytes else {
                throw GzipError.truncated(path: path)   // cannot hold that many bytes: cut short
            }
            return try Gzip.decompress(compressed, path: path, maximumOutputBytes: declared + trailingSlackBytes)
        }
        // Raw: the header's declared size must match the file before it is read whole.
        let declared: Int
        do {
            declared = try declaredFileBytes(header: prefix, path: path)
        } catch {
            // Not IDX: small files are returned whole (callers may want the bytes); a huge
            // one is refused from its header alone.
            if file.size > maximumPayloadBytes + headerProbeBytes { throw error }
            return try file.bytes(at: 0, count: file.size)
        }
        if declared != file.size {
            let headerBytes = 4 + 4 * Int(prefix[3])
            let expected = declared - headerBytes, actual = file.size - headerBytes
            throw actual < expected ? IDXError.truncatedPayload(path: path, expectedBytes: expected, actualBytes: actual)
                                    : IDXError.trailingBytes(path: path, expectedBytes: expected, actualBytes: actual)
        }
        return try file.bytes(at: 0, count: file.size)
    }

    /// Longest IDX header: 4 magic bytes and 4 per dimension.
    static let headerProbeBytes = 4 + 4 * maximumRank
    /// Inflated bytes allowed past the declared size (so trailing bytes stay a precise error).
    static let trailingSlackBytes = 1 << 16

    /// Total file size (header + payload) the IDX header at the start of `header` declares.
    /// - Throws: the header's `IDXError` (wrong magic, rank, type, absurd size).
    static func declaredFileBytes(header: [UInt8], path: String) throws -> Int {
        do {
            _ = try decode(header, path: path)
            return header.count
        } catch IDXError.truncatedPayload(_, let expected, let actual) {
            return header.count - actual + expected
        } catch IDXError.trailingBytes(_, let expected, let actual) {
            return header.count - actual + expected
        }
    }

    /// Reads and decodes an IDX file, raw or gzip-compressed.
    ///
    /// - Throws: `DatasetError.unreadableFile`, `GzipError`, `IDXError`.
    public static func read(path: String) throws -> IDXArray {
        try decode(readDecompressedBytes(path: path), path: path)
    }

    /// Writes an IDX file, gzip-compressed if `compressed` (used to make test fixtures).
    public static func write(_ array: IDXArray, to path: String, compressed: Bool = false) throws {
        let encoded = encode(array)
        let bytes = compressed ? try Gzip.compress(encoded) : encoded
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}

/// An open regular file: a directory, FIFO or device is refused (opened without blocking,
/// checked with `fstat`) with a plain reason, never Foundation's error text.
struct RegularFile {
    let path: String
    let descriptor: Int32
    let size: Int

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw DatasetError.unreadableFile(path: path, reason: errno == ENOENT ? "it does not exist" : String(cString: strerror(errno)))
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(descriptor)
            throw DatasetError.unreadableFile(path: path, reason: reason)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            Glibc.close(descriptor)
            let kind = (info.st_mode & S_IFMT) == S_IFDIR ? "it is a directory" : "it is not a regular file (a FIFO, socket or device)"
            throw DatasetError.unreadableFile(path: path, reason: kind)
        }
        size = Int(info.st_size)
    }

    /// `count` bytes from `offset` (fewer only if the file shrank meanwhile).
    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = result.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if got < 0 {
                if errno == EINTR { continue }
                throw DatasetError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
            }
            if got == 0 { break }
            done += got
        }
        result.removeLast(count - done)
        return result
    }

    func close() { Glibc.close(descriptor) }
}

/// A whole regular file's bytes, or `DatasetError.unreadableFile` with a plain reason.
func readFileBytes(path: String) throws -> [UInt8] {
    let file = try RegularFile(path: path)
    defer { file.close() }
    return try file.bytes(at: 0, count: file.size)
}
