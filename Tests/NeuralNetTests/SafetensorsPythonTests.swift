// Independent implementations: a few lines of Python (struct + json + numpy.frombuffer, none of
// our code) read what we write, and write what we read. Skipped where python3 or numpy is missing.

import Foundation
import Linalg
import NeuralNet
import Testing

enum PythonOracle {
    /// True when `python3` runs and can import numpy.
    static let isAvailable: Bool = (try? run(["-c", "import numpy"]))?.status == 0

    /// Runs python3 with `arguments`; returns exit status and standard output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// Writes `source` to `directory/name` and runs it with `arguments`; returns its stdout.
    static func runScript(_ source: String, named name: String, in directory: URL, arguments: [String]) throws -> String {
        let script = directory.appendingPathComponent(name)
        try Data(source.utf8).write(to: script)
        let result = try run([script.path] + arguments)
        guard result.status == 0 else { throw ScriptFailed(status: result.status, output: result.output) }
        return result.output
    }

    struct ScriptFailed: Error { let status: Int32; let output: String }
}

/// Reads a safetensors file with struct/json/numpy only and prints, as JSON, the header length,
/// the metadata and every tensor's dtype, shape and element bit patterns (so NaN payloads and
/// -0 compare exactly). Asserts the spec's layout rules independently.
private let pythonReader = #"""
import json, struct, sys
import numpy as np

raw = open(sys.argv[1], "rb").read()
(n,) = struct.unpack("<Q", raw[:8])
header = json.loads(raw[8:8 + n].decode("utf-8"))
data = raw[8 + n:]
metadata = header.pop("__metadata__", {})
spans = sorted((v["data_offsets"][0], v["data_offsets"][1]) for v in header.values())
cursor = 0
for begin, end in spans:
    assert begin == cursor, "gap or overlap"
    cursor = end
assert cursor == len(data), "data section not covered"
kinds = {"F32": ("<f4", "<u4"), "F64": ("<f8", "<u8")}
out = {"header_length": n, "metadata": metadata, "tensors": {}}
for name, info in header.items():
    begin, end = info["data_offsets"]
    floats, words = kinds[info["dtype"]]
    array = np.frombuffer(data[begin:end], dtype=floats).reshape(info["shape"])
    out["tensors"][name] = {
        "dtype": info["dtype"],
        "shape": list(array.shape),
        "bits": [int(w) for w in array.view(words).ravel()],
    }
print(json.dumps(out))
"""#

/// Writes a safetensors file by hand: header unpadded, spaces after separators, tensors stored
/// in reverse name order, one F32 tensor from explicit bit patterns and one F64 from arange.
private let pythonWriter = #"""
import json, struct, sys
import numpy as np

bits = np.array([0x7FC00001, 0x80000000, 0x00000001, 0xFF800000, 0x3F800000, 0xC0490FDB], dtype="<u4")
weight = bits.view("<f4").reshape(2, 3)
bias = np.arange(5, dtype="<f8") / 4 - 0.5          # -0.5, -0.25, 0, 0.25, 0.5
tensors = [("z.bias", "F64", bias), ("a.weight", "F32", weight)]   # reverse-sorted on purpose
header, chunks, offset = {}, [], 0
for name, dtype, array in tensors:
    chunk = array.tobytes()
    header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(chunk)]}
    chunks.append(chunk)
    offset += len(chunk)
header["__metadata__"] = {"format": "pt", "written by": "python \u00e9"}
text = json.dumps(header).encode("utf-8")
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))
"""#

private struct PythonView: Decodable {
    struct TensorView: Decodable { let dtype: String; let shape: [Int]; let bits: [UInt64] }
    let header_length: Int
    let metadata: [String: String]
    let tensors: [String: TensorView]
}

@Suite("Safetensors against an independent Python implementation", .enabled(if: PythonOracle.isAvailable))
struct SafetensorsPythonTests {
    @Test("Python (struct + json + numpy) reads our file: same values, bits, shapes and metadata")
    func pythonReadsOurFile() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("ours.safetensors")
        let weights = Matrix<Float>(rows: 3, columns: 4, elements: awkwardFloatPatterns.map(Float.init(bitPattern:)))
        let gradient = Matrix<Double>(rows: 2, columns: 6, elements: awkwardDoublePatterns.map(Double.init(bitPattern:)))
        var file = SafetensorsFile(matrices: ["layer0.weight": weights],
                                   metadata: ["architecture": "784-128-10", "quote\"and\\slash": "tab\there ✓"])
        file.tensors["layer0.weight.grad"] = SafetensorsFile.Tensor(gradient)
        file.tensors["layer0.bias"] = SafetensorsFile.Tensor(Matrix<Float>(row: [0.5, -0.0]), asVector: true)
        try file.write(to: url)

        let output = try PythonOracle.runScript(pythonReader, named: "reader.py", in: directory, arguments: [url.path])
        let view = try JSONDecoder().decode(PythonView.self, from: Data(output.utf8))

        #expect(view.header_length % 8 == 0)
        #expect(view.metadata == file.metadata)
        #expect(Set(view.tensors.keys) == ["layer0.weight", "layer0.weight.grad", "layer0.bias"])
        #expect(view.tensors["layer0.weight"]?.dtype == "F32")
        #expect(view.tensors["layer0.weight"]?.shape == [3, 4])
        #expect(view.tensors["layer0.weight"]?.bits == awkwardFloatPatterns.map(UInt64.init))
        #expect(view.tensors["layer0.weight.grad"]?.dtype == "F64")
        #expect(view.tensors["layer0.weight.grad"]?.shape == [2, 6])
        #expect(view.tensors["layer0.weight.grad"]?.bits == awkwardDoublePatterns)
        #expect(view.tensors["layer0.bias"]?.shape == [2])
        #expect(view.tensors["layer0.bias"]?.bits == [0x3F00_0000, 0x8000_0000])
    }

    @Test("we read a file Python wrote by hand (unpadded header, unsorted data)")
    func weReadPythonsFile() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("theirs.safetensors")
        _ = try PythonOracle.runScript(pythonWriter, named: "writer.py", in: directory, arguments: [url.path])

        let file = try SafetensorsFile.read(from: url)
        #expect(file.metadata == ["format": "pt", "written by": "python é"])
        let weight = try file.matrix(named: "a.weight", as: Float.self)
        #expect(weight.rows == 2 && weight.columns == 3)
        #expect(weight.elements.map(\.bitPattern) == [0x7FC0_0001, 0x8000_0000, 0x0000_0001, 0xFF80_0000, 0x3F80_0000, 0xC049_0FDB])
        #expect(file.tensors["z.bias"]?.shape == [5])
        let bias = try file.matrix(named: "z.bias", as: Double.self)
        #expect(bias == Matrix<Double>(row: [-0.5, -0.25, 0, 0.25, 0.5]))
    }
}
