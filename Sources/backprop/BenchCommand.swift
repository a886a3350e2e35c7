// `backprop bench`: matmul kernels, one training epoch and per-element vs vectorised, with an
// optional NumPy peer run side by side. The timing code lives in NeuralNet/Benchmark/.
import Datasets
import Foundation
import LessonEngine
import Linalg
import NeuralNet

enum BenchCommand: Command {
    static let name = "bench"
    static let overview = "Time the matmul kernels, training epochs (SGD 784-250-250-10 at batch 64 and 128, the default Adam model) and per-element vs vectorised code; optionally against NumPy."
    static let usage = "[--quick] [--peers] [--threads 1|2] [--epochs-only|--matmul-only] [--data DIR] [--json FILE]"
    static let options: [OptionSpec] = [
        .flag("quick", "Fewer matmul repeats and no 1024³ matmul (epochs: still a warm-up and 3 timed, interleaved with NumPy's)."),
        .flag("peers", "Also run Benchmarks/numpy_mlp.py (python3 + numpy) and print our/their time ratios."),
        .value("threads", "<n>", "Threads for the epoch training and the NumPy peer: 1 or 2 (default: all cores). The matmul table always shows the one-core (simd) and threaded variants."),
        .flag("epochs-only", "Only the epoch comparison and per-element vs vectorised (no matmul table)."),
        .flag("matmul-only", "Only the matmul table."),
        .value("data", "<dir>", "Directory with Fashion-MNIST train-*-ubyte(.gz); default: the usual search ($FASHION_MNIST_DIR, /usr/share/datasets/fashion-mnist, …), else seeded random data."),
        .value("json", "<file>", "Also write every number as JSON to this file."),
        .flag("allow-debug", "Run even in a debug build (the numbers are then meaningless; for tests)."),
        .flag("tiny", "Tiny shapes and data so a debug build finishes in seconds (for tests; not a benchmark)."),
    ]

    /// Everything `--json` writes.
    struct Report: Codable {
        var cpu: String
        var flags: [String]
        var targetCPUNative: Bool
        var debugBuild: Bool
        var peakGigaflopsOneCore: Double
        var nominalPeakGigaflopsOneCore: Double
        var threads: Int
        var matmul: [MatmulTiming] = []
        var epochs: [EpochTiming] = []
        var perElement: PerElementComparison?
        var numpy: NumPyPeerResult?
        var numpyUnavailable: String?
        var dataLoadSeconds: Double?
        var dataLoadCPUSeconds: Double?
    }

    struct EpochTiming: Codable {
        var optimizer: String
        var architecture: String
        var batch: Int
        /// Median of the timed epochs (after one untimed warm-up epoch).
        var seconds: Double
        var minSeconds: Double
        var maxSeconds: Double
        var allSeconds: [Double]
        var imagesPerSecond: Double
        var finalLoss: Double
        var samples: Int
        var data: String
    }

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        let quick = arguments.has("quick"), tiny = arguments.has("tiny")
        if arguments.has("epochs-only") && arguments.has("matmul-only") {
            throw UsageError(message: "--epochs-only and --matmul-only exclude each other", hint: "give at most one of them")
        }
        var threads = Matmul.threadCount
        if let text = arguments.value("threads") {
            guard let value = Int(text), value == 1 || value == 2 else {
                throw UsageError(message: "--threads must be 1 or 2, not '\(text)'", hint: "write --threads 1 for one core")
            }
            threads = min(value, Matmul.threadCount)
        }
        let features = CPUFeatures.current()
        let say = { (line: String) in Session.print(line) }
        let progress = { (line: String) in Session.printError("… " + line) }

