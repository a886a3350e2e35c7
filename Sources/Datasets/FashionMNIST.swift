// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017, https://github.com/zalandoresearch/fashion-mnist):
// 70,000 greyscale 28×28 images of clothing in 10 classes, 60,000 train + 10,000 test.
// Shapes: N = images in a split, P = 784 = 28×28 pixels per image.

/// Facts about Fashion-MNIST and the entry point for loading it (`FashionMNIST.load`).
public enum FashionMNIST {
    /// Class names, indexed by label (0 = T-shirt/top … 9 = Ankle boot).
    public static let classNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]
    /// Number of classes, K = 10.
    public static let classCount = 10
    /// Image height in pixels.
    public static let imageRows = 28
    /// Image width in pixels.
    public static let imageColumns = 28
    /// Pixels per image, P = 784.
    public static let pixelsPerImage = imageRows * imageColumns

    /// Where the dataset's authors publish the four `.gz` files.
    public static let canonicalBaseURL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"
    /// Where Debian's `dataset-fashion-mnist` package installs them.
    public static let systemDirectory = "/usr/share/datasets/fashion-mnist"
    /// Environment variable naming a data directory (searched after `--data DIR`).
    public static let directoryEnvironmentVariable = "FASHION_MNIST_DIR"
    /// Environment variable overriding `canonicalBaseURL` (e.g. a mirror, or a local test server).
    public static let baseURLEnvironmentVariable = "FASHION_MNIST_URL"

    /// The training or the test split.
    public enum Split: String, CaseIterable, Sendable {
        /// 60,000 images for training.
        case train
        /// 10,000 images for testing.
        case test

        /// File name of the images, without `.gz`: `train-images-idx3-ubyte` or `t10k-images-idx3-ubyte`.
        public var imagesFileName: String { "\(filePrefix)-images-idx3-ubyte" }
        /// File name of the labels, without `.gz`.
        public var labelsFileName: String { "\(filePrefix)-labels-idx1-ubyte" }
        /// Both file names, images first.
        public var fileNames: [String] { [imagesFileName, labelsFileName] }
        /// Number of images in the official split.
        public var officialCount: Int { self == .train ? 60_000 : 10_000 }

        private var filePrefix: String { self == .train ? "train" : "t10k" }
    }

    /// SHA-256 of each *decompressed* file as published (the `.gz` files differ between
    /// distributors, who recompress them, so we check what's inside). Byte counts:
    /// 47,040,016 / 60,008 / 7,840,016 / 10,008.
    public static let canonicalChecksums: [String: String] = [
        "train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        "train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        "t10k-images-idx3-ubyte": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        "t10k-labels-idx1-ubyte": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    ]

    /// How the decompressed files are verified.
    public enum ChecksumPolicy: Sendable, Equatable {
        /// Against `FashionMNIST.canonicalChecksums` (the default).
        case canonical
        /// Against these SHA-256 hex digests, keyed by file name without `.gz` (for tests and mirrors).
        case custom([String: String])
        /// Not at all (for your own data in the same format).
        case skip

        /// The expected digest for `fileName`, or nil if this policy doesn't check it.
        public func expectedDigest(for fileName: String) -> String? {
            switch self {
            case .canonical: return FashionMNIST.canonicalChecksums[fileName]
            case .custom(let digests): return digests[fileName]
            case .skip: return nil
            }
        }
    }
}
