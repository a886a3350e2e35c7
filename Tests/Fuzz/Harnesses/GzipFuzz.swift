// libFuzzer harness: `Gzip.decompress` on arbitrary bytes (the fuzzer mostly keeps the 1f 8b
// magic from the seeds). Compiled into the Datasets module by Tests/Fuzz/run.sh.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = [UInt8](UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: size))
    do {
        let output = try Gzip.decompress(bytes, path: "fuzz.gz", maximumOutputBytes: 1 << 22)
        precondition(output.count <= 1 << 22, "output cap exceeded")
    } catch let error as GzipError {
        precondition(error.description.contains("fuzz.gz"), "error does not name the file: \(error)")
    } catch {
        preconditionFailure("untyped error \(error)")
    }
    return 0
}
