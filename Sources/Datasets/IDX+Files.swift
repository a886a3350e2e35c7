// Reading and writing IDX files on disk, gzip-compressed or raw.
import Foundation

extension IDX {
    /// The bytes of a file, decompressed if it is gzip (detected by its magic bytes 1f 8b,
    /// not by its name).
    ///
    /// - Throws: `DatasetError.unreadableFile`, `GzipError`.
    public static func readDecompressedBytes(path: String) throws -> [UInt8] {
        let raw = try readFileBytes(path: path)
        return Gzip.isCompressed(raw) ? try Gzip.decompress(raw, path: path) : raw
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

/// A whole file's bytes, or `DatasetError.unreadableFile` with the system's reason.
func readFileBytes(path: String) throws -> [UInt8] {
    do {
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
        throw DatasetError.unreadableFile(path: path, reason: error.localizedDescription)
    }
}
