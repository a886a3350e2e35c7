// Dataset files as untrusted input (issue 15): sizes are checked before the bulk of the
// work, and special files are refused before they are opened for reading.
import Foundation
import Testing
@testable import Datasets

@Suite struct AdversarialDatasetTests {
    /// An IDX header for `count` images of 28×28 bytes.
    func header(count: UInt32) -> [UInt8] {
        [0, 0, 8, 3] + [count, 28, 28].flatMap { value in (0..<4).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) } }
    }

    @Test("a sparse 2 GiB raw IDX file is refused from its header and size, without reading it")
    func sparseRawFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let path = directory + "/images-idx3-ubyte"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(header(count: 3))))
        #expect(truncate(path, 2 << 30) == 0)
        // Reading 2 GiB would take seconds and 2 GiB of memory; the header check needs 20 bytes.
        #expect(throws: IDXError.trailingBytes(path: path, expectedBytes: 3 * 784, actualBytes: (2 << 30) - 16)) { try IDX.read(path: path) }
    }

    @Test("a small gzip bomb stops at the size its IDX header declares")
    func gzipBomb() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let path = directory + "/images-idx3-ubyte.gz"
        // Header declares 3 images (2,352 bytes); the stream carries 64 MiB of zeros after it.
        let bomb = try Gzip.compress(header(count: 3) + [UInt8](repeating: 0, count: 64 << 20))
        #expect(bomb.count < 1 << 20)
        try Data(bomb).write(to: URL(fileURLWithPath: path))
        do {
            _ = try IDX.read(path: path)
            Issue.record("the bomb was inflated")
        } catch let error as GzipError {
            guard case .outputTooLarge(_, let limit) = error else { Issue.record("expected outputTooLarge, got \(error)"); return }
            #expect(limit == 16 + 3 * 784 + IDX.trailingSlackBytes)
        }
    }

    @Test("a directory or FIFO is refused before opening for reading, in plain words")
    func specialFiles() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let fifo = directory + "/fifo-idx3-ubyte"
        #expect(mkfifo(fifo, 0o600) == 0)
        for (path, reason) in [(directory, "it is a directory"), (fifo, "it is not a regular file (a FIFO, socket or device)")] {
            #expect(throws: DatasetError.unreadableFile(path: path, reason: reason)) { try IDX.read(path: path) }
        }
    }
}
