// libFuzzer harness: what `IDX.read(path:)` does after reading the file — gzip-decompress
// when the bytes start with 1f 8b, then decode the IDX header and payload. Compiled into the
// Datasets module by Tests/Fuzz/run.sh. Any input must give an IDXArray or a typed error.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = [UInt8](UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: size))
    do {
        // A small output cap keeps the fuzzer fast; the logic is the same as the 1 GiB default.
        let raw = Gzip.isCompressed(bytes) ? try Gzip.decompress(bytes, path: "fuzz.idx", maximumOutputBytes: 1 << 22) : bytes
        let array = try IDX.decode(raw, path: "fuzz.idx")
        precondition(array.bytes.count == array.dimensions.reduce(1, *), "decoded shape and payload disagree")
    } catch let error as IDXError {
        precondition(error.description.contains("fuzz.idx"), "error does not name the file: \(error)")
    } catch let error as GzipError {
        precondition(error.description.contains("fuzz.idx"), "error does not name the file: \(error)")
    } catch {
        preconditionFailure("untyped error \(error)")
    }
    return 0
}
