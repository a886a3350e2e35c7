// Runs `Benchmarks/numpy_mlp.py` (the NumPy peer of `backprop bench`) and reads its JSON.
import Foundation

/// What the NumPy peer printed: its matmul timings and epoch timings.
public struct NumPyPeerResult: Sendable, Codable {
    public struct MatmulRow: Sendable, Codable {
        public var layout: String
        public var m: Int, k: Int, n: Int
        public var medianSeconds: Double
        public var gflops: Double
        enum CodingKeys: String, CodingKey { case layout, m, k, n, medianSeconds = "median_seconds", gflops }
    }
    public struct EpochRow: Sendable, Codable {
        public var batch: Int
        public var seconds: Double
        public var finalLoss: Double
        public var samples: Int
        public var data: String
        enum CodingKeys: String, CodingKey { case batch, seconds, finalLoss = "final_loss", samples, data }
    }
    public struct OpenBLASEnvironment: Sendable, Codable {
        public var unset: [String]
        public var kept: [String]
        public var note: String
    }
    public var numpy: String
    public var blas: String
    public var threads: Int
    public var openblasEnvironment: OpenBLASEnvironment
    public var matmul: [MatmulRow]
    public var epoch: [EpochRow]
    enum CodingKeys: String, CodingKey { case numpy, blas, threads, openblasEnvironment = "openblas_env", matmul, epoch }
}

/// Why the peer gave no result (python3 or NumPy missing, the script failed).
public struct NumPyPeerUnavailable: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

public enum NumPyPeer {
    /// Runs `python3 script` with the given options and decodes its JSON from stdout.
    public static func run(script: String, threads: Int, quick: Bool, skipMatmul: Bool, skipEpoch: Bool,
                           dataDirectory: String?, epochs: Int) throws(NumPyPeerUnavailable) -> NumPyPeerResult {
        guard FileManager.default.fileExists(atPath: script) else {
            throw NumPyPeerUnavailable(reason: "the NumPy peer script \(script) is missing; run from the backprop checkout or pass --course DIR")
        }
        var arguments = [script, "--threads", String(threads), "--epochs", String(epochs)]
        if quick { arguments.append("--quick") }
        if skipMatmul { arguments.append("--skip-matmul") }
        if skipEpoch { arguments.append("--skip-epoch") }
        if let dataDirectory { arguments += ["--data", dataDirectory] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw NumPyPeerUnavailable(reason: "could not start python3 (\(error.localizedDescription)); install python3 and numpy to compare")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let firstLines = errorText.split(separator: "\n").suffix(3).joined(separator: " | ")
            throw NumPyPeerUnavailable(reason: "the NumPy peer exited with status \(process.terminationStatus) (\(firstLines)); is numpy installed? (python3 -m pip install numpy)")
        }
        do {
            return try JSONDecoder().decode(NumPyPeerResult.self, from: data)
        } catch {
            throw NumPyPeerUnavailable(reason: "could not read the NumPy peer's JSON: \(error)")
        }
    }
}
