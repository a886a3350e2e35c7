// The corrupt-input matrix for safetensors weights files: a valid small file cut at every
// eighth of its length, a flipped byte in the header and in the data, an empty file and a
// directory. Every case gives a WeightsError naming the file, except a flipped data byte:
// safetensors has no checksum, so that corruption is undetectable by design and the file
// reads (with the changed value).
import Foundation
@testable import NeuralNet
import Testing

@Suite struct SafetensorsCorruptInputTests {
    static let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"U8","shape":[4],"data_offsets":[8,12]}}"#
    static let data: [UInt8] = [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 1, 2, 3, 4]   // a = [1.0, 2.0], b = [1, 2, 3, 4]
    static let valid = craftedFile(header, data: data)
    static var headerLength: Int { header.utf8.count }

    func withFile(_ bytes: [UInt8], _ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-corrupt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        try Data(bytes).write(to: url)
        try body(url)
    }

    /// The error reading `url` gives, checked to be a WeightsError that names the file.
    func readError(_ url: URL, sourceLocation: SourceLocation = #_sourceLocation) -> WeightsError? {
        do {
            _ = try SafetensorsFile.read(from: url)
            Issue.record("expected a WeightsError, got a file", sourceLocation: sourceLocation)
        } catch let error as WeightsError {
            #expect(error.description.contains(url.path), "does not name the file: \(error)", sourceLocation: sourceLocation)
            return error
        } catch {
            Issue.record("expected a WeightsError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    @Test func fixtureIsValid() throws {
        let file = try SafetensorsFile.parse(Self.valid)
        #expect(file.tensors["a"]?.bytes == Array(Self.data[0..<8]))
        #expect(file.tensors["b"]?.bytes == [1, 2, 3, 4])
    }

    @Test(arguments: 0..<8)
    func truncatedFileIsATypedError(eighth: Int) throws {
        let cut = Self.valid.count * eighth / 8
        try withFile(Array(Self.valid.prefix(cut))) { url in
            let error = readError(url)
            if cut < 8 {
                #expect(error == .tooShort(file: url.path, byteCount: cut))
            } else if cut < 8 + Self.headerLength {
                #expect(error == .headerLengthBeyondFile(file: url.path, headerLength: UInt64(Self.headerLength), fileSize: cut))
            } else {
                // The data section is short, so some tensor's range runs past its end.
                guard case .offsetsOutOfRange(_, _, _, let end, let dataLength)? = error else {
                    Issue.record("expected offsetsOutOfRange, got \(String(describing: error))"); return
                }
                #expect(dataLength == cut - 8 - Self.headerLength && end > dataLength)
            }
        }
    }

    @Test func flippedHeaderBytesAreDetected() throws {
        var lengthFlipped = Self.valid
        lengthFlipped[0] ^= 0x40   // header length ± 64
        try withFile(lengthFlipped) { url in _ = readError(url) }
        var braceFlipped = Self.valid
        braceFlipped[8] ^= 0x01    // '{' → 'z'
        try withFile(braceFlipped) { url in
            guard case .headerNotJSON? = readError(url) else { Issue.record("expected headerNotJSON"); return }
        }
        var notUTF8 = Self.valid
        notUTF8[10] ^= 0x80        // 'a' → 0xe1, a lead byte without its continuation
        try withFile(notUTF8) { url in #expect(readError(url) == .headerNotUTF8(file: url.path)) }
    }

    @Test func flippedDataByteIsUndetectableByDesign() throws {
        var flipped = Self.valid
        flipped[8 + Self.headerLength + 9] ^= 0xff   // b[1]: 2 → 253
        try withFile(flipped) { url in
            let file = try SafetensorsFile.read(from: url)
            #expect(file.tensors["b"]?.bytes == [1, 253, 3, 4])
            #expect(file.tensors["a"]?.bytes == Array(Self.data[0..<8]))
        }
    }

    @Test func emptyFileAndDirectoryAreTypedErrors() throws {
        try withFile([]) { url in #expect(readError(url) == .tooShort(file: url.path, byteCount: 0)) }
        try withFile([]) { url in
            let directory = url.deletingLastPathComponent()
            guard case .unreadable? = readError(directory) else { Issue.record("expected unreadable"); return }
        }
        // No-permission files are not tested: the tests may run as root, who can read anything.
    }
}
