// Reading and validating safetensors files. Nothing in the header is trusted: every field is
// type-checked, every size is checked for overflow, and tensors must tile the data section.

import Foundation

extension SafetensorsFile {
    /// Reads and validates the safetensors file at `url`.
    /// - Throws: `WeightsError` naming the file and the problem.
    public static func read(from url: URL) throws -> SafetensorsFile {
        // A directory, FIFO or device is refused before reading, with a plain reason.
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw WeightsError.unreadable(file: url.path, reason: errno == ENOENT ? "it does not exist" : String(cString: strerror(errno)))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw WeightsError.unreadable(file: url.path, reason: "it is a directory")
        default: throw WeightsError.unreadable(file: url.path, reason: "it is not a regular file (a FIFO, socket or device)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw WeightsError.unreadable(file: url.path, reason: Self.reason(error))
        }
        return try parse([UInt8](data), file: url.path)
    }

    /// Parses and validates safetensors `bytes`; `file` names the source in error messages.
    public static func parse(_ bytes: [UInt8], file: String = "(in memory)") throws -> SafetensorsFile {
        // 1. The 8-byte little-endian header length, checked against the file before any use.
        guard bytes.count >= 8 else { throw WeightsError.tooShort(file: file, byteCount: bytes.count) }
        var headerLength: UInt64 = 0
        for k in 0..<8 { headerLength |= UInt64(bytes[k]) << (8 * UInt64(k)) }
        let available = UInt64(bytes.count - 8)
        guard headerLength <= available else {
            if headerLength > maximumHeaderLength {
                throw WeightsError.headerTooLarge(file: file, headerLength: headerLength)
            }
            throw WeightsError.headerLengthBeyondFile(file: file, headerLength: headerLength, fileSize: bytes.count)
        }
        guard headerLength <= maximumHeaderLength else {
            throw WeightsError.headerTooLarge(file: file, headerLength: headerLength)
        }
        let headerEnd = 8 + Int(headerLength)
        let headerBytes = Array(bytes[8..<headerEnd])

        // 2. UTF-8, JSON, object.
        let headerText = String(decoding: headerBytes, as: UTF8.self)
        guard Array(headerText.utf8) == headerBytes else { throw WeightsError.headerNotUTF8(file: file) }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(headerBytes), options: [.fragmentsAllowed])
        } catch {
            throw WeightsError.headerNotJSON(file: file, reason: Self.reason(error))
        }
        guard let header = json as? [String: Any] else { throw WeightsError.headerNotObject(file: file) }

        // 3. Metadata and tensor entries.
        var metadata: [String: String] = [:]
        var entries: [(name: String, dtype: DType, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in header {
            if name == metadataKey {
                metadata = try parseMetadata(value, file: file)
                continue
            }
            guard let fields = value as? [String: Any] else {
                throw WeightsError.invalidTensorEntry(file: file, tensor: name, problem: "its entry is not a JSON object")
            }
            let entry = try parseEntry(fields, name: name, file: file)
            entries.append((name, entry.dtype, entry.shape, entry.begin, entry.end))
        }

        // region safetensors-validate-offsets
        // 4. Offsets: in range, sized to shape × dtype, tiling [0, dataLength) exactly.
        let dataLength = bytes.count - headerEnd
        for entry in entries {
            guard entry.begin <= entry.end, entry.end <= dataLength else {
                throw WeightsError.offsetsOutOfRange(file: file, tensor: entry.name, begin: entry.begin,
                                                     end: entry.end, dataLength: dataLength)
            }
        }
        // Sort by begin, then end; name breaks ties so errors are deterministic.
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var cursor = 0
        var previous: String? = nil
        for entry in entries {
            if entry.begin < cursor, let previous {
                throw WeightsError.overlappingTensors(file: file, first: previous, second: entry.name)
            }
            if entry.begin > cursor {
                throw WeightsError.gapInData(file: file, afterTensor: previous, gapStart: cursor, gapEnd: entry.begin)
            }
            cursor = entry.end
            previous = entry.name
        }
        if cursor < dataLength {
            throw WeightsError.gapInData(file: file, afterTensor: previous, gapStart: cursor, gapEnd: dataLength)
        }
        var tensors: [String: Tensor] = [:]
        for entry in entries {
            let actual = entry.end - entry.begin
            let expected = Tensor.byteCount(shape: entry.shape, dtype: entry.dtype)
            guard expected == actual else {
                throw WeightsError.sizeMismatch(file: file, tensor: entry.name, expectedBytes: expected ?? Int.max,
                                                actualBytes: actual)
            }
            let slice = Array(bytes[(headerEnd + entry.begin)..<(headerEnd + entry.end)])
            tensors[entry.name] = Tensor(dtype: entry.dtype, shape: entry.shape, bytes: slice)
        }
        // endregion
        return SafetensorsFile(tensors: tensors, metadata: metadata)
    }

    private static func parseMetadata(_ value: Any, file: String) throws -> [String: String] {
        guard let object = value as? [String: Any] else {
            throw WeightsError.invalidMetadata(file: file, problem: "it is not a JSON object")
        }
        var metadata: [String: String] = [:]
        for (key, item) in object {
            guard let text = item as? String else {
                throw WeightsError.invalidMetadata(file: file, problem: "the value of \"\(key)\" is not a string")
            }
            metadata[key] = text
        }
        return metadata
    }

    private static func parseEntry(_ fields: [String: Any], name: String, file: String) throws
        -> (dtype: DType, shape: [Int], begin: Int, end: Int) {
        func problem(_ text: String) -> WeightsError {
            .invalidTensorEntry(file: file, tensor: name, problem: text)
        }
        guard let dtypeValue = fields["dtype"] else { throw problem("\"dtype\" is missing") }
        guard let dtypeName = dtypeValue as? String else { throw problem("\"dtype\" is not a string") }
        guard let dtype = DType(rawValue: dtypeName) else {
            throw WeightsError.unknownDType(file: file, tensor: name, dtype: dtypeName)
        }
        guard let shapeValue = fields["shape"] else { throw problem("\"shape\" is missing") }
        guard let shapeItems = shapeValue as? [Any] else { throw problem("\"shape\" is not an array") }
        var shape: [Int] = []
        for item in shapeItems {
            guard let dimension = exactInteger(item) else {
                throw problem("\"shape\" entry \(item) is not an integer")
            }
            guard dimension >= 0 else { throw problem("\"shape\" entry \(dimension) is negative") }
            shape.append(dimension)
        }
        guard let offsetsValue = fields["data_offsets"] else { throw problem("\"data_offsets\" is missing") }
        guard let offsets = offsetsValue as? [Any], offsets.count == 2 else {
            throw problem("\"data_offsets\" is not an array of two integers [begin, end]")
        }
        guard let begin = exactInteger(offsets[0]), let end = exactInteger(offsets[1]) else {
            throw problem("\"data_offsets\" \(offsets) are not both integers")
        }
        guard begin >= 0, end >= 0 else { throw problem("\"data_offsets\" [\(begin), \(end)] are negative") }
        return (dtype, shape, begin, end)
    }

    /// The value as an `Int` if the JSON held an integer literal that fits (not 2.5, not
    /// `true`, not 1e300, not a string).
    static func exactInteger(_ value: Any) -> Int? {
        // `value is Bool` is no use: Foundation bridges the NSNumbers 0 and 1 to Bool too.
        // JSON booleans are the NSNumbers whose Objective-C type is "c" (char).
        guard let number = value as? NSNumber, !(value is String) else { return nil }
        let objectiveCType = String(cString: number.objCType)
        if objectiveCType == "c" || objectiveCType == "d" || objectiveCType == "f" { return nil }
        let text = number.stringValue
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) else { return nil }
        return Int(text)
    }

    static func reason(_ error: Error) -> String {
        if let cocoa = error as NSError?, let underlying = cocoa.userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.localizedDescription
        }
        return (error as NSError).localizedDescription
    }
}
