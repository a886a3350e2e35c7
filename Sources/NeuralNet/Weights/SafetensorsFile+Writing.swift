// Writing safetensors files: deterministic bytes (sorted names, fixed JSON spelling) written
// atomically (temp file in the same directory, fsync, rename), so a crash or a full disk
// never leaves a truncated weights file where a good one was.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SafetensorsFile {
    // region safetensors-encode
    /// The file's bytes: header length, space-padded JSON header (length a multiple of 8),
    /// then each tensor's bytes in sorted-name order.
    /// - Throws: `WeightsError.reservedTensorName` if a tensor is named `__metadata__`.
    public func encoded(file: String = "(in memory)") throws -> [UInt8] {
        if tensors[Self.metadataKey] != nil {
            throw WeightsError.reservedTensorName(file: file, name: Self.metadataKey)
        }
        var entries: [String] = []
        if !metadata.isEmpty {
            let keys = metadata.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            let fields = keys.map { "\(Self.jsonString($0)):\(Self.jsonString(metadata[$0] ?? ""))" }
            entries.append("\(Self.jsonString(Self.metadataKey)):{\(fields.joined(separator: ","))}")
        }
        var offset = 0
        let names = sortedTensorNames
        for name in names {
            guard let tensor = tensors[name] else { continue }
            let end = offset + tensor.bytes.count
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append("\(Self.jsonString(name)):{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        let length = UInt64(header.count)
        for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: length >> (8 * UInt64(k)))) }
        bytes += header
        for name in names { bytes += tensors[name]?.bytes ?? [] }
        return bytes
    }
    // endregion

    /// Writes the file to `url` atomically: the bytes go to a temporary file in the same
    /// directory, which is flushed to disk (`fsync`) and then renamed over `url`. On any
    /// failure the temporary file is removed and an existing file at `url` is left untouched.
    /// - Throws: `WeightsError` naming `url`.
    public func write(to url: URL) throws {
        let bytes = try encoded(file: url.path)
        try Self.writeAtomically(bytes, to: url)
    }

    /// The atomic write behind `write(to:)`. `beforeRename` runs after the temporary file is
    /// complete and synced; tests use it to simulate a failure at the last moment.
    static func writeAtomically(_ bytes: [UInt8], to url: URL, beforeRename: () throws -> Void = {}) throws {
        let target = url.path
        let directory = url.deletingLastPathComponent().path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        func failure(_ step: String) -> WeightsError {
            .unwritable(file: target, reason: "\(step): \(String(cString: strerror(errno)))")
        }
        try checkWritableTarget(url)
        removeStaleTemporaryFiles(for: url)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create a temporary file in \(directory)") }
        var closed = false
        do {
            defer { if !closed { close(descriptor) } }
            var written = 0
            while written < bytes.count {
                let result = bytes.withUnsafeBytes { raw in
                    systemWrite(descriptor, raw.baseAddress! + written, bytes.count - written)
                }
                if result < 0 {
                    if errno == EINTR { continue }
                    throw failure("write failed")
                }
                written += result
            }
            guard fsync(descriptor) == 0 else { throw failure("fsync failed") }
            closed = true
            guard close(descriptor) == 0 else { throw failure("close failed") }
            do { try beforeRename() } catch let error as WeightsError { throw error } catch {
                throw WeightsError.unwritable(file: target, reason: Self.reason(error))
            }
            try checkWritableTarget(url)  // again: a device node may have appeared meanwhile
            guard rename(temporary, target) == 0 else { throw failure("cannot replace the file") }
        } catch {
            unlink(temporary)
            throw error
        }
        // Make the rename itself durable; failing here loses nothing already written.
        let directoryDescriptor = open(directory, O_RDONLY)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// A JSON string literal: quotes, backslash and control characters escaped.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// `write(2)`, named apart from `SafetensorsFile.write(to:)`.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(descriptor, buffer, count)
    #else
    return Darwin.write(descriptor, buffer, count)
    #endif
}