        say("backprop bench")
        say("CPU: \(features.summary)")
        say("build: \(BuildInfo.isDebugBuild ? "debug" : "release"), -target-cpu native: \(BuildInfo.targetCPUNative ? "on" : "off (BACKPROP_PORTABLE build: SIMD FMAs are library calls)")")
        #if DEBUG
        say("debug build: numbers are meaningless. Build with `swift run -c release backprop bench`.")
        if !arguments.has("allow-debug") { return ExitStatus.checkFailed }
        #endif
        progress("measuring the one-core FMA peak")
        let peakLanes = PeakFlops.lanes(flags: features.flags)
        let peak = PeakFlops.measureSingleCoreGigaflops(iterations: tiny ? 20_000 : 200_000, lanes: peakLanes)
        // "% of peak" uses the measured figure; the nominal one is printed beside it as a check.
        let nominal = features.flags.contains("avx512f") ? CPUFeatures.referenceSingleCorePeakGigaflops
                                                         : CPUFeatures.referenceSingleCorePeakGigaflops / 2
        // The nominal figure assumes two full-width FMAs per cycle; cores that split a 512-bit FMA
        // into two 256-bit halves (AMD Zen 4) peak at half of it, as the measurement then shows.
        say(String(format: "peak FP32, one core: measured %.0f GFLOP/s (SIMD%d FMA loop, best of 51 short runs; used for %% of peak), nominal %.0f GFLOP/s (%@, 2 full-width FMA/cycle at ~3.6 GHz; half that on cores that split 512-bit FMAs, like Zen 4)",
                   peak, peakLanes, nominal, features.flags.contains("avx512f") ? "AVX-512" : "AVX2"))
        say("threads for training and the NumPy peer: \(threads)")
        var report = Report(cpu: features.model, flags: features.flags, targetCPUNative: BuildInfo.targetCPUNative,
                            debugBuild: BuildInfo.isDebugBuild, peakGigaflopsOneCore: peak, nominalPeakGigaflopsOneCore: nominal,
                            threads: threads)

