// Errors found while locating, downloading, verifying and cross-checking a dataset.

/// A problem with the dataset as a whole: where it is, whether it verifies, whether the
/// images and labels agree. Problems inside one file are `IDXError` / `GzipError`.
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file exists but could not be read.
    case unreadableFile(path: String, reason: String)
    /// A directory the user named (`--data DIR` or `$FASHION_MNIST_DIR`) does not exist or can't be listed.
    case unreadableDirectory(path: String, origin: String, reason: String)
    /// A directory the user named holds none of the dataset's files.
    case emptyDirectory(path: String, origin: String)
    /// A directory holds some but not all of the files a split needs.
    case missingFiles(directory: String, missing: [String])
    /// The decompressed bytes' SHA-256 is not the published one.
    case checksumMismatch(path: String, expected: String, actual: String)
    /// The images file and the labels file hold different numbers of items.
    case countMismatch(imagesPath: String, imageCount: Int, labelsPath: String, labelCount: Int)
    /// The images file is not N×28×28.
    case wrongImageSize(path: String, dimensions: [Int], expectedRows: Int, expectedColumns: Int)
    /// The labels file is not one-dimensional.
    case wrongLabelShape(path: String, dimensions: [Int])
    /// A label is not a class index 0..<classCount.
    case labelOutOfRange(path: String, index: Int, value: Int, classCount: Int)
    /// No searched directory holds the split and downloading is switched off.
    case dataNotFound(searched: [String])
    /// Downloading failed (no network, server error, timeout, ...).
    case downloadFailed(url: String, reason: String)
    /// A download arrived but failed verification; the partial file has been deleted.
    case corruptDownload(url: String, detail: String)

    /// The remedies when the data is not on this machine and can't be downloaded.
    static let installHint = "install Debian's dataset-fashion-mnist package (sudo apt install dataset-fashion-mnist), "
        + "or pass --data DIR naming a directory with the four files (train-images-idx3-ubyte[.gz], "
        + "train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz])"

    public var message: String {
        switch self {
        case let .unreadableFile(path, reason):
            return "\(path): cannot read the file: \(reason)"
        case let .unreadableDirectory(path, origin, reason):
            return "\(path) (from \(origin)): cannot read the directory: \(reason)"
        case let .emptyDirectory(path, origin):
            return "\(path) (from \(origin)): holds none of the Fashion-MNIST files"
        case let .missingFiles(directory, missing):
            return "\(directory): missing \(missing.joined(separator: ", ")) (raw or .gz)"
        case let .checksumMismatch(path, expected, actual):
            return "\(path): SHA-256 of the decompressed data is \(actual), expected \(expected)"
        case let .countMismatch(imagesPath, imageCount, labelsPath, labelCount):
            return "\(imagesPath) holds \(imageCount) images but \(labelsPath) holds \(labelCount) labels"
        case let .wrongImageSize(path, dimensions, expectedRows, expectedColumns):
            let shape = dimensions.map(String.init).joined(separator: "×")
            return "\(path): images file has shape \(shape); expected N×\(expectedRows)×\(expectedColumns)"
        case let .wrongLabelShape(path, dimensions):
            let shape = dimensions.map(String.init).joined(separator: "×")
            return "\(path): labels file has shape \(shape); expected a single dimension N"
        case let .labelOutOfRange(path, index, value, classCount):
            return "\(path): label \(index) is \(value); labels must be class numbers 0 to \(classCount - 1)"
        case .dataNotFound(let searched):
            return "Fashion-MNIST not found; looked in \(searched.joined(separator: ", "))"
        case let .downloadFailed(url, reason):
            return "could not download \(url): \(reason)"
        case let .corruptDownload(url, detail):
            return "the download of \(url) is corrupt and was deleted: \(detail)"
        }
    }

    public var hint: String {
        switch self {
        case .unreadableFile:
            return "check the file's permissions, or pass --data DIR naming another copy"
        case .unreadableDirectory, .emptyDirectory, .missingFiles:
            return "point --data DIR (or $FASHION_MNIST_DIR) at a directory holding train-images-idx3-ubyte[.gz] "
                + "and the other three Fashion-MNIST files, or leave both unset to search the usual places "
                + "(and install Debian's dataset-fashion-mnist there if needed)"
        case .checksumMismatch:
            return "the file is damaged or is not the official Fashion-MNIST; delete it and fetch it again "
                + "(for your own data, turn checksum verification off)"
        case .countMismatch, .wrongImageSize, .wrongLabelShape, .labelOutOfRange:
            return "the images and labels files don't belong together or aren't Fashion-MNIST; fetch both again"
        case .dataNotFound, .downloadFailed, .corruptDownload:
            return DatasetError.installHint
        }
    }

    public var description: String { "\(message)\nhint: \(hint)" }
}
