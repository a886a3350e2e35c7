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
        public var optimizer: String
        public var architecture: String
        public var batch: Int
        /// The median of the timed epochs (after one untimed warm-up epoch).
        public var seconds: Double
        public var minSeconds: Double
        public var maxSeconds: Double
        /// Every timed epoch, in the order run.
        public var allSeconds: [Double]
        public var finalLoss: Double
        public var samples: Int
        public var data: String
        public init(optimizer: String, architecture: String, batch: Int, allSeconds: [Double], finalLoss: Double,
                    samples: Int, data: String) {
            let sorted = allSeconds.sorted()
            self.optimizer = optimizer
            self.architecture = architecture
            self.batch = batch
            self.seconds = sorted.isEmpty ? .nan : sorted[sorted.count / 2]
            self.minSeconds = sorted.first ?? .nan
            self.maxSeconds = sorted.last ?? .nan
            self.allSeconds = allSeconds
            self.finalLoss = finalLoss
            self.samples = samples
            self.data = data
        }
        enum CodingKeys: String, CodingKey {
            case optimizer, architecture, batch, seconds, minSeconds = "min_seconds", maxSeconds = "max_seconds"
            case allSeconds = "all_seconds", finalLoss = "final_loss", samples, data
        }
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
    public init(numpy: String, blas: String, threads: Int, openblasEnvironment: OpenBLASEnvironment,
                matmul: [MatmulRow] = [], epoch: [EpochRow] = []) {
        self.numpy = numpy
        self.blas = blas
        self.threads = threads
        self.openblasEnvironment = openblasEnvironment
        self.matmul = matmul
        self.epoch = epoch
    }
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
        var arguments = [script, "--threads", String(threads), "--epochs", String(Swift.max(1, epochs))]
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

/// The NumPy peer kept running (`numpy_mlp.py --serve`) so `backprop bench` can interleave its
/// epochs with ours: ours, NumPy's, ours, NumPy's, … A burst of load from other processes then
/// slows both sides instead of flattering one. NumPy times each epoch itself (perf_counter
/// around its training loop), so the pipe round trip is not counted.
public final class NumPyPeerSession {
    /// The peer's header: NumPy and BLAS versions, threads, OpenBLAS environment (no timings).
    public let header: NumPyPeerResult
    /// What the peer trains on, e.g. "Fashion-MNIST /usr/share/datasets/fashion-mnist".
    public let dataDescription: String
    private let process: Process
    private let input: FileHandle
    private let output: FileHandle
    private let errors: Pipe
    private var pending = Data()

    struct Header: Decodable {
        var numpy: String, blas: String, threads: Int
        var openblasEnvironment: NumPyPeerResult.OpenBLASEnvironment
        var data: String
        enum CodingKeys: String, CodingKey { case numpy, blas, threads, openblasEnvironment = "openblas_env", data }
    }
    struct EpochReply: Decodable {
        var seconds: Double?
        var finalLoss: Double?
        var error: String?
        enum CodingKeys: String, CodingKey { case seconds, finalLoss = "final_loss", error }
    }

    /// Starts the peer and waits for it to load its data (it prints its header then).
    public init(script: String, threads: Int, dataDirectory: String?) throws(NumPyPeerUnavailable) {
        guard FileManager.default.fileExists(atPath: script) else {
            throw NumPyPeerUnavailable(reason: "the NumPy peer script \(script) is missing; run from the backprop checkout or pass --course DIR")
        }
        var arguments = ["python3", script, "--serve", "--threads", String(threads)]
        if let dataDirectory { arguments += ["--data", dataDirectory] }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let stdinPipe = Pipe(), stdoutPipe = Pipe()
        errors = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = errors
        input = stdinPipe.fileHandleForWriting
        output = stdoutPipe.fileHandleForReading
        do { try process.run() } catch {
            throw NumPyPeerUnavailable(reason: "could not start python3 (\(error.localizedDescription)); install python3 and numpy to compare")
        }
        guard let line = Self.readLine(from: output, pending: &pending),
              let decoded = try? JSONDecoder().decode(Header.self, from: line) else {
            throw Self.failure(process: process, errors: errors, doing: "starting")
        }
        header = NumPyPeerResult(numpy: decoded.numpy, blas: decoded.blas, threads: decoded.threads,
                                 openblasEnvironment: decoded.openblasEnvironment)
        dataDescription = decoded.data
    }

    deinit { finish() }

    /// Trains one epoch of `optimizer` ("sgd" or "adam") on `architecture` at `batch` and
    /// returns NumPy's own timing of it. Each configuration keeps its parameters across calls.
    public func epoch(optimizer: String, architecture: String, batch: Int) throws(NumPyPeerUnavailable)
        -> (seconds: Double, finalLoss: Double) {
        let command = "epoch \(optimizer) \(architecture) \(batch)\n"
        do { try input.write(contentsOf: Data(command.utf8)) } catch {
            throw Self.failure(process: process, errors: errors, doing: "sending it an epoch")
        }
        guard let line = Self.readLine(from: output, pending: &pending),
              let reply = try? JSONDecoder().decode(EpochReply.self, from: line) else {
            throw Self.failure(process: process, errors: errors, doing: "training an epoch")
        }
        guard let seconds = reply.seconds, let loss = reply.finalLoss else {
            throw NumPyPeerUnavailable(reason: "the NumPy peer refused \(command.trimmingCharacters(in: .newlines)): \(reply.error ?? "no timing in its reply")")
        }
        return (seconds, loss)
    }

    /// Tells the peer to quit and waits for it.
    public func finish() {
        guard process.isRunning else { return }
        try? input.write(contentsOf: Data("quit\n".utf8))
        try? input.close()
        process.waitUntilExit()
    }

    /// One line of stdout (without the newline), or nil at end of output.
    private static func readLine(from handle: FileHandle, pending: inout Data) -> Data? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[pending.startIndex..<newline]
                pending = Data(pending[(newline + 1)...])
                return Data(line)
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            pending.append(chunk)
        }
    }

    private static func failure(process: Process, errors: Pipe, doing: String) -> NumPyPeerUnavailable {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lastLines = text.split(separator: "\n").suffix(3).joined(separator: " | ")
        return NumPyPeerUnavailable(reason: "the NumPy peer stopped while \(doing) (status \(process.terminationStatus)\(lastLines.isEmpty ? "" : ": " + lastLines)); is numpy installed? (python3 -m pip install numpy)")
    }
}
