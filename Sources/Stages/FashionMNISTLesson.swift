// Lesson 8: Fashion-MNIST — the IDX format, gzip, checksums, scaling, and a look at the images.
// Shapes: N = images in a split (60,000 train, 10,000 test), P = 784 = 28×28 pixels, K = 10 classes.
import Datasets
import Foundation
import LessonEngine

/// The stage behind lesson 8. Loads each split once and keeps it for later steps.
final class FashionMNISTStage: Stage {
    private var train: LabelledImages?
    private var test: LabelledImages?
    /// Published per-pixel statistics of the scaled training images (mean 0.2860, std 0.3530,
    /// as used by common normalisation code). They are rounded to 4 places (±0.00005); we allow
    /// ±0.0001. Dividing by 256 instead of 255 would move the mean by 0.0011, a missing or
    /// misaligned block of images by more.
    static let publishedMean = 0.2860
    static let publishedStandardDeviation = 0.3530
    static let statisticsTolerance = 0.0001

    var steps: [String] { ["idx-header", "load", "images", "class-counts", "pixel-statistics"] }

    func run(step: String, context: StageContext) throws {
        switch step {
        case "idx-header": try idxHeader(context)
        case "load": try load(context)
        case "images": try images(context)
        case "class-counts": try classCounts(context)
        case "pixel-statistics": try pixelStatistics(context)
        default: throw StageError.unknownStep(stage: "fashionMNIST", step: step, known: steps)
        }
    }

    private func loadOptions(_ context: StageContext) -> FashionMNIST.LoadOptions {
        FashionMNIST.LoadOptions(dataDirectory: context.options.dataDirectory)
    }

    /// Both splits, loaded (located, gunzipped, SHA-256-verified, cross-checked) on first use.
    private func splits(_ context: StageContext) throws -> (train: LabelledImages, test: LabelledImages) {
        let train = try self.train ?? FashionMNIST.load(.train, options: loadOptions(context))
        let test = try self.test ?? FashionMNIST.load(.test, options: loadOptions(context))
        (self.train, self.test) = (train, test)
        return (train, test)
    }

    // MARK: - Steps

    /// The first 16 bytes of the decompressed training-images file, field by field.
    func idxHeader(_ context: StageContext) throws {
        let directory = try FashionMNIST.locate(.train, options: loadOptions(context))
        let fileName = FashionMNIST.Split.train.imagesFileName
        guard let path = FashionMNIST.dataFilePath(fileName, in: directory) else {
            throw DatasetError.missingFiles(directory: directory, missing: [fileName])
        }
        let onDisk = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        let bytes = try IDX.readDecompressedBytes(path: path)
        let header = Array(bytes.prefix(16))
        guard header.count == 16 else {
            throw IDXError.truncatedHeader(path: path, byteCount: bytes.count, headerBytes: 16)
        }
        func hex(_ range: Range<Int>) -> String { range.map { String(format: "%02x", header[$0]) }.joined(separator: " ") }
        func bigEndian(_ offset: Int) -> Int {
            Int(header[offset]) << 24 | Int(header[offset + 1]) << 16 | Int(header[offset + 2]) << 8 | Int(header[offset + 3])
        }
        let rows: [[String]] = [
            ["0–1", hex(0..<2), "magic: two zero bytes", "0"],
            ["2", hex(2..<3), "type: 0x08 = unsigned byte", "\(header[2])"],
            ["3", hex(3..<4), "rank r (dimensions)", "\(header[3])"],
            ["4–7", hex(4..<8), "dim 0: images N", thousandsSeparated(bigEndian(4))],
            ["8–11", hex(8..<12), "dim 1: rows", "\(bigEndian(8))"],
            ["12–15", hex(12..<16), "dim 2: columns", "\(bigEndian(12))"],
            ["16…", "…", "payload: N·28·28 pixel bytes", thousandsSeparated(bytes.count - 16)],
        ]
        context.table(Table(title: "\(fileName): the first 16 bytes after gunzip",
                            headers: ["offset", "bytes (hex)", "field", "value"], rows: rows,
                            rightAligned: [false, false, false, true]))
        let size = onDisk.map { "\(thousandsSeparated($0)) bytes on disk" } ?? "on disk"
        context.text("Read from `\(path)`: \(size), \(thousandsSeparated(bytes.count)) bytes after decompression.")
        context.check(Check(name: "header starts 00 00 08 03",
                            holds: header[0] == 0 && header[1] == 0 && header[2] == 8 && header[3] == 3,
                            detail: "magic 00 00, type 08 (unsigned byte), rank 3; found \(hex(0..<4))"))
        let payload = bigEndian(4) * bigEndian(8) * bigEndian(12)
        context.check(Check(name: "16 + N·rows·columns = file size", value: Double(16 + payload),
                            threshold: Double(bytes.count), comparison: .equal,
                            detail: "16 + \(bigEndian(4))·\(bigEndian(8))·\(bigEndian(12)) vs \(bytes.count) decompressed bytes"))
    }

