// Fashion-MNIST as the trainer wants it (lessons 10 and 11): pixels scaled to [0, 1] in an
// N×784 Float matrix with labels 0..<10, plus the raw images for drawing.
// Shapes: N images, D = 784 pixels, K = 10 classes.
import Datasets
import Foundation
import LessonEngine
import Linalg
import NeuralNet

/// One split of Fashion-MNIST, both as images (for pictures) and as training data.
struct FashionSplit {
    /// N images of 28×28 bytes with their labels.
    let images: LabelledImages
    /// N×784 inputs x = pixel / 255, labels 0..<10.
    let data: LabelledData<Float>

    init(images: LabelledImages) {
        self.images = images
        let inputs = Matrix<Float>(rows: images.count, columns: images.pixelsPerImage, elements: images.scaledPixels())
        data = LabelledData(inputs: inputs, labels: images.labelIndices, classCount: FashionMNIST.classCount)
    }

    /// The first `count` images (all of them if there are fewer).
    func prefix(_ count: Int) -> FashionSplit { FashionSplit(images: images.prefix(count)) }
}

enum CourseData {
    /// Loads a split the way the CLI does (`--data DIR`, `$FASHION_MNIST_DIR`, the usual
    /// places, else a download), verified by SHA-256, keeping the first `count` images.
    /// - Throws: the loader's error, which names the file and both remedies (install
    ///   `dataset-fashion-mnist`, or `--data DIR`).
    static func load(_ split: FashionMNIST.Split, count: Int? = nil, context: StageContext) throws -> FashionSplit {
        let options = FashionMNIST.LoadOptions(dataDirectory: context.options.dataDirectory)
        let images = try FashionMNIST.load(split, options: options)
        return FashionSplit(images: count.map { images.prefix($0) } ?? images)
    }

    /// `cache` if a step of this stage already loaded the split, else `load` stored into it:
    /// each stage loads a split once, however many of its steps use it.
    static func loadOnce(_ cache: inout FashionSplit?, _ split: FashionMNIST.Split, count: Int? = nil,
                         context: StageContext) throws -> FashionSplit {
        if let cache { return cache }
        let loaded = try load(split, count: count, context: context)
        cache = loaded
        return loaded
    }

    /// "T-shirt/top" for label 0, …
    static func className(_ label: Int) -> String {
        label >= 0 && label < FashionMNIST.classNames.count ? FashionMNIST.classNames[label] : "class \(label)"
    }
}

/// Where lesson 10 leaves its trained weights for lesson 11: beside the progress file, in the
/// course's state directory (`.backprop/` or under `$XDG_STATE_HOME`).
enum LessonWeights {
    /// Weights of a full run of lesson 10 (all 60,000 images, the default configuration).
    static let fullFileName = "lesson10.safetensors"
    /// Weights of a `--quick` run (kept apart so a quick run never replaces a full one).
    static let quickFileName = "lesson10-quick.safetensors"

    /// The state directory, or (without one, e.g. in tests) a directory under the system's
    /// temporary directory.
    static func directory(_ options: RunOptions) -> URL {
        if let state = options.stateDirectory { return URL(fileURLWithPath: state, isDirectory: true) }
        return FileManager.default.temporaryDirectory.appendingPathComponent("backprop-course-state", isDirectory: true)
    }

    /// Where lesson 10 writes its weights in this mode.
    static func url(quick: Bool, options: RunOptions) -> URL {
        directory(options).appendingPathComponent(quick ? quickFileName : fullFileName)
    }

    /// Lesson 10's weights if a run left some: the full run's first, else the quick run's.
    static func existing(options: RunOptions) -> URL? {
        [url(quick: false, options: options), url(quick: true, options: options)]
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
