import Foundation
import Synchronization
import Testing
@testable import Datasets

@Suite("Fashion-MNIST downloading (local HTTP server)", .serialized)
struct FashionMNISTDownloadTests {
    /// Sets up: `served/` with the split's fixture files as .gz, an empty `root` to run in.
    static func prepare(_ split: FashionMNIST.Split) throws -> (root: String, served: String) {
        let root = try makeTemporaryDirectory()
        let served = root + "/served"
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        try TinyFixture.write(split, into: served, compressed: true)
        return (root, served)
    }

    static func downloadOptions(root: String, baseURL: String, checksums: FashionMNIST.ChecksumPolicy) -> FashionMNIST.LoadOptions {
        var options = isolatedOptions(root: root, checksums: checksums)
        options.allowDownload = true
        options.baseURL = baseURL
        options.downloadTimeoutSeconds = 10
        return options
    }

    static func cacheListing(root: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: root + "/home/.cache/backprop/fashion-mnist"))?.sorted() ?? []
    }

    @Test("downloads into the cache, reports progress, verifies, then loads",
          .enabled(if: pythonAvailable, "needs python3 for the local HTTP server"))
    func downloadsAndLoads() throws {
        let (root, served) = try Self.prepare(.test)
        defer { removeDirectory(root) }
        let server = try LocalHTTPServer(serving: served)
        defer { server.stop() }
        let reports = Mutex<[(String, Int, Int?)]>([])
        var options = Self.downloadOptions(root: root, baseURL: server.baseURL, checksums: .custom(TinyFixture.checksums(for: .test)))
        options.progress = { file, done, total in reports.withLock { $0.append((file, done, total)) } }

        let set = try FashionMNIST.load(.test, options: options)
        #expect(set.labels == TinyFixture.labels && set.pixels == TinyFixture.pixels)
        #expect(Self.cacheListing(root: root) == ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"])
        let servedSize = try FileManager.default.attributesOfItem(atPath: served + "/t10k-images-idx3-ubyte.gz")[.size] as? Int
        let imageReports = reports.withLock { $0.filter { $0.0 == "t10k-images-idx3-ubyte" } }
        #expect(imageReports.last?.1 == servedSize)
        #expect(imageReports.last?.2 == servedSize)
    }

    @Test("a corrupted download is rejected and leaves nothing in the cache",
          .enabled(if: pythonAvailable, "needs python3 for the local HTTP server"))
    func corruptDownload() throws {
        let (root, served) = try Self.prepare(.test)
        defer { removeDirectory(root) }
        // Flip one payload byte inside the served images, then recompress: valid gzip, wrong content.
        var bytes = IDX.encode(TinyFixture.images)
        bytes[500] ^= 0x01
        try Data(Gzip.compress(bytes)).write(to: URL(fileURLWithPath: served + "/t10k-images-idx3-ubyte.gz"))
        let server = try LocalHTTPServer(serving: served)
        defer { server.stop() }
        let options = Self.downloadOptions(root: root, baseURL: server.baseURL, checksums: .custom(TinyFixture.checksums(for: .test)))

        let error = try #require(throws: DatasetError.self) { try FashionMNIST.load(.test, options: options) }
        guard case let .corruptDownload(url, detail) = error else { Issue.record("expected corruptDownload, got \(error)"); return }
        #expect(url == server.baseURL + "t10k-images-idx3-ubyte.gz")
        #expect(detail.contains(SHA256.hexDigest(bytes)))
        #expect(Self.cacheListing(root: root).isEmpty, "cache still holds \(Self.cacheListing(root: root))")
    }

    @Test("a truncated gzip download is rejected and deleted",
          .enabled(if: pythonAvailable, "needs python3 for the local HTTP server"))
    func truncatedDownload() throws {
        let (root, served) = try Self.prepare(.test)
        defer { removeDirectory(root) }
        let path = served + "/t10k-labels-idx1-ubyte.gz"
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.prefix(whole.count - 5).write(to: URL(fileURLWithPath: path))
        let server = try LocalHTTPServer(serving: served)
        defer { server.stop() }
        let options = Self.downloadOptions(root: root, baseURL: server.baseURL, checksums: .skip)
        let error = try #require(throws: DatasetError.self) { try FashionMNIST.load(.test, options: options) }
        guard case .corruptDownload = error else { Issue.record("expected corruptDownload, got \(error)"); return }
        // The images file verified and stays; the bad labels file is gone.
        #expect(Self.cacheListing(root: root) == ["t10k-images-idx3-ubyte.gz"])
    }

    @Test("HTTP 404 is downloadFailed naming the URL and both remedies",
          .enabled(if: pythonAvailable, "needs python3 for the local HTTP server"))
    func notFoundOnServer() throws {
        let (root, served) = try Self.prepare(.test)
        defer { removeDirectory(root) }
        let server = try LocalHTTPServer(serving: served)
        defer { server.stop() }
        let options = Self.downloadOptions(root: root, baseURL: server.baseURL + "missing/", checksums: .skip)
        let error = try #require(throws: DatasetError.self) { try FashionMNIST.load(.test, options: options) }
        #expect(error == .downloadFailed(url: server.baseURL + "missing/t10k-images-idx3-ubyte.gz", reason: "the server answered HTTP 404"))
        #expect(Self.cacheListing(root: root).isEmpty)
    }

    @Test("nothing listening (as with no internet): downloadFailed with both remedies")
    func connectionRefused() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        let port = try LocalHTTPServer.freePort()   // free, so nothing is listening there
        let options = Self.downloadOptions(root: root, baseURL: "http://127.0.0.1:\(port)", checksums: .canonical)
        let error = try #require(throws: DatasetError.self) { try FashionMNIST.load(.train, options: options) }
        guard case let .downloadFailed(url, _) = error else { Issue.record("expected downloadFailed, got \(error)"); return }
        #expect(url == "http://127.0.0.1:\(port)/train-images-idx3-ubyte.gz")
        #expect(error.description.contains("apt install dataset-fashion-mnist"))
        #expect(error.description.contains("--data DIR"))
        #expect(Self.cacheListing(root: root).isEmpty)
    }
}
