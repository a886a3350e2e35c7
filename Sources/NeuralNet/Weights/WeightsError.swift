// Weights I/O errors: everything that can be wrong with a safetensors file, in words a
// learner can act on. Each message names the file (or tensor) and ends with a hint.

/// A weights file could not be read, written or converted.
///
/// Every case carries `file`: the path of the weights file involved (or a short label such as
/// "(in memory)" when bytes were parsed directly). `description` says what is wrong and what
/// to do next.
public enum WeightsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read (missing, permissions, a directory...).
    case unreadable(file: String, reason: String)
    /// The file could not be written (disk full, permissions, target is a directory...).
    case unwritable(file: String, reason: String)
    /// The file is shorter than the 8-byte header length that every safetensors file starts with.
    case tooShort(file: String, byteCount: Int)
    /// The 8-byte header length points past the end of the file (truncated or not safetensors).
    case headerLengthBeyondFile(file: String, headerLength: UInt64, fileSize: Int)
    /// The header length is larger than any sane header (limit: `SafetensorsFile.maximumHeaderLength`).
    case headerTooLarge(file: String, headerLength: UInt64)
    /// The header bytes are not valid UTF-8.
    case headerNotUTF8(file: String)
    /// The header is not valid JSON.
    case headerNotJSON(file: String, reason: String)
    /// The header is valid JSON but not a JSON object (`{...}`).
    case headerNotObject(file: String)
    /// A tensor entry is malformed: missing or ill-typed field, negative shape, etc.
    case invalidTensorEntry(file: String, tensor: String, problem: String)
    /// A tensor's dtype is not a safetensors dtype at all.
    case unknownDType(file: String, tensor: String, dtype: String)
    /// A tensor's byte range lies outside the data section.
    case offsetsOutOfRange(file: String, tensor: String, begin: Int, end: Int, dataLength: Int)
    /// Two tensors' byte ranges overlap.
    case overlappingTensors(file: String, first: String, second: String)
    /// Bytes of the data section belong to no tensor (between tensors or at the end).
    case gapInData(file: String, afterTensor: String?, gapStart: Int, gapEnd: Int)
    /// shape × dtype size does not equal the tensor's byte count.
    case sizeMismatch(file: String, tensor: String, expectedBytes: Int, actualBytes: Int)
    /// `__metadata__` is not an object of string → string.
    case invalidMetadata(file: String, problem: String)
    /// A tensor name that safetensors reserves (`__metadata__`) was used for a tensor.
    case reservedTensorName(file: String, name: String)
    /// A tensor the caller asked for is not in the file.
    case missingTensor(file: String, name: String, available: [String])
    /// A tensor's dtype is a real safetensors dtype that this project cannot convert (F16, I64...).
    case unsupportedDType(file: String, tensor: String, dtype: String)
    /// A tensor has more than 2 dimensions, so it is not a matrix.
    case notAMatrix(file: String, tensor: String, shape: [Int])

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "cannot read weights file \(file): \(reason)\nhint: check the path; train and save a model first if it does not exist yet."
        case let .unwritable(file, reason):
            return "cannot write weights file \(file): \(reason)\nhint: check that the directory exists, is writable and has free space; the previous file (if any) was left untouched."
        case let .tooShort(file, byteCount):
            return "\(file) is not a safetensors file: it has \(byteCount) bytes, fewer than the 8-byte header length every safetensors file starts with\nhint: the file is empty or truncated; save the model again."
        case let .headerLengthBeyondFile(file, headerLength, fileSize):
            return "\(file) is truncated or not a safetensors file: its header claims \(headerLength) bytes but only \(max(fileSize - 8, 0)) follow the 8-byte length\nhint: the copy was probably cut short; save or copy the file again."
        case let .headerTooLarge(file, headerLength):
            return "\(file) is not a safetensors file: its header length \(headerLength) is larger than the \(SafetensorsFile.maximumHeaderLength)-byte limit\nhint: the first 8 bytes should be a little-endian header length; is this really a .safetensors file?"
        case let .headerNotUTF8(file):
            return "\(file) has a corrupt header: the JSON header is not valid UTF-8\nhint: the file is damaged; save the model again."
        case let .headerNotJSON(file, reason):
            return "\(file) has a corrupt header: it is not valid JSON (\(reason))\nhint: the file is damaged or not a safetensors file; save the model again."
        case let .headerNotObject(file):
            return "\(file) has an invalid header: the JSON must be an object mapping tensor names to {dtype, shape, data_offsets}\nhint: the file was not written by a safetensors writer."
        case let .invalidTensorEntry(file, tensor, problem):
            return "\(file): tensor '\(tensor)' is malformed: \(problem)\nhint: each tensor needs \"dtype\" (a string), \"shape\" (non-negative integers) and \"data_offsets\" ([begin, end] integers)."
        case let .unknownDType(file, tensor, dtype):
            return "\(file): tensor '\(tensor)' has unknown dtype \"\(dtype)\"\nhint: safetensors dtypes are names such as F32, F64, F16, BF16, I64; this file is damaged or not safetensors."
        case let .offsetsOutOfRange(file, tensor, begin, end, dataLength):
            return "\(file): tensor '\(tensor)' has data_offsets [\(begin), \(end)] outside the \(dataLength)-byte data section\nhint: the file is truncated or its header is wrong; save the model again."
        case let .overlappingTensors(file, first, second):
            return "\(file): tensors '\(first)' and '\(second)' share bytes (their data_offsets overlap)\nhint: the file is damaged; a valid safetensors file stores each tensor in its own byte range."
        case let .gapInData(file, afterTensor, gapStart, gapEnd):
            let place = afterTensor.map { "after tensor '\($0)'" } ?? "before the first tensor"
            return "\(file): bytes \(gapStart)..<\(gapEnd) of the data section \(place) belong to no tensor\nhint: safetensors requires tensors to cover the data section exactly; the file is damaged or has trailing bytes."
        case let .sizeMismatch(file, tensor, expectedBytes, actualBytes):
            return "\(file): tensor '\(tensor)' needs \(expectedBytes) bytes for its shape and dtype but its data_offsets span \(actualBytes)\nhint: the header does not match the data; the file is damaged."
        case let .invalidMetadata(file, problem):
            return "\(file): invalid __metadata__: \(problem)\nhint: __metadata__ must be a JSON object whose values are all strings."
        case let .reservedTensorName(file, name):
            return "\(file): '\(name)' cannot be a tensor name: safetensors reserves it for metadata\nhint: rename the tensor."
        case let .missingTensor(file, name, available):
            let list = available.isEmpty ? "none" : available.joined(separator: ", ")
            return "\(file): no tensor named '\(name)' (tensors present: \(list))\nhint: the file was saved from a different architecture; check its metadata or retrain."
        case let .unsupportedDType(file, tensor, dtype):
            return "\(file): tensor '\(tensor)' has dtype \(dtype), which this project cannot convert to a matrix (only F32 and F64)\nhint: convert it first, e.g. in NumPy: array.astype(numpy.float32)."
        case let .notAMatrix(file, tensor, shape):
            return "\(file): tensor '\(tensor)' has shape \(shape), which is not a matrix (0, 1 or 2 dimensions)\nhint: only dense-layer weights and biases can be loaded as matrices."
        }
    }
}
