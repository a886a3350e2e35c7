// Loading Fashion-MNIST for the model commands. N = images, P = 784 pixels per image.
import Datasets
import Foundation
import LessonEngine
import Linalg
import NeuralNet

/// Finds and loads a Fashion-MNIST split (`--data DIR`, `$FASHION_MNIST_DIR`, the usual
/// places, else a download with a progress bar on stderr).
///
/// Checksums: files holding exactly the official number of images (60,000 / 10,000) must
/// match the published SHA-256. Any other size is not the official data set — your own data
/// or a subset in the same IDX format — and is loaded without checksum verification (a note
/// on stderr says so); its IDX structure is still checked.
enum CommandData {
    static let dataOption = OptionSpec.value("data", "<dir>",
        "Directory holding the four Fashion-MNIST files (raw or .gz). Default: $FASHION_MNIST_DIR, ./data/fashion-mnist, the download cache, /usr/share/datasets/fashion-mnist, else download. Files of the official size must match the published checksums; other sizes (your own data) load unverified.")

    /// The split as bytes and labels. Throws `DatasetError`, `IDXError` or `GzipError` (exit 3).
    static func images(_ split: FashionMNIST.Split, arguments: ParsedArguments, style: TerminalStyle) throws -> LabelledImages {
        let reporter = DownloadReporter(style: style)
        var options = FashionMNIST.LoadOptions(dataDirectory: arguments.value("data"),
                                               progress: { reporter.report(file: $0, done: $1, total: $2) })
        do {
            return try FashionMNIST.load(split, options: options)
        } catch let error as DatasetError {
            guard case .checksumMismatch = error else { throw error }
            options.checksums = .skip
            options.allowDownload = false
            let images = try FashionMNIST.load(split, options: options)
            if images.count == split.officialCount { throw error }
            Session.printError("note: the \(split.rawValue) files hold \(images.count) images, not the official \(split.officialCount): not the published Fashion-MNIST, so loaded without checksum verification")
            return images
        }
    }

    /// The split as network input: N×784 pixels scaled to [0, 1], labels 0…9.
    static func labelled(_ images: LabelledImages) -> LabelledData<Float> {
        LabelledData(inputs: Matrix(rows: images.count, columns: images.pixelsPerImage, elements: images.scaledPixels()),
                     labels: images.labelIndices, classCount: FashionMNIST.classCount)
    }

    /// Loads the split and converts it to network input.
    static func load(_ split: FashionMNIST.Split, arguments: ParsedArguments, style: TerminalStyle) throws -> LabelledData<Float> {
        labelled(try images(split, arguments: arguments, style: style))
    }
}

/// Draws download progress on stderr (one bar per file). Called from the download thread.
final class DownloadReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let style: TerminalStyle
    private var bars: [String: ProgressBar] = [:]

    init(style: TerminalStyle) { self.style = style }

    func report(file: String, done: Int, total: Int?) {
        lock.lock()
        defer { lock.unlock() }
        let interactive = isatty(STDERR_FILENO) == 1
        let bar = bars[file] ?? ProgressBar(label: "downloading \(file)", total: total ?? 0, style: style,
                                            interactive: interactive, write: { FileHandle.standardError.write(Data($0.utf8)) })
        bars[file] = bar
        let megabytes = String(format: "%.1f MB", Double(done) / 1e6)
        if let total, done >= total {
            bar.finish(summary: "\(megabytes) downloaded")
        } else {
            bar.update(completed: total == nil ? 0 : done, status: megabytes)
        }
    }
}
