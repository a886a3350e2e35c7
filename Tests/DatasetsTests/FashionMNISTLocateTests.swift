import Foundation
import Testing
@testable import Datasets

@Suite("Fashion-MNIST locating")
struct FashionMNISTLocateTests {
    @Test("search order: $FASHION_MNIST_DIR, ./data/fashion-mnist, cache ($XDG_CACHE_HOME), system")
    func searchOrder() {
        let options = FashionMNIST.LoadOptions(
            environment: ["FASHION_MNIST_DIR": "/env/dir", "XDG_CACHE_HOME": "/xdg", "HOME": "/home/u"],
            currentDirectory: "/work/here", systemDirectories: ["/usr/share/datasets/fashion-mnist"])
        #expect(FashionMNIST.searchLocations(options: options).map(\.directory) == [
            "/env/dir", "/work/here/data/fashion-mnist", "/xdg/backprop/fashion-mnist", "/usr/share/datasets/fashion-mnist",
        ])
        let homeOnly = FashionMNIST.LoadOptions(environment: ["HOME": "/home/u"], currentDirectory: "/w", systemDirectories: [])
        #expect(FashionMNIST.searchLocations(options: homeOnly).map(\.directory) == [
            "/w/data/fashion-mnist", "/home/u/.cache/backprop/fashion-mnist",
        ])
    }

    @Test("--data DIR is the only place searched, relative to the working directory")
    func explicitDirectory() {
        var options = FashionMNIST.LoadOptions(environment: ["FASHION_MNIST_DIR": "/env"], currentDirectory: "/w")
        options.dataDirectory = "mine"
        #expect(FashionMNIST.searchLocations(options: options) == [
            FashionMNIST.SearchLocation(directory: "/w/mine", origin: "--data", isExplicit: true),
        ])
    }

    @Test("finds the data in ./data/fashion-mnist before the cache")
    func firstMatchWins() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        let local = root + "/data/fashion-mnist", cache = root + "/home/.cache/backprop/fashion-mnist"
        for directory in [local, cache] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try TinyFixture.write(.test, into: directory, compressed: true)
        }
        #expect(try FashionMNIST.locate(.test, options: isolatedOptions(root: root)) == local)
        try FileManager.default.removeItem(atPath: local)
        #expect(try FashionMNIST.locate(.test, options: isolatedOptions(root: root)) == cache)
        let set = try FashionMNIST.load(.test, options: isolatedOptions(root: root, checksums: .custom(TinyFixture.checksums(for: .test))))
        #expect(set.labels == TinyFixture.labels)
    }

    @Test("empty --data directory is DatasetError.emptyDirectory")
    func emptyDirectory() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        var options = isolatedOptions(root: root)
        options.dataDirectory = root
        #expect(throws: DatasetError.emptyDirectory(path: root, origin: "--data")) { try FashionMNIST.locate(.train, options: options) }
    }

    @Test("unreadable (missing) $FASHION_MNIST_DIR is DatasetError.unreadableDirectory")
    func unreadableDirectory() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        var options = isolatedOptions(root: root)
        options.environment["FASHION_MNIST_DIR"] = root + "/nope"
        let error = try #require(throws: DatasetError.self) { try FashionMNIST.locate(.train, options: options) }
        #expect(error == .unreadableDirectory(path: root + "/nope", origin: "$FASHION_MNIST_DIR", reason: "it does not exist"))
        #expect(error.description.contains("dataset-fashion-mnist") && error.description.contains("--data"))
    }

    @Test("a directory with only some files names the missing ones")
    func missingFiles() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        try TinyFixture.write(.test, into: root, compressed: false)
        try FileManager.default.removeItem(atPath: root + "/t10k-labels-idx1-ubyte")
        var options = isolatedOptions(root: root)
        options.dataDirectory = root
        #expect(throws: DatasetError.missingFiles(directory: root, missing: ["t10k-labels-idx1-ubyte"])) {
            try FashionMNIST.locate(.test, options: options)
        }
    }

    @Test("nothing found and downloads off: names every place searched and both remedies")
    func notFound() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        let error = try #require(throws: DatasetError.self) { try FashionMNIST.locate(.train, options: isolatedOptions(root: root)) }
        #expect(error.description.contains(root + "/data/fashion-mnist"))
        #expect(error.description.contains("dataset-fashion-mnist") && error.description.contains("--data DIR"))
    }
}
