// Atomic writes: a finished write replaces the target whole; a failed one leaves the old file
// byte-for-byte as it was and no temporary files behind.

import Foundation
import Linalg
@testable import NeuralNet
import Testing

private struct SimulatedCrash: Error {}

private func directoryListing(_ url: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
}

@Suite("Safetensors atomic write")
struct SafetensorsAtomicWriteTests {
    @Test("a successful write replaces the old file and leaves no temporary files")
    func replacesCleanly() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        try Data("old contents".utf8).write(to: url)

        let file = SafetensorsFile(matrices: ["w": Matrix<Float>(rows: 2, columns: 2, elements: [1, 2, 3, 4])])
        try file.write(to: url)
        #expect(try directoryListing(directory) == ["model.safetensors"])
        #expect(try SafetensorsFile.read(from: url) == file)
        try file.write(to: url)   // overwriting an existing safetensors file works too
        #expect(try directoryListing(directory) == ["model.safetensors"])
    }

    @Test("a failure just before the rename keeps the old file intact and removes the temporary")
    func failureKeepsOldFile() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        let original = SafetensorsFile(matrices: ["w": Matrix<Double>(row: [1, 2, 3])], metadata: ["epoch": "1"])
        try original.write(to: url)
        let originalBytes = try Data(contentsOf: url)

        let replacement = try SafetensorsFile(matrices: ["w": Matrix<Double>(row: [9, 9, 9])]).encoded()
        var sawTemporary = false
        do {
            try SafetensorsFile.writeAtomically(replacement, to: url) {
                // The complete temporary exists beside the target at this point.
                let names = try directoryListing(directory)
                sawTemporary = names.count == 2 && names.contains { $0.hasPrefix(".model.safetensors.tmp-") }
                throw SimulatedCrash()
            }
            Issue.record("the simulated failure was swallowed")
        } catch let error as WeightsError {
            guard case .unwritable(let file, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(file == url.path)
        }
        #expect(sawTemporary)
        #expect(try Data(contentsOf: url) == originalBytes)
        #expect(try directoryListing(directory) == ["model.safetensors"])
    }

    @Test("a target that cannot be replaced (a directory) fails cleanly, leaving no temporary")
    func renameFailure() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("model.safetensors")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: target.appendingPathComponent("inside.txt"))

        #expect(throws: WeightsError.self) {
            try SafetensorsFile(matrices: ["w": Matrix<Float>(row: [1])]).write(to: target)
        }
        #expect(try directoryListing(directory) == ["model.safetensors"])
        #expect(try directoryListing(target) == ["inside.txt"])
    }

    @Test("a missing directory gives an unwritable error naming the file")
    func missingDirectory() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("no/such/dir/model.safetensors")
        do {
            try SafetensorsFile().write(to: target)
            Issue.record("wrote into a missing directory")
        } catch let error as WeightsError {
            guard case .unwritable(let file, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(file == target.path)
            #expect(error.description.contains("hint:"))
        }
    }

    @Test("an encoding error (reserved name) leaves the existing file untouched")
    func encodingErrorKeepsFile() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        try Data("previous".utf8).write(to: url)
        let bad = SafetensorsFile(tensors: ["__metadata__": SafetensorsFile.Tensor(Matrix<Float>(row: [1]))])
        #expect(throws: WeightsError.reservedTensorName(file: url.path, name: "__metadata__")) { try bad.write(to: url) }
        #expect(try Data(contentsOf: url) == Data("previous".utf8))
        #expect(try directoryListing(directory) == ["model.safetensors"])
    }
}
