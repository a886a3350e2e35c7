// The verified-file cache: a second load of an unchanged file skips gunzip + SHA-256; a
// changed file is verified again (and a corrupted one still fails).
import Foundation
import Testing
@testable import Datasets

/// Sets the modification time of every file in `directory` an hour back (a file modified within
/// the last 2 s is never remembered: see `VerifiedFileCache.racyWindowSeconds`).
private func backdate(_ directory: String) throws {
    for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.contains("ubyte") {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)],
                                              ofItemAtPath: directory + "/" + name)
    }
}

@Suite("Verified-file cache")
struct VerifiedCacheTests {
    @Test("a verified .gz is remembered; the warm load reads the kept copy and gives the same data",
          arguments: [true, false])
    func remembersVerifiedFile(compressed: Bool) throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        try TinyFixture.write(.train, into: root, compressed: compressed)
        try backdate(root)
        let cacheDirectory = root + "/cache/verified"
        let checksums = FashionMNIST.ChecksumPolicy.custom(TinyFixture.checksums(for: .train))
        let cold = try FashionMNIST.load(.train, fromDirectory: root, checksums: checksums, verifiedCacheDirectory: cacheDirectory)

        let source = root + "/train-images-idx3-ubyte" + (compressed ? ".gz" : "")
        let digest = TinyFixture.checksums(for: .train)["train-images-idx3-ubyte"]!
        let cache = VerifiedFileCache(directory: cacheDirectory)
        #expect(cache.verifiedBytes(source: source, digest: digest) == IDX.encode(TinyFixture.images))
        #expect(cache.verifiedBytes(source: source, digest: String(repeating: "0", count: 64)) == nil,
                "a record is for the digest it matched")
        let warm = try FashionMNIST.load(.train, fromDirectory: root, checksums: checksums, verifiedCacheDirectory: cacheDirectory)
        #expect(warm.scaledPixels() == cold.scaledPixels() && warm.labelIndices == cold.labelIndices)
    }

    @Test("a file changed after verification is verified again: corrupt bytes of the same size fail")
    func changedFileIsReverified() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        try TinyFixture.write(.train, into: root, compressed: true)
        try backdate(root)
        let cacheDirectory = root + "/cache/verified"
        let digests = TinyFixture.checksums(for: .train)
        _ = try FashionMNIST.load(.train, fromDirectory: root, checksums: .custom(digests), verifiedCacheDirectory: cacheDirectory)

        // Same shape and byte count, one pixel different: the rewrite changes the file's time.
        var pixels = TinyFixture.pixels
        pixels[100] &+= 1
        let changed = IDXArray(dimensions: [TinyFixture.count, 28, 28], bytes: pixels)
        try TinyFixture.write(.train, into: root, compressed: true, images: changed)
        let source = root + "/train-images-idx3-ubyte.gz"
        #expect(VerifiedFileCache(directory: cacheDirectory).verifiedBytes(source: source, digest: digests["train-images-idx3-ubyte"]!) == nil)
        let error = try #require(throws: DatasetError.self) {
            try FashionMNIST.load(.train, fromDirectory: root, checksums: .custom(digests), verifiedCacheDirectory: cacheDirectory)
        }
        #expect(error == .checksumMismatch(path: source, expected: digests["train-images-idx3-ubyte"]!,
                                           actual: SHA256.hexDigest(IDX.encode(changed))))
    }

    @Test("a tampered kept copy is not trusted: the source is verified again")
    func tamperedCopyIsIgnored() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        try TinyFixture.write(.train, into: root, compressed: true)
        try backdate(root)
        let cacheDirectory = root + "/cache/verified"
        let digests = TinyFixture.checksums(for: .train)
        _ = try FashionMNIST.load(.train, fromDirectory: root, checksums: .custom(digests), verifiedCacheDirectory: cacheDirectory)
        let copies = try FileManager.default.contentsOfDirectory(atPath: cacheDirectory).filter { $0.hasSuffix(".idx") }
        #expect(copies.count == 2)
        for copy in copies {
            let path = cacheDirectory + "/" + copy
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            bytes[bytes.count - 1] &+= 1
            try Data(bytes).write(to: URL(fileURLWithPath: path))   // rewritten: new inode/mtime
        }
        let source = root + "/train-images-idx3-ubyte.gz"
        #expect(VerifiedFileCache(directory: cacheDirectory).verifiedBytes(source: source, digest: digests["train-images-idx3-ubyte"]!) == nil)
        let loaded = try FashionMNIST.load(.train, fromDirectory: root, checksums: .custom(digests), verifiedCacheDirectory: cacheDirectory)
        #expect(loaded.labelIndices == TinyFixture.labels.map(Int.init))
    }

    @Test("a file modified within the last 2 s is not remembered (its time could hide a second write)")
    func freshFileIsNotRemembered() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        try TinyFixture.write(.train, into: root, compressed: true)
        let cacheDirectory = root + "/cache/verified"
        let digests = TinyFixture.checksums(for: .train)
        _ = try FashionMNIST.load(.train, fromDirectory: root, checksums: .custom(digests), verifiedCacheDirectory: cacheDirectory)
        let source = root + "/train-images-idx3-ubyte.gz"
        #expect(VerifiedFileCache(directory: cacheDirectory).verifiedBytes(source: source, digest: digests["train-images-idx3-ubyte"]!) == nil)
    }
}
