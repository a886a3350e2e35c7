// Weights I/O owns the safetensors file format: named tensors plus string metadata. It knows
// nothing about layers or networks: a model turns its parameters (and gradients) into named
// matrices, and back.
//
// File layout (https://github.com/huggingface/safetensors):
// ```
// [0, 8)          N: header length, unsigned 64-bit little-endian
// [8, 8 + N)      UTF-8 JSON: { name: {"dtype": "F32", "shape": [r, c], "data_offsets": [b, e]},
//                               "__metadata__": {key: value, ...} }   (padded with spaces)
// [8 + N, end)    data section: tensor bytes, little-endian, row-major; offsets are relative
//                 to the start of this section, end exclusive; tensors cover it exactly
// ```

/// A safetensors file in memory: named tensors and string metadata.
///
/// Reading validates every header field (see `parse(_:file:)`); writing is deterministic
/// (sorted names) and atomic (see `write(to:)`).
public struct SafetensorsFile: Equatable, Sendable {
    /// The tensors, by name. The name `__metadata__` is reserved.
    public var tensors: [String: Tensor]
    /// Free-form string metadata (architecture, activations, training info...).
    public var metadata: [String: String]

    /// Headers above this size are rejected before anything is allocated for them
    /// (the reference implementation uses the same 100 MB limit).
    public static let maximumHeaderLength: UInt64 = 100_000_000

    /// The key of the metadata object in the JSON header.
    public static let metadataKey = "__metadata__"

    public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Tensor names in the order they are written: sorted by Unicode scalar values.
    public var sortedTensorNames: [String] {
        tensors.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }
}

extension SafetensorsFile {
    /// The element types safetensors defines. Only `F32` and `F64` convert to matrices; the
    /// others are recognised so a file holding them gets a clear "unsupported dtype" error
    /// instead of "unknown dtype", and so such files can still be read and re-written intact.
    public enum DType: String, CaseIterable, Sendable {
        case bool = "BOOL"
        case uint8 = "U8", int8 = "I8"
        case float8E5M2 = "F8_E5M2", float8E4M3 = "F8_E4M3"
        case uint16 = "U16", int16 = "I16", float16 = "F16", bfloat16 = "BF16"
        case uint32 = "U32", int32 = "I32", float32 = "F32"
        case uint64 = "U64", int64 = "I64", float64 = "F64"

        /// Bytes per element.
        public var byteSize: Int {
            switch self {
            case .bool, .uint8, .int8, .float8E5M2, .float8E4M3: return 1
            case .uint16, .int16, .float16, .bfloat16: return 2
            case .uint32, .int32, .float32: return 4
            case .uint64, .int64, .float64: return 8
            }
        }
    }

    /// One tensor: element type, shape and raw little-endian row-major bytes.
    ///
    /// Invariant (checked on creation): `bytes.count == shape.product × dtype.byteSize`.
    public struct Tensor: Equatable, Sendable {
        public let dtype: DType
        public let shape: [Int]
        /// Raw little-endian, row-major element bytes.
        public let bytes: [UInt8]

        /// A tensor from raw bytes. A byte count that does not match the shape is a
        /// programmer error.
        public init(dtype: DType, shape: [Int], bytes: [UInt8]) {
            precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape must be non-negative, got \(shape)")
            let needed = Tensor.byteCount(shape: shape, dtype: dtype)
            precondition(needed == bytes.count,
                         "Tensor of shape \(shape) and dtype \(dtype.rawValue) needs \(needed.map(String.init) ?? "too many") bytes, got \(bytes.count)")
            self.dtype = dtype
            self.shape = shape
            self.bytes = bytes
        }

        /// Number of elements: the product of `shape` (1 for a scalar, shape `[]`).
        public var elementCount: Int { bytes.count / dtype.byteSize }

        /// shape.product × dtype.byteSize, or nil if it overflows `Int`.
        static func byteCount(shape: [Int], dtype: DType) -> Int? {
            var product = dtype.byteSize
            for dimension in shape {
                let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
                if overflow { return nil }
                product = next
            }
            return product
        }
    }
}
