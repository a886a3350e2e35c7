// One test per way a safetensors file can be malformed. Each file is crafted byte by byte
// here, and each expectation names the exact error the reader must give.

import Foundation
@testable import NeuralNet
import Testing

/// Bytes of a safetensors file: `headerLength` (default: the header's UTF-8 length) as 8
/// little-endian bytes, the header, then `data`.
func craftedFile(_ header: String, data: [UInt8] = [], headerLength: UInt64? = nil) -> [UInt8] {
    let headerBytes = Array(header.utf8)
    let length = headerLength ?? UInt64(headerBytes.count)
    return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) } + headerBytes + data
}

/// A one-tensor header: {"t":{"dtype":…,"shape":…,"data_offsets":…}}, fields given as raw JSON.
func oneTensorHeader(dtype: String = #""F32""#, shape: String = "[2]", offsets: String = "[0,8]") -> String {
    #"{"t":{"dtype":\#(dtype),"shape":\#(shape),"data_offsets":\#(offsets)}}"#
}

private let file = "bad.safetensors"
private let eightBytes: [UInt8] = [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]

private func expectError(_ expected: WeightsError, _ bytes: [UInt8],
                         sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(throws: expected, sourceLocation: sourceLocation) { try SafetensorsFile.parse(bytes, file: file) }
}

private func expectEntryProblem(_ header: String, data: [UInt8] = eightBytes, containing fragment: String,
                                sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try SafetensorsFile.parse(craftedFile(header, data: data), file: file)
        Issue.record("accepted a malformed entry: \(header)", sourceLocation: sourceLocation)
    } catch let WeightsError.invalidTensorEntry(errorFile, tensor, problem) {
        #expect(errorFile == file && tensor == "t", sourceLocation: sourceLocation)
        #expect(problem.contains(fragment), "problem was: \(problem)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("wrong error \(error) for \(header)", sourceLocation: sourceLocation)
    }
}

@Suite("Safetensors rejects malformed files")
struct SafetensorsMalformedTests {
    @Test("the well-formed baseline used below is accepted")
    func baselineIsValid() throws {
        let parsed = try SafetensorsFile.parse(craftedFile(oneTensorHeader(), data: eightBytes), file: file)
        #expect(parsed.tensors["t"] == SafetensorsFile.Tensor(dtype: .float32, shape: [2], bytes: eightBytes))
        #expect(try SafetensorsFile.parse(craftedFile("{}")) == SafetensorsFile())
    }

    @Test("a file shorter than 8 bytes", arguments: [0, 1, 7])
    func tooShort(count: Int) {
        expectError(.tooShort(file: file, byteCount: count), Array(repeating: 0, count: count))
    }

    @Test("a header length beyond the end of the file")
    func headerBeyondFile() {
        expectError(.headerLengthBeyondFile(file: file, headerLength: 100, fileSize: 10),
                    craftedFile("{}", headerLength: 100))
    }

    @Test("absurd header lengths are rejected without allocating",
          arguments: [UInt64(1) << 63, UInt64.max, UInt64(1) << 40])
    func absurdHeaderLength(length: UInt64) {
        expectError(.headerTooLarge(file: file, headerLength: length), craftedFile("{}", headerLength: length))
    }

    @Test("a header that is not valid UTF-8")
    func notUTF8() {
        let bytes: [UInt8] = [4, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0xC3, 0x28, 0x7D]  // C3 28: broken 2-byte sequence
        expectError(.headerNotUTF8(file: file), bytes)
    }

