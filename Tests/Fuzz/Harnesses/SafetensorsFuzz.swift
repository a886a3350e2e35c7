// libFuzzer harness: `SafetensorsFile.parse` (header length, JSON header, offsets, sizes).
// Compiled with the NeuralNet/Weights sources by Tests/Fuzz/run.sh. Any input must give a
// valid file or a WeightsError naming it; a parsed file must survive a write/parse round trip.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = [UInt8](UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: size))
    let file: SafetensorsFile
    do {
        file = try SafetensorsFile.parse(bytes, file: "fuzz.safetensors")
    } catch let error as WeightsError {
        precondition(error.description.contains("fuzz.safetensors"), "error does not name the file: \(error)")
        return 0
    } catch {
        preconditionFailure("untyped error \(error)")
    }
    do {
        let again = try SafetensorsFile.parse(file.encoded(), file: "re-encoded")
        precondition(again == file, "write/parse round trip changed the file")
    } catch {
        preconditionFailure("a file that parsed does not re-encode and parse: \(error)")
    }
    return 0
}
