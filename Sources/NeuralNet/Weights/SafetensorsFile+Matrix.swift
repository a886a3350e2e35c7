// Conversions between safetensors tensors and Linalg matrices.
// Shapes: a 2-D tensor [R, C] ↔ an R×C matrix; a 1-D tensor [n] ↔ a 1×n matrix (so a bias
// row vector round-trips to shape [n], as PyTorch stores biases); a 0-D tensor [] ↔ 1×1.

import Linalg

extension SafetensorsFile.Tensor {
    /// The matrix as a tensor: `Float` → F32, `Double` → F64, shape `[rows, columns]`, or
    /// `[columns]` when `asVector` is true (then `matrix.rows` must be 1).
    /// Bit-exact: NaN payloads, negative zero and subnormals are preserved.
    public init<Scalar: Real>(_ matrix: Matrix<Scalar>, asVector: Bool = false) {
        precondition(!asVector || matrix.rows == 1,
                     "Only a 1×n matrix can be stored as a vector tensor, got \(matrix.shapeDescription)")
        let shape = asVector ? [matrix.columns] : [matrix.rows, matrix.columns]
        if let floats = matrix.elements as? [Float] {
            self.init(dtype: .float32, shape: shape, bytes: Self.littleEndianBytes(floats.map { $0.bitPattern }))
        } else if let doubles = matrix.elements as? [Double] {
            self.init(dtype: .float64, shape: shape, bytes: Self.littleEndianBytes(doubles.map { $0.bitPattern }))
        } else {
            // Real has two conformers in this package; a third would need its own dtype here.
            preconditionFailure("No safetensors dtype for \(Scalar.self); use Float or Double")
        }
    }

    /// The tensor as a matrix of `Scalar`, following the shape rules at the top of this file.
    ///
    /// F32 → Float and F64 → Double are bit-exact. F32 → Double is exact; F64 → Float rounds
    /// to nearest. Other dtypes and tensors of rank > 2 throw.
    /// - Parameters:
    ///   - name, file: used only in error messages.
    public func matrix<Scalar: Real>(as scalar: Scalar.Type = Scalar.self,
                                     name: String = "(unnamed)", file: String = "(in memory)") throws -> Matrix<Scalar> {
        let (rows, columns): (Int, Int)
        switch shape.count {
        case 0: (rows, columns) = (1, 1)
        case 1: (rows, columns) = (1, shape[0])
        case 2: (rows, columns) = (shape[0], shape[1])
        default: throw WeightsError.notAMatrix(file: file, tensor: name, shape: shape)
        }
        let elements: [Scalar]
        let sameWidth = (dtype == .float32 && Scalar.self == Float.self) || (dtype == .float64 && Scalar.self == Double.self)
        if sameWidth && 1.littleEndian == 1 {
            // Fast path: the file's bytes are already this host's representation of Scalar.
            var direct = [Scalar](repeating: 0, count: elementCount)
            direct.withUnsafeMutableBytes { destination in
                bytes.withUnsafeBytes { source in destination.copyMemory(from: source) }
            }
            return Matrix(rows: rows, columns: columns, elements: direct)
        }
        switch dtype {
        case .float32:
            let values: [Float] = Self.decodeLittleEndian(bytes, as: UInt32.self).map(Float.init(bitPattern:))
            elements = (values as? [Scalar]) ?? values.map { Scalar($0) }
        case .float64:
            let values: [Double] = Self.decodeLittleEndian(bytes, as: UInt64.self).map(Double.init(bitPattern:))
            elements = (values as? [Scalar]) ?? values.map { Scalar($0) }
        default:
            throw WeightsError.unsupportedDType(file: file, tensor: name, dtype: dtype.rawValue)
        }
        return Matrix(rows: rows, columns: columns, elements: elements)
    }

    /// Each word's bytes, least significant first.
    static func littleEndianBytes<Word: FixedWidthInteger>(_ words: [Word]) -> [UInt8] {
        let size = Word.bitWidth / 8
        if 1.littleEndian == 1 {  // little-endian host: memory order is file order
            return words.withUnsafeBytes { Array($0) }
        }
        var bytes = [UInt8](repeating: 0, count: words.count * size)
        for (index, word) in words.enumerated() {
            let little = word.littleEndian
            withUnsafeBytes(of: little) { raw in
                for k in 0..<size { bytes[index * size + k] = raw[k] }
            }
        }
        return bytes
    }

    /// Words assembled from little-endian bytes; `bytes.count` must be a multiple of the word size.
    static func decodeLittleEndian<Word: FixedWidthInteger>(_ bytes: [UInt8], as: Word.Type) -> [Word] {
        let size = Word.bitWidth / 8
        precondition(bytes.count % size == 0, "\(bytes.count) bytes is not a whole number of \(size)-byte words")
        var words = [Word](repeating: 0, count: bytes.count / size)
        if 1.littleEndian == 1 {  // little-endian host: copy the bytes as they are
            words.withUnsafeMutableBytes { destination in
                bytes.withUnsafeBytes { source in destination.copyMemory(from: source) }
            }
            return words
        }
        for index in words.indices {
            var word: Word = 0
            for k in 0..<size { word |= Word(bytes[index * size + k]) << (8 * k) }
            words[index] = word
        }
        return words
    }
}

extension SafetensorsFile {
    /// A file holding `matrices` (each as a 2-D tensor) and `metadata`.
    public init<Scalar: Real>(matrices: [String: Matrix<Scalar>], metadata: [String: String] = [:]) {
        self.init(tensors: matrices.mapValues { Tensor($0) }, metadata: metadata)
    }

    /// The tensor `name` as a matrix (see `Tensor.matrix(as:name:file:)`).
    /// - Parameter file: the file's path, for error messages.
    public func matrix<Scalar: Real>(named name: String, as scalar: Scalar.Type = Scalar.self,
                                     file: String = "(in memory)") throws -> Matrix<Scalar> {
        guard let tensor = tensors[name] else {
            throw WeightsError.missingTensor(file: file, name: name, available: sortedTensorNames)
        }
        return try tensor.matrix(as: scalar, name: name, file: file)
    }
}
