// A split of an image dataset held in memory: pixels and labels, checked against each other.
// Shapes: N = count, P = rows·columns pixels per image (784 for Fashion-MNIST).

/// Greyscale images with their class labels, as loaded from an images/labels pair of IDX files.
public struct LabelledImages: Equatable, Sendable {
    /// Number of images, N.
    public let count: Int
    /// Image height in pixels.
    public let imageRows: Int
    /// Image width in pixels.
    public let imageColumns: Int
    /// Pixels, N×P row-major: image i's pixel (r, c) is `pixels[i·P + r·imageColumns + c]`, 0 = background, 255 = ink.
    public let pixels: [UInt8]
    /// Labels, N: class numbers 0..<classCount.
    public let labels: [UInt8]

    /// Pixels per image, P.
    public var pixelsPerImage: Int { imageRows * imageColumns }

    /// Labels as `Int`s, N.
    public var labelIndices: [Int] { labels.map(Int.init) }

    /// Images and labels; the shapes must agree (a programmer error otherwise: user data is
    /// checked by `init(images:labels:imagesPath:labelsPath:...)`).
    public init(imageRows: Int, imageColumns: Int, pixels: [UInt8], labels: [UInt8]) {
        precondition(imageRows > 0 && imageColumns > 0, "image size must be positive, got \(imageRows)×\(imageColumns)")
        precondition(pixels.count == labels.count * imageRows * imageColumns,
                     "\(labels.count) labels need \(labels.count)×\(imageRows)×\(imageColumns) pixels, got \(pixels.count)")
        self.count = labels.count
        self.imageRows = imageRows
        self.imageColumns = imageColumns
        self.pixels = pixels
        self.labels = labels
    }

    /// Cross-checks a decoded images file (N×rows×columns) against a labels file (N).
    ///
    /// - Throws: `DatasetError.wrongImageSize`, `.wrongLabelShape`, `.countMismatch`, `.labelOutOfRange`.
    public init(images: IDXArray, labels: IDXArray, imagesPath: String, labelsPath: String,
                imageRows: Int = FashionMNIST.imageRows, imageColumns: Int = FashionMNIST.imageColumns,
                classCount: Int = FashionMNIST.classCount) throws {
        let shape = images.dimensions
        guard shape.count == 3, shape[1] == imageRows, shape[2] == imageColumns else {
            throw DatasetError.wrongImageSize(path: imagesPath, dimensions: shape,
                                              expectedRows: imageRows, expectedColumns: imageColumns)
        }
        guard labels.dimensions.count == 1 else {
            throw DatasetError.wrongLabelShape(path: labelsPath, dimensions: labels.dimensions)
        }
        guard shape[0] == labels.dimensions[0] else {
            throw DatasetError.countMismatch(imagesPath: imagesPath, imageCount: shape[0],
                                             labelsPath: labelsPath, labelCount: labels.dimensions[0])
        }
        if let bad = labels.bytes.firstIndex(where: { Int($0) >= classCount }) {
            throw DatasetError.labelOutOfRange(path: labelsPath, index: bad, value: Int(labels.bytes[bad]),
                                               classCount: classCount)
        }
        self.init(imageRows: imageRows, imageColumns: imageColumns, pixels: images.bytes, labels: labels.bytes)
    }

    // region scale-pixels
    /// Pixels scaled to [0, 1] as `Float`, N×P row-major — ready for
    /// `Matrix(rows: count, columns: pixelsPerImage, elements: scaledPixels())`.
    ///
    /// ```
    /// x = pixel / 255
    /// ```
    public func scaledPixels() -> [Float] {
        // 188 MB for the training set: filled in slices (its two halves on two threads).
        LargeArray.makeInSlices(count: pixels.count) { scaled, slice in
            pixels.withUnsafeBufferPointer { source in
                for index in slice { scaled[index] = Float(source[index]) / 255 }
            }
        }
    }
    // endregion

    /// The P pixels of image `index`, row-major.
    public func pixels(ofImage index: Int) -> ArraySlice<UInt8> {
        precondition(index >= 0 && index < count, "image index \(index) out of range 0..<\(count)")
        return pixels[index * pixelsPerImage ..< (index + 1) * pixelsPerImage]
    }

    /// How many images of each class: element k counts label k.
    public func classCounts(classCount: Int = FashionMNIST.classCount) -> [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels where Int(label) < classCount { counts[Int(label)] += 1 }
        return counts
    }

    /// The first `n` images and labels (all of them if there are fewer).
    public func prefix(_ n: Int) -> LabelledImages {
        precondition(n >= 0, "prefix length must be non-negative, got \(n)")
        let kept = min(n, count)
        return LabelledImages(imageRows: imageRows, imageColumns: imageColumns,
                              pixels: Array(pixels[0 ..< kept * pixelsPerImage]), labels: Array(labels[0 ..< kept]))
    }
}