    @Test("a header that is not JSON", arguments: [#"{"t": "#, "not json", ""])
    func notJSON(header: String) {
        do {
            _ = try SafetensorsFile.parse(craftedFile(header), file: file)
            Issue.record("accepted \(header)")
        } catch let WeightsError.headerNotJSON(errorFile, _) {
            #expect(errorFile == file)
        } catch {
            Issue.record("wrong error \(error)")
        }
    }

    @Test("a header that is JSON but not an object", arguments: ["[1, 2]", "42", #""text""#, "null"])
    func notObject(header: String) {
        expectError(.headerNotObject(file: file), craftedFile(header))
    }

    @Test("missing fields")
    func missingFields() {
        expectEntryProblem(#"{"t":{"shape":[2],"data_offsets":[0,8]}}"#, containing: "\"dtype\" is missing")
        expectEntryProblem(#"{"t":{"dtype":"F32","data_offsets":[0,8]}}"#, containing: "\"shape\" is missing")
        expectEntryProblem(#"{"t":{"dtype":"F32","shape":[2]}}"#, containing: "\"data_offsets\" is missing")
    }

    @Test("ill-typed fields")
    func illTypedFields() {
        expectEntryProblem(#"{"t":[1,2]}"#, containing: "not a JSON object")
        expectEntryProblem(oneTensorHeader(dtype: "32"), containing: "\"dtype\" is not a string")
        expectEntryProblem(oneTensorHeader(shape: #""2""#), containing: "\"shape\" is not an array")
        expectEntryProblem(oneTensorHeader(offsets: "[0]"), containing: "array of two integers")
        expectEntryProblem(oneTensorHeader(offsets: "[0,8,16]"), containing: "array of two integers")
        expectEntryProblem(oneTensorHeader(offsets: #"[0,"8"]"#), containing: "not both integers")
        expectEntryProblem(oneTensorHeader(offsets: "[0,8.0]"), containing: "not both integers")
        expectEntryProblem(oneTensorHeader(offsets: "[-8,0]"), containing: "negative")
    }

    @Test("an unknown dtype", arguments: ["F31", "f32", "float32", ""])
    func unknownDType(name: String) {
        expectError(.unknownDType(file: file, tensor: "t", dtype: name),
                    craftedFile(oneTensorHeader(dtype: "\"\(name)\""), data: eightBytes))
    }

    @Test("a negative shape entry")
    func negativeShape() {
        expectEntryProblem(oneTensorHeader(shape: "[-1,-2]"), containing: "negative")
    }

    @Test("non-integer shape entries", arguments: ["[2.5]", "[2.0]", "[true]", "[false, 2]", #"["2"]"#, "[null]",
                                                   "[1e300]", "[18446744073709551616]", "[[2]]"])
    func nonIntegerShape(shape: String) {
        expectEntryProblem(oneTensorHeader(shape: shape), containing: "is not an integer")
    }

    @Test("offsets beyond the data section, or reversed")
    func offsetsOutOfRange() {
        expectError(.offsetsOutOfRange(file: file, tensor: "t", begin: 0, end: 16, dataLength: 8),
                    craftedFile(oneTensorHeader(offsets: "[0,16]"), data: eightBytes))
        expectError(.offsetsOutOfRange(file: file, tensor: "t", begin: 8, end: 0, dataLength: 8),
                    craftedFile(oneTensorHeader(offsets: "[8,0]"), data: eightBytes))
        expectError(.offsetsOutOfRange(file: file, tensor: "t", begin: 0, end: Int.max, dataLength: 8),
                    craftedFile(oneTensorHeader(offsets: "[0,\(Int.max)]"), data: eightBytes))
    }

    @Test("overlapping tensors")
    func overlapping() {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        expectError(.overlappingTensors(file: file, first: "a", second: "b"),
                    craftedFile(header, data: Array(repeating: 0, count: 12)))
        let same = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        expectError(.overlappingTensors(file: file, first: "a", second: "b"), craftedFile(same, data: eightBytes))
    }

    @Test("gaps: between tensors, before the first, and trailing bytes")
    func gaps() {
        let between = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        expectError(.gapInData(file: file, afterTensor: "a", gapStart: 4, gapEnd: 8),
                    craftedFile(between, data: Array(repeating: 0, count: 12)))
        expectError(.gapInData(file: file, afterTensor: nil, gapStart: 0, gapEnd: 4),
                    craftedFile(oneTensorHeader(shape: "[1]", offsets: "[4,8]"), data: eightBytes))
        expectError(.gapInData(file: file, afterTensor: "t", gapStart: 4, gapEnd: 8),
                    craftedFile(oneTensorHeader(shape: "[1]", offsets: "[0,4]"), data: eightBytes))
        expectError(.gapInData(file: file, afterTensor: nil, gapStart: 0, gapEnd: 3),
                    craftedFile("{}", data: [1, 2, 3]))
    }

    @Test("shape × dtype size that does not match the byte count")
    func sizeMismatch() {
        expectError(.sizeMismatch(file: file, tensor: "t", expectedBytes: 12, actualBytes: 8),
                    craftedFile(oneTensorHeader(shape: "[3]"), data: eightBytes))
        expectError(.sizeMismatch(file: file, tensor: "t", expectedBytes: 16, actualBytes: 8),
                    craftedFile(oneTensorHeader(dtype: #""F64""#, shape: "[2]"), data: eightBytes))
        // 2^62 · 2^62 elements overflows Int: reported, not trapped.
        expectError(.sizeMismatch(file: file, tensor: "t", expectedBytes: Int.max, actualBytes: 8),
                    craftedFile(oneTensorHeader(shape: "[4611686018427387904,4611686018427387904]"), data: eightBytes))
    }

    @Test("metadata that is not an object of strings")
    func badMetadata() {
        let nonString = #"{"__metadata__":{"epochs":10},"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        expectError(.invalidMetadata(file: file, problem: "the value of \"epochs\" is not a string"),
                    craftedFile(nonString, data: eightBytes))
        let nested = #"{"__metadata__":{"a":{"b":"c"}}}"#
        expectError(.invalidMetadata(file: file, problem: "the value of \"a\" is not a string"), craftedFile(nested))
        expectError(.invalidMetadata(file: file, problem: "it is not a JSON object"),
                    craftedFile(#"{"__metadata__":"x"}"#))
    }

    @Test("a missing file, and messages from read(from:) name the path and give a hint")
    func messagesNameTheFile() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("nope.safetensors")
        do {
            _ = try SafetensorsFile.read(from: missing)
            Issue.record("read a missing file")
        } catch let error as WeightsError {
            guard case .unreadable(let errorFile, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(errorFile == missing.path)
        }
        let truncated = directory.appendingPathComponent("cut.safetensors")
        try Data(craftedFile(oneTensorHeader(), data: [0, 0, 0x80])).write(to: truncated)
        do {
            _ = try SafetensorsFile.read(from: truncated)
            Issue.record("read a truncated file")
        } catch let error as WeightsError {
            #expect(error == .offsetsOutOfRange(file: truncated.path, tensor: "t", begin: 0, end: 8, dataLength: 3))
            #expect(error.description.contains(truncated.path))
            #expect(error.description.contains("hint:"))
        }
    }
}