    /// Loads and verifies all four files; reports counts and checksums.
    func load(_ context: StageContext) throws {
        let start = Date()
        let (train, test) = try splits(context)
        let seconds = Date().timeIntervalSince(start)
        var rows: [[String]] = []
        for (split, data) in [(FashionMNIST.Split.train, train), (.test, test)] {
            for fileName in split.fileNames {
                let digest = FashionMNIST.canonicalChecksums[fileName] ?? "?"
                rows.append([fileName, thousandsSeparated(data.count), String(digest.prefix(16)) + "…", "✓ matches"])
            }
        }
        context.table(Table(title: "Loaded and verified in \(String(format: "%.2f", seconds)) s",
                            headers: ["file (decompressed)", "items", "published SHA-256", "ours"], rows: rows,
                            rightAligned: [false, true, false, false]))
        context.check(Check(name: "training images", value: Double(train.count), threshold: 60_000, comparison: .equal))
        context.check(Check(name: "test images", value: Double(test.count), threshold: 10_000, comparison: .equal))
        // The loader throws `DatasetError.checksumMismatch` on any difference, so reaching here
        // means all four digests matched; the check records that for the progress file.
        context.check(Check(name: "SHA-256 of the 4 files verified", holds: true,
                            detail: "decompressed bytes of all four files; the loader compares each digest with FashionMNIST.canonicalChecksums and throws on a mismatch"))
        let largest = Int(max(train.labels.max() ?? 0, test.labels.max() ?? 0))
        context.check(Check(name: "every label is a class number 0…9", value: Double(largest), threshold: 9,
                            comparison: .lessOrEqual, detail: "largest label over both splits"))
    }

    /// Two examples of each class, drawn in the terminal.
    func images(_ context: StageContext) throws {
        let train = try splits(context).train
        var pixels: [[UInt8]] = []
        var captions: [String] = []
        for label in 0..<FashionMNIST.classCount {
            let indices = train.labels.indices.filter { Int(train.labels[$0]) == label }.prefix(2)
            for index in indices {
                pixels.append(Array(train.pixels(ofImage: index)))
                captions.append("\(FashionMNIST.classNames[label]) #\(index)")
            }
        }
        context.images(ImageGrid(title: "The first two training images of each class (class, #index in the file)",
                                 width: train.imageColumns, height: train.imageRows, pixels: pixels, captions: captions))
    }

    /// How many images of each class in each split.
    func classCounts(_ context: StageContext) throws {
        let (train, test) = try splits(context)
        let trainCounts = train.classCounts()
        let testCounts = test.classCounts()
        let rows = (0..<FashionMNIST.classCount).map {
            ["\($0)", FashionMNIST.classNames[$0], thousandsSeparated(trainCounts[$0]), thousandsSeparated(testCounts[$0])]
        } + [["", "total", thousandsSeparated(trainCounts.reduce(0, +)), thousandsSeparated(testCounts.reduce(0, +))]]
        context.table(Table(title: "Images per class", headers: ["label", "class", "train", "test"], rows: rows,
                            rightAligned: [true, false, true, true]))
        let trainOff = trainCounts.map { abs($0 - 6_000) }.max() ?? 0
        let testOff = testCounts.map { abs($0 - 1_000) }.max() ?? 0
        context.check(Check(name: "every class has 6,000 training images", value: Double(trainOff), threshold: 0,
                            comparison: .equal, detail: "largest |count − 6,000| over the 10 classes"))
        context.check(Check(name: "every class has 1,000 test images", value: Double(testOff), threshold: 0,
                            comparison: .equal, detail: "largest |count − 1,000| over the 10 classes"))
    }

    /// Scaling to [0, 1], the mean and spread of the pixels, and their histogram.
    func pixelStatistics(_ context: StageContext) throws {
        let train = try splits(context).train
        // Count each byte value once (fast, exact); the statistics of the scaled pixels
        // x = pixel / 255 then follow from the 256 counts.
        var byteCounts = [Int](repeating: 0, count: 256)
        train.pixels.withUnsafeBufferPointer { pixels in
            for pixel in pixels { byteCounts[Int(pixel)] += 1 }
        }
        let binCount = 32
        var histogram = [Int](repeating: 0, count: binCount)
        var sum = 0.0, sumOfSquares = 0.0
        var low = Float.infinity, high = -Float.infinity
        for (byte, occurrences) in byteCounts.enumerated() where occurrences > 0 {
            let value = Float(byte) / 255                  // as in scaledPixels()
            sum += Double(occurrences) * Double(value)
            sumOfSquares += Double(occurrences) * Double(value) * Double(value)
            low = min(low, value)
            high = max(high, value)
            histogram[min(Int(value * Float(binCount)), binCount - 1)] += occurrences
        }
        let count = Double(train.pixels.count)
        let mean = sum / count
        let standardDeviation = (sumOfSquares / count - mean * mean).squareRoot()
        let zeros = Double(byteCounts[0]) / count
        context.table(Table(title: "All \(thousandsSeparated(train.pixels.count)) training pixels after x = pixel / 255",
                            headers: ["statistic", "value"], rows: [
                                ["minimum", String(format: "%.4f", low)], ["maximum", String(format: "%.4f", high)],
                                ["mean", String(format: "%.4f", mean)], ["standard deviation", String(format: "%.4f", standardDeviation)],
                                ["fraction exactly 0 (background)", String(format: "%.1f%%", 100 * zeros)],
                            ], rightAligned: [false, true]))
        let centres = (0..<binCount).map { (Double($0) + 0.5) / Double(binCount) }
        context.chart(Chart(title: "Histogram of scaled pixel values (log scale)", xLabel: "x = pixel / 255",
                            yLabel: "fraction of pixels", yScale: .log,
                            series: [.init(name: "training pixels", x: centres, y: histogram.map { Double($0) / count })]))
        context.check(Check(name: "scaled pixels lie in [0, 1]", holds: low >= 0 && high <= 1,
                            detail: "min \(low), max \(high)"))
        context.check(Check(name: "mean matches the published 0.2860", value: abs(mean - Self.publishedMean),
                            threshold: Self.statisticsTolerance, comparison: .lessOrEqual,
                            detail: "|our mean − 0.2860|; the published value is rounded to 4 places"))
        context.check(Check(name: "std matches the published 0.3530", value: abs(standardDeviation - Self.publishedStandardDeviation),
                            threshold: Self.statisticsTolerance, comparison: .lessOrEqual,
                            detail: "|our standard deviation − 0.3530|"))
    }
}
