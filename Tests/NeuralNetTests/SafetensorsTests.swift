// Safetensors round trips and byte layout. Truths: the original bit patterns, and byte
// layouts worked out by hand from the format description (not from our writer's output).

import Foundation
import Linalg
@testable import NeuralNet
import Testing

/// Awkward Float values: NaN payloads (quiet and signalling), ±0, ±∞, subnormals, extremes.
let awkwardFloatPatterns: [UInt32] = [
    0x7FC0_0001, 0xFFC1_2345, 0x7F80_0001, 0x8000_0000, 0x0000_0000, 0x7F80_0000, 0xFF80_0000,
    0x0000_0001, 0x807F_FFFF, 0x7F7F_FFFF, 0x3F80_0000, 0xBDCC_CCCD,
]
/// Awkward Double values, same list.
let awkwardDoublePatterns: [UInt64] = [
    0x7FF8_0000_0000_0001, 0xFFF8_DEAD_BEEF_0001, 0x7FF0_0000_0000_0001, 0x8000_0000_0000_0000,
    0x0000_0000_0000_0000, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x0000_0000_0000_0001,
    0x800F_FFFF_FFFF_FFFF, 0x7FEF_FFFF_FFFF_FFFF, 0x3FF0_0000_0000_0000, 0xBFB9_9999_9999_999A,
]

