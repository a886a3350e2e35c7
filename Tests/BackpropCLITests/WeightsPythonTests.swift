// An independent reader: Python (struct + json + numpy, no project code) loads the weights
// file we saved and the IDX test images, runs the forward pass, and must agree with ours.
import Datasets
import Foundation
import Linalg
import NeuralNet
import Testing

/// Whether `python3 -c "import numpy"` works here.
let pythonWithNumpy: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import numpy"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()

@Suite("weights file read by an independent Python reader")
struct WeightsPythonTests {
    static let reader = #"""
    import json, struct, sys
    import numpy as np
    weights_path, images_path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    raw = open(weights_path, "rb").read()
    (header_length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + header_length])
    meta = header.pop("__metadata__", {})
    data = raw[8 + header_length:]
    dtypes = {"F32": "<f4", "F64": "<f8"}
    def tensor(name):
        entry = header[name]
        begin, end = entry["data_offsets"]
        return np.frombuffer(data[begin:end], dtype=dtypes[entry["dtype"]]).reshape(entry["shape"]).astype(np.float64)
    sizes = [int(s) for s in meta["architecture"].split("-")]
    img = open(images_path, "rb").read()
    assert img[:4] == b"\x00\x00\x08\x03"
    n, rows, cols = struct.unpack(">III", img[4:16])
    x = np.frombuffer(img[16:16 + count * rows * cols], dtype=np.uint8).reshape(count, rows * cols) / 255.0
    a = x
    layers = len(sizes) - 1
    for l in range(1, layers + 1):
        z = a @ tensor(f"layer{l}.weight").T + tensor(f"layer{l}.bias")
        a = np.maximum(z, 0) if l < layers else z
    logits = a
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    print(json.dumps({"logits": logits.tolist(), "probabilities": p.tolist()}))
    """#

    @Test("Python recomputes our logits and probabilities within 1e-5", .enabled(if: pythonWithNumpy))
    func pythonForwardPassMatches() throws {
        let data = try SyntheticFashion.directory()
        let (file, training) = try trainTestModel(data: data, epochs: 2)
        #expect(training.status == 0, "\(training.stderr)")
        let script = temporaryDirectory().appendingPathComponent("reader.py")
        try Self.reader.write(to: script, atomically: true, encoding: .utf8)
        let count = 5
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, file.path,
                             data.appendingPathComponent(FashionMNIST.Split.test.imagesFileName).path, "\(count)"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let bytes = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        struct Result: Decodable { var logits: [[Double]]; var probabilities: [[Double]] }
        let python = try JSONDecoder().decode(Result.self, from: bytes)

        // Ours: the saved network in Float, as `backprop` runs it.
        let network = try Network<Float>.loadWeights(from: file)
        let test = try SyntheticFashion.read(.test, from: data)
        let input = Matrix<Float>(rows: count, columns: 784, elements: test.inputs.rows(0..<count).elements.map { Float($0) })
        let probabilities = network.forward(input)
        let logits = network.denseLayers.reduce(input) { activation, layer in
            let z = layer.forward(activation)
            return layer === network.denseLayers.last ? z : Matrix(rows: z.rows, columns: z.columns, elements: z.elements.map { max($0, 0) })
        }
        for row in 0..<count {
            for k in 0..<10 {
                #expect(abs(Double(probabilities[row, k]) - python.probabilities[row][k]) < 1e-5)
                #expect(abs(Double(logits[row, k]) - python.logits[row][k]) < 1e-5)
            }
        }
        // And `predict` prints the same probabilities for image 0.
        let predict = try backprop(["predict", "--weights", file.path, "--index", "0", "--data", data.path, "--color", "never"])
        #expect(predict.status == 0)
        let printed = PredictCLITests.printedProbabilities(predict.stdout)
        #expect(printed.count == 3)
        for entry in printed { #expect(abs(entry.p - python.probabilities[0][entry.classIndex]) < 1e-5) }
    }
}
