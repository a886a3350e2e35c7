// IDX: the file format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/).
//
// Layout (all integers big-endian):
//   byte 0, 1   0x00 0x00           magic: two zero bytes
//   byte 2      0x08                element type: unsigned byte (the only one we read)
//   byte 3      r                   rank: number of dimensions
//   4·r bytes   d₀ d₁ … d_{r−1}     each dimension as a UInt32
//   d₀·d₁·…     payload             the elements, last dimension fastest (row-major)
// Images: N×28×28; labels: N.

/// An n-dimensional array of bytes as stored in an IDX file.
public struct IDXArray: Equatable, Sendable {
    /// The dimensions, outermost first (N×28×28 for images, N for labels).
    public let dimensions: [Int]
    /// The elements, row-major: the last dimension varies fastest.
    public let bytes: [UInt8]

    /// An array of the given shape; `bytes.count` must equal the product of `dimensions`.
    public init(dimensions: [Int], bytes: [UInt8]) {
        precondition(!dimensions.isEmpty && dimensions.allSatisfy { $0 >= 0 },
                     "IDXArray needs at least one non-negative dimension, got \(dimensions)")
        precondition(dimensions.reduce(1, *) == bytes.count,
                     "IDXArray of shape \(dimensions) needs \(dimensions.reduce(1, *)) bytes, got \(bytes.count)")
        self.dimensions = dimensions
        self.bytes = bytes
    }
}

/// Reading and writing IDX files.
public enum IDX {
    /// Element-type code for unsigned bytes, the third byte of the header.
    public static let unsignedByteType: UInt8 = 0x08
    /// Largest rank we accept; MNIST-style files use 1 (labels) and 3 (images).
    public static let maximumRank = 4
    /// Largest payload we accept (1 GiB): 20× the Fashion-MNIST training images. A header
    /// declaring more is rejected before anything is allocated.
    public static let maximumPayloadBytes = 1 << 30

    // region idx-decode
    /// Decodes an (uncompressed) IDX file, checking every header field against the data.
    ///
    /// - Parameters:
    ///   - data: the file's bytes, already decompressed.
    ///   - path: the file's path, used only in error messages.
    /// - Throws: `IDXError` naming the file and what is wrong.
    public static func decode(_ data: [UInt8], path: String) throws -> IDXArray {
        guard data.count >= 4 else {
            throw IDXError.truncatedHeader(path: path, byteCount: data.count, headerBytes: 4)
        }
        guard data[0] == 0, data[1] == 0 else {
            throw IDXError.wrongMagic(path: path, found: Array(data.prefix(4)))
        }
        guard data[2] == unsignedByteType else {
            throw IDXError.unsupportedElementType(path: path, typeCode: data[2])
        }
        let rank = Int(data[3])
        guard (1...maximumRank).contains(rank) else {
            throw IDXError.unsupportedRank(path: path, rank: rank)
        }
        let headerBytes = 4 + 4 * rank
        guard data.count >= headerBytes else {
            throw IDXError.truncatedHeader(path: path, byteCount: data.count, headerBytes: headerBytes)
        }
        // Each dimension is a big-endian UInt32 after the 4-byte magic.
        var dimensions: [Int] = []
        for axis in 0..<rank {
            let offset = 4 + 4 * axis
            let value = UInt32(data[offset]) << 24 | UInt32(data[offset + 1]) << 16
                | UInt32(data[offset + 2]) << 8 | UInt32(data[offset + 3])
            dimensions.append(Int(value))
        }
        // Product of the dimensions, refusing overflow and absurd sizes before allocating.
        var payloadBytes = 1
        for dimension in dimensions {
            let (product, overflow) = payloadBytes.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= maximumPayloadBytes else {
                throw IDXError.declaredSizeTooLarge(path: path, dimensions: dimensions)
            }
            payloadBytes = product
        }
        let actualBytes = data.count - headerBytes
        guard actualBytes >= payloadBytes else {
            throw IDXError.truncatedPayload(path: path, expectedBytes: payloadBytes, actualBytes: actualBytes)
        }
        guard actualBytes == payloadBytes else {
            throw IDXError.trailingBytes(path: path, expectedBytes: payloadBytes, actualBytes: actualBytes)
        }
        return IDXArray(dimensions: dimensions, bytes: LargeArray.copy(data[headerBytes...]))
    }
    // endregion

    /// Encodes an array as an IDX file (unsigned-byte elements). Dimensions must fit in UInt32.
    public static func encode(_ array: IDXArray) -> [UInt8] {
        precondition(array.dimensions.count <= maximumRank,
                     "IDX rank \(array.dimensions.count) exceeds the maximum \(maximumRank)")
        var data: [UInt8] = [0, 0, unsignedByteType, UInt8(array.dimensions.count)]
        data.reserveCapacity(4 + 4 * array.dimensions.count + array.bytes.count)
        for dimension in array.dimensions {
            precondition(dimension <= Int(UInt32.max), "IDX dimension \(dimension) does not fit in 32 bits")
            let value = UInt32(dimension)
            data += [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
        }
        data += array.bytes
        return data
    }
}