/// A unique scratch directory, removed by the caller.
func makeScratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("safetensors-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("Safetensors round trips and layout")
struct SafetensorsTests {
    @Test("Float matrices round-trip bit-exactly through a file, NaN payloads and -0 included")
    func floatRoundTrip() throws {
        let weights = Matrix<Float>(rows: 3, columns: 4, elements: awkwardFloatPatterns.map(Float.init(bitPattern:)))
        let bias = Matrix<Float>(row: [Float(bitPattern: 0x8000_0000), Float(bitPattern: 0x0000_0003), 7.5])
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")

        var file = SafetensorsFile(matrices: ["layer0.weight": weights], metadata: ["activation": "relu", "note": "ünï\"code\"\n"])
        file.tensors["layer0.bias"] = SafetensorsFile.Tensor(bias, asVector: true)
        try file.write(to: url)
        let loaded = try SafetensorsFile.read(from: url)

        #expect(loaded == file)
        #expect(loaded.metadata == ["activation": "relu", "note": "ünï\"code\"\n"])
        #expect(loaded.tensors["layer0.bias"]?.shape == [3])
        let loadedWeights: Matrix<Float> = try loaded.matrix(named: "layer0.weight")
        #expect(loadedWeights.rows == 3 && loadedWeights.columns == 4)
        #expect(loadedWeights.elements.map(\.bitPattern) == awkwardFloatPatterns)
        let loadedBias = try loaded.matrix(named: "layer0.bias", as: Float.self)
        #expect(loadedBias.rows == 1 && loadedBias.columns == 3)
        #expect(loadedBias.elements.map(\.bitPattern) == [0x8000_0000, 0x0000_0003, 0x40F0_0000])
    }

    @Test("Double matrices round-trip bit-exactly through a file")
    func doubleRoundTrip() throws {
        let gradient = Matrix<Double>(rows: 4, columns: 3, elements: awkwardDoublePatterns.map(Double.init(bitPattern:)))
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("gradients.safetensors")
        try SafetensorsFile(matrices: ["dW1": gradient, "empty": Matrix<Double>(rows: 0, columns: 5)]).write(to: url)
        let loaded = try SafetensorsFile.read(from: url)
        #expect(loaded.tensors["dW1"]?.dtype == .float64)
        #expect(loaded.tensors["empty"]?.shape == [0, 5])
        let back = try loaded.matrix(named: "dW1", as: Double.self)
        #expect(back.rows == 4 && back.columns == 3)
        #expect(back.elements.map(\.bitPattern) == awkwardDoublePatterns)
        #expect(try loaded.matrix(named: "empty", as: Double.self).shapeDescription == "0×5")
    }

    @Test("the writer's bytes match a layout worked out by hand")
    func handComputedLayout() throws {
        // {"ab":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}: 2+4+1 for "ab":, then
        // {"dtype":"F32", (14) "shape":[1,2], (14) "data_offsets":[0,8] (20) }} (2) = 57 bytes
        // → padded with 7 spaces to 64.
        let file = SafetensorsFile(matrices: ["ab": Matrix<Float>(row: [1.0, -2.0])])
        let bytes = try file.encoded()
        let json = #"{"ab":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}"#
        #expect(json.utf8.count == 57)
        let expected: [UInt8] = [64, 0, 0, 0, 0, 0, 0, 0] + Array(json.utf8) + Array(repeating: 0x20, count: 7)
            + [0x00, 0x00, 0x80, 0x3F]   // 1.0f  = 0x3F800000, little-endian
            + [0x00, 0x00, 0x00, 0xC0]   // -2.0f = 0xC0000000, little-endian
        #expect(bytes == expected)
    }

    @Test("header length prefix is little-endian and the header is padded to a multiple of 8",
          arguments: [0, 1, 2, 3, 5, 8, 13])
    func headerAlignment(nameLength: Int) throws {
        let name = String(repeating: "x", count: nameLength + 1)
        let file = SafetensorsFile(tensors: ["\(name)": SafetensorsFile.Tensor(Matrix<Double>(row: [1]))],
                                   metadata: nameLength.isMultiple(of: 2) ? ["k": String(repeating: "v", count: nameLength)] : [:])
        let bytes = try file.encoded()
        let length = (0..<8).reduce(0) { $0 | (Int(bytes[$1]) << (8 * $1)) }
        #expect(length % 8 == 0)
        #expect(8 + length + 8 == bytes.count)  // one F64 after the header
        #expect(bytes[8] == UInt8(ascii: "{"))
        let header = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        #expect(trimmed.hasSuffix("}"))
        #expect(header.count - trimmed.count < 8)   // at most 7 spaces of padding
    }

    @Test("output is deterministic: same tensors in any insertion order give identical bytes")
    func deterministicOutput() throws {
        var a = SafetensorsFile(metadata: ["b": "2", "a": "1"])
        var b = SafetensorsFile(metadata: ["a": "1", "b": "2"])
        let names = ["w2", "b1", "W1", "b2", "w10"]
        for (index, name) in names.enumerated() {
            a.tensors[name] = SafetensorsFile.Tensor(Matrix<Float>(row: [Float(index)]))
        }
        for (index, name) in names.enumerated().reversed() {
            b.tensors[name] = SafetensorsFile.Tensor(Matrix<Float>(row: [Float(index)]))
        }
        #expect(try a.encoded() == b.encoded())
        let header = String(decoding: try a.encoded().dropFirst(8), as: UTF8.self)
        // Sorted by Unicode scalar: "W1" < "b1" < "b2" < "w10" < "w2", metadata first.
        let positions = ["__metadata__", "\"W1\"", "\"b1\"", "\"b2\"", "\"w10\"", "\"w2\""].map {
            header.range(of: $0).map { header.distance(from: header.startIndex, to: $0.lowerBound) } ?? -1
        }
        #expect(positions == positions.sorted() && !positions.contains(-1))
    }

    @Test("1-D tensors become 1×n matrices, scalars 1×1, and Float/Double convert across")
    func conversions() throws {
        let vector = SafetensorsFile.Tensor(dtype: .float32, shape: [3],
                                            bytes: [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40])  // 1, 2, 3
        #expect(try vector.matrix(as: Float.self) == Matrix<Float>(row: [1, 2, 3]))
        #expect(try vector.matrix(as: Double.self) == Matrix<Double>(row: [1, 2, 3]))
        let scalar = SafetensorsFile.Tensor(dtype: .float64, shape: [], bytes: [0, 0, 0, 0, 0, 0, 0xF8, 0x3F])  // 1.5
        #expect(try scalar.matrix(as: Double.self) == Matrix<Double>(rows: 1, columns: 1, elements: [1.5]))
        #expect(try scalar.matrix(as: Float.self) == Matrix<Float>(rows: 1, columns: 1, elements: [1.5]))
    }

    @Test("unsupported dtypes, rank-3 tensors and missing names give clear errors")
    func conversionErrors() throws {
        let half = SafetensorsFile.Tensor(dtype: .float16, shape: [2], bytes: [0, 0x3C, 0, 0x40])
        #expect(throws: WeightsError.unsupportedDType(file: "m.safetensors", tensor: "h", dtype: "F16")) {
            try half.matrix(as: Float.self, name: "h", file: "m.safetensors")
        }
        let cube = SafetensorsFile.Tensor(dtype: .float32, shape: [1, 1, 1], bytes: [0, 0, 0, 0])
        #expect(throws: WeightsError.notAMatrix(file: "(in memory)", tensor: "c", shape: [1, 1, 1])) {
            try SafetensorsFile(tensors: ["c": cube]).matrix(named: "c", as: Float.self)
        }
        #expect(throws: WeightsError.missingTensor(file: "(in memory)", name: "w", available: ["c"])) {
            try SafetensorsFile(tensors: ["c": cube]).matrix(named: "w", as: Float.self)
        }
        let message = WeightsError.unsupportedDType(file: "m.safetensors", tensor: "h", dtype: "F16").description
        #expect(message.contains("m.safetensors") && message.contains("F16") && message.contains("hint:"))
    }

    @Test("a tensor named __metadata__ cannot be written")
    func reservedName() throws {
        let file = SafetensorsFile(tensors: ["__metadata__": SafetensorsFile.Tensor(Matrix<Float>(row: [1]))])
        #expect(throws: WeightsError.reservedTensorName(file: "(in memory)", name: "__metadata__")) {
            try file.encoded()
        }
    }
}