        let dataDirectory = arguments.value("data")
        // Wall time and this thread's CPU time: on a loaded machine the wall time includes
        // waiting for a core, the CPU time does not.
        let loadStart = ContinuousClock.now, loadCPUStart = threadCPUSeconds()
        let (images, labels, dataDescription, dataPath) = loadData(directory: dataDirectory, tiny: tiny, progress: progress)
        let loadDuration = ContinuousClock.now - loadStart
        report.dataLoadSeconds = Double(loadDuration.components.seconds) + Double(loadDuration.components.attoseconds) * 1e-18
        report.dataLoadCPUSeconds = threadCPUSeconds() - loadCPUStart
        say(String(format: "data load (read + verify + parse + scale to Float): %.3f s (CPU %.3f s)",
                   report.dataLoadSeconds ?? 0, report.dataLoadCPUSeconds ?? 0))
        let script = (try? session.courseDirectory().appendingPathComponent("Benchmarks/numpy_mlp.py").path) ?? "Benchmarks/numpy_mlp.py"
        var peerAvailable = arguments.has("peers")
        if peerAvailable && tiny {
            say("NumPy peer: skipped with --tiny (it always trains on 60,000 samples).")
            peerAvailable = false
        }
        /// Runs the NumPy peer's matmul table right before our own, so both see about the same
        /// load from other processes on this shared machine.
        func runPeerMatmuls() -> NumPyPeerResult? {
            guard peerAvailable else { return nil }
            progress("running the NumPy peer's matmuls (Benchmarks/numpy_mlp.py, \(threads) \(threads == 1 ? "thread" : "threads"))")
            do {
                return try NumPyPeer.run(script: script, threads: threads, quick: quick,
                                         skipMatmul: false, skipEpoch: true, dataDirectory: dataPath, epochs: 1)
            } catch {
                report.numpyUnavailable = error.description
                say("NumPy peer: not run: \(error.description). Continuing without it.")
                peerAvailable = false
                return nil
            }
        }
        if !arguments.has("epochs-only") {
            if let peer = runPeerMatmuls() { report.numpy = peer }
            report.matmul = MatmulTable.run(quick: quick, tiny: tiny, progress: progress)
            printMatmulTable(report, style: session.style, say: say)
        }
        if !arguments.has("matmul-only") {
            var peerSession: NumPyPeerSession?
            if peerAvailable {
                progress("starting the NumPy peer (Benchmarks/numpy_mlp.py --serve, \(threads) \(threads == 1 ? "thread" : "threads")); it loads the data first")
                do {
                    peerSession = try NumPyPeerSession(script: script, threads: threads, dataDirectory: dataPath)
                } catch {
                    report.numpyUnavailable = error.description
                    say("NumPy peer: not run: \(error.description). Continuing without it.")
                }
            }
            // --threads 1: the optimiser, elementwise passes and gather stay on this thread too.
            WorkerPool.shared.enabled = threads > 1
            defer { WorkerPool.shared.enabled = true }
            let (ours, theirs) = timeEpochs(images: images, labels: labels, data: dataDescription, threads: threads,
                                            runs: tiny ? 1 : 3, tiny: tiny, peer: peerSession, progress: progress,
                                            peerFailed: { report.numpyUnavailable = $0; say("NumPy peer: stopped: \($0). Continuing without it.") })
            report.epochs = ours
            if let peerSession {
                peerSession.finish()
                if report.numpy == nil { report.numpy = peerSession.header }
                report.numpy?.epoch = theirs
            }
            printEpochs(report, style: session.style, say: say)
            progress("per-element vs vectorised (lesson 2's network)")
            let comparison = tiny ? PerElementBenchmark.run(inputCount: 16, hiddenCount: 4, samples: 40, batchSize: 10, runs: 1)
                                  : PerElementBenchmark.run(samples: quick ? 500 : 1000)
            report.perElement = comparison
            say("")
            say("Per-element (lesson 2, Double loops) vs vectorised Network<Double>, \(comparison.architecture), gradients of \(comparison.samples) samples in batches of \(comparison.batchSize):")
            say(String(format: "  per-element %.4f s, vectorised %.4f s: vectorised is %.1f× faster", comparison.perElementSeconds, comparison.vectorisedSeconds, comparison.speedUp))
        }
        if let numpy = report.numpy {
            say("")
            say("NumPy \(numpy.numpy) (\(numpy.blas), \(numpy.threads) \(numpy.threads == 1 ? "thread" : "threads")); \(numpy.openblasEnvironment.note)\(numpy.openblasEnvironment.unset.isEmpty ? "" : ": unset " + numpy.openblasEnvironment.unset.joined(separator: ", "))")
        }
        if let path = arguments.value("json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            do { try encoder.encode(report).write(to: URL(fileURLWithPath: path)) } catch {
                Session.printError("error: could not write the JSON report to \(path): \(error.localizedDescription)\nhint: check the directory exists and is writable")
                return ExitStatus.badInput
            }
            say("wrote \(path)")
        }
        return ExitStatus.success
    }

    /// CPU seconds the calling thread has used so far.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Fashion-MNIST training images scaled to [0, 1] when found (no download), else seeded
    /// random data of the same shape. Returns the data, a description and the directory used.
    static func loadData(directory: String?, tiny: Bool, progress: (String) -> Void)
        -> (images: [Float], labels: [Int], description: String, directory: String?) {
        let featureCount = FashionMNIST.pixelsPerImage
        if !tiny {
            progress("loading Fashion-MNIST")
            let options = FashionMNIST.LoadOptions(dataDirectory: directory, allowDownload: false)
            if let path = try? FashionMNIST.locate(.train, options: options),
               let set = try? FashionMNIST.load(.train, options: options) {
                let folder = URL(fileURLWithPath: path).path
                return (set.scaledPixels(), set.labelIndices, "Fashion-MNIST train (\(set.count) images, \(folder))", folder)
            }
        }
        let count = tiny ? 256 : 60_000
        var generator = Xoshiro256StarStar(seed: 2024)
        let images = (0..<(count * featureCount)).map { _ in Float(generator.nextUniform()) }
        let labels = (0..<count).map { _ in generator.nextIndex(below: 10) }
        return (images, labels, "seeded random data (\(count)×\(featureCount); Fashion-MNIST not found)", nil)
    }

    /// The epochs `bench` times: (optimizer, architecture, batch). The last is the course's
    /// default model (`DefaultModel`: Adam, 784-256-256-10, batch 128).
    static let epochConfigurations: [(optimizer: String, architecture: String, batch: Int)] = [
        ("sgd", "784-250-250-10", 64), ("sgd", "784-250-250-10", 128),
        ("adam", DefaultModel.architecture, DefaultModel.configuration.batchSize),
    ]

    /// Seconds of quiet before each timed epoch when ours and NumPy's alternate (see `timeEpochs`).
    static let quietSeconds = 0.3

    /// Per configuration: one untimed warm-up epoch of ours and of the peer's, then `runs`
    /// timed epochs each, interleaved (ours, NumPy's, ours, NumPy's, …) so both see the same
    /// load from other processes. SGD uses η = 0.01, Adam η = 10⁻³ (as the peer).
    static func timeEpochs(images: [Float], labels: [Int], data: String, threads: Int, runs: Int, tiny: Bool,
                           peer: NumPyPeerSession?, progress: (String) -> Void, peerFailed: (String) -> Void)
        -> (ours: [EpochTiming], theirs: [NumPyPeerResult.EpochRow]) {
        var rows: [EpochTiming] = [], peerRows: [NumPyPeerResult.EpochRow] = []
        var peer = peer
        for configuration in epochConfigurations {
            let architecture = tiny ? "784-16-16-10" : configuration.architecture
            let batch = configuration.batch
            progress("training epochs: \(configuration.optimizer), \(architecture), batch \(batch)\(peer == nil ? "" : ", interleaved with NumPy")")
            var generator = Xoshiro256StarStar(seed: 1)
            let network = (try? Network<Float>(architecture: architecture, using: &generator))!
            for layer in network.denseLayers { layer.matmulVariant = threads == 1 ? .simd : .fastest }
            let optimizer: any Optimizer<Float> = configuration.optimizer == "adam" ? Adam<Float>(learningRate: 1e-3)
                                                                                   : SGD<Float>(learningRate: 0.01)
            var workspace = EpochWorkspace<Float>(sampleCount: labels.count, featureCount: network.inputCount,
                                                  classCount: network.outputCount, batchSize: batch)
            var loss: Float = 0, peerLoss = Double.nan
            var times: [Double] = [], peerTimes: [Double] = []
            for run in 0...runs {   // run 0 is the warm-up
                // A pause before each timed epoch, on both sides, lets the other side's idle threads
                // go to sleep first: OpenBLAS's workers keep spinning for a while after NumPy's last
                // call (measured here: our epochs took 0.80 s right after a NumPy epoch, 0.44 s
                // without the peer), our helper threads for 1 ms after ours.
                if peer != nil && !tiny { Thread.sleep(forTimeInterval: quietSeconds) }
                let seconds = Stopwatch.seconds {
                    loss = EpochBenchmark.trainEpoch(network: network, optimizer: optimizer, images: images, labels: labels,
                                                     batchSize: batch, workspace: &workspace, using: &generator)
                }
                if run > 0 { times.append(seconds) }
                guard let session = peer else { continue }
                if !tiny { Thread.sleep(forTimeInterval: quietSeconds) }
                do {
                    let (peerSeconds, finalLoss) = try session.epoch(optimizer: configuration.optimizer,
                                                                     architecture: architecture, batch: batch)
                    if run > 0 { peerTimes.append(peerSeconds) }
                    peerLoss = finalLoss
                } catch {
                    peerFailed(error.description)
                    peer = nil
                    peerTimes = []
                }
            }
            let sorted = times.sorted()
            let median = sorted[sorted.count / 2]
            rows.append(EpochTiming(optimizer: configuration.optimizer, architecture: architecture, batch: batch,
                                    seconds: median, minSeconds: sorted[0], maxSeconds: sorted[sorted.count - 1],
                                    allSeconds: times, imagesPerSecond: Double(labels.count) / median,
                                    finalLoss: Double(loss), samples: labels.count, data: data))
            if let session = peer, !peerTimes.isEmpty {
                peerRows.append(NumPyPeerResult.EpochRow(optimizer: configuration.optimizer, architecture: architecture,
                                                         batch: batch, allSeconds: peerTimes, finalLoss: peerLoss,
                                                         samples: labels.count, data: session.dataDescription))
            }
        }
        return (rows, peerRows)
    }

    /// Columns padded to their widest cell, never truncated (benchmark output is often piped
    /// to a file, where the terminal table's width limit would cut numbers off).
    static func plainTable(headers: [String], rows: [[String]], rightAlignedFrom: Int) -> [String] {
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column >= rightAlignedFrom ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }
        return [line(headers), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line)
    }

    static func printMatmulTable(_ report: Report, style: TerminalStyle, say: (String) -> Void) {
        say("")
        say("Float matmul C = op(A)·op(B), median time; % of peak = GFLOP/s ÷ (threads × measured one-core peak)")
        var rows: [[String]] = []
        for row in report.matmul {
            var cells = [row.variant, row.layout, row.shapeDescription, "\(row.threads)",
                         String(format: "%.3f ms", row.medianSeconds * 1000), String(format: "%.1f", row.gigaflops),
                         String(format: "%.0f%%", 100 * row.gigaflops / (Double(row.threads) * report.peakGigaflopsOneCore))]
            if let numpy = report.numpy {
                let ourThreads = report.threads == 1 ? "simd" : "threaded"
                if row.variant == ourThreads,
                   let peer = numpy.matmul.first(where: { $0.layout == row.layout && $0.m == row.m && $0.k == row.k && $0.n == row.n }) {
                    cells += [String(format: "%.1f", peer.gflops), String(format: "%.2f×", peer.medianSeconds / row.medianSeconds)]
                } else {
                    cells += ["", ""]
                }
            }
            rows.append(cells)
        }
        var headers = ["variant", "layout", "shape", "threads", "median", "GFLOP/s", "% peak"]
        if report.numpy != nil { headers += ["NumPy GFLOP/s", "NumPy time ÷ ours"] }
        plainTable(headers: headers, rows: rows, rightAlignedFrom: 3).forEach(say)
    }

    static func printEpochs(_ report: Report, style: TerminalStyle, say: (String) -> Void) {
        say("")
        say("Epochs over the training set (ReLU hidden layers, softmax+CE), Float, shuffle + gather included, \(report.threads) \(report.threads == 1 ? "thread" : "threads");")
        say("one untimed warm-up epoch, then \(report.epochs.first?.allSeconds.count ?? 0) timed\(report.numpy.map { !$0.epoch.isEmpty } == true ? ", ours and NumPy's interleaved" : ""): min / median / max seconds")
        say("data: \(report.epochs.first?.data ?? "none")")
        func spread(_ low: Double, _ median: Double, _ high: Double) -> String {
            String(format: "%.3f / %.3f / %.3f", low, median, high)
        }
        var rows: [[String]] = []
        for row in report.epochs {
            var cells = ["\(row.optimizer) \(row.architecture)", "\(row.batch)", spread(row.minSeconds, row.seconds, row.maxSeconds),
                         String(format: "%.0f", row.imagesPerSecond), String(format: "%.3f", row.finalLoss)]
            if let peer = report.numpy?.epoch.first(where: { $0.batch == row.batch && $0.optimizer == row.optimizer }) {
                cells += [spread(peer.minSeconds, peer.seconds, peer.maxSeconds), String(format: "%.2f×", peer.seconds / row.seconds)]
            }
            rows.append(cells)
        }
        var headers = ["optimizer, model", "batch", "ours s (min/med/max)", "images/s", "last loss"]
        if report.numpy.map({ !$0.epoch.isEmpty }) == true { headers += ["NumPy s (min/med/max)", "NumPy ÷ ours, medians (target ≥ 1.5×)"] }
        plainTable(headers: headers, rows: rows, rightAlignedFrom: 1).forEach(say)
    }
}
