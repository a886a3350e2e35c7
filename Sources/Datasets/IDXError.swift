// Errors found while decoding an IDX file. Every message names the file and says what to do.

/// A problem with the contents of an IDX file (the format Fashion-MNIST ships in).
public enum IDXError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is shorter than the IDX header it must start with.
    case truncatedHeader(path: String, byteCount: Int, headerBytes: Int)
    /// The first two bytes are not the two zero bytes every IDX file starts with.
    case wrongMagic(path: String, found: [UInt8])
    /// The element-type byte is not 0x08 (unsigned byte), the only type we read.
    case unsupportedElementType(path: String, typeCode: UInt8)
    /// The rank byte (number of dimensions) is 0 or larger than `IDX.maximumRank`.
    case unsupportedRank(path: String, rank: Int)
    /// The declared dimensions multiply to more bytes than `IDX.maximumPayloadBytes` (or overflow).
    case declaredSizeTooLarge(path: String, dimensions: [Int])
    /// The header promises more payload bytes than the file holds.
    case truncatedPayload(path: String, expectedBytes: Int, actualBytes: Int)
    /// The file holds more bytes than the header declares.
    case trailingBytes(path: String, expectedBytes: Int, actualBytes: Int)

    /// One line: the file and what is wrong with it.
    public var message: String {
        switch self {
        case let .truncatedHeader(path, byteCount, headerBytes):
            return "\(path): too short for an IDX file: \(byteCount) bytes, but the header alone needs \(headerBytes)"
        case let .wrongMagic(path, found):
            let hex = found.map { hexByte($0) }.joined(separator: " ")
            return "\(path): not an IDX file: it starts with \(hex), but IDX files start with 00 00 08"
        case let .unsupportedElementType(path, typeCode):
            return "\(path): IDX element type 0x\(hexByte(typeCode)) is not supported; only 0x08 (unsigned byte) is"
        case let .unsupportedRank(path, rank):
            return "\(path): IDX rank (number of dimensions) is \(rank); expected 1 to \(IDX.maximumRank)"
        case let .declaredSizeTooLarge(path, dimensions):
            let shape = dimensions.map(String.init).joined(separator: "×")
            return "\(path): the IDX header declares a \(shape) array, more than the \(IDX.maximumPayloadBytes)-byte limit"
        case let .truncatedPayload(path, expectedBytes, actualBytes):
            return "\(path): truncated: the IDX header declares \(expectedBytes) data bytes but only \(actualBytes) follow it"
        case let .trailingBytes(path, expectedBytes, actualBytes):
            return "\(path): the IDX header declares \(expectedBytes) data bytes but \(actualBytes) follow it"
        }
    }

    /// What to do about it.
    public var hint: String {
        switch self {
        case .wrongMagic(_, let found) where found.starts(with: [0x1f, 0x8b]):
            return "the file is gzip-compressed; read it with IDX.read(path:), which decompresses it"
        case .truncatedHeader, .truncatedPayload:
            return "the file was probably cut short while copying or downloading; delete it and fetch it again"
        default:
            return "check that this is one of the Fashion-MNIST files (e.g. train-images-idx3-ubyte[.gz]); delete it and fetch it again"
        }
    }

    public var description: String { "\(message)\nhint: \(hint)" }
}

/// Two lowercase hex digits.
func hexByte(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
}
