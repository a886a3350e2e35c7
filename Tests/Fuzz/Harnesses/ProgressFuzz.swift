// libFuzzer harness: decoding the progress state (`ProgressStore.decode`, what `load` uses)
// from arbitrary bytes. Compiled into the LessonEngine module by Tests/Fuzz/run.sh. Any input
// must decode or be rejected (load then moves the file aside), never crash; a decoded state
// must survive an encode/decode round trip.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    if let state = ProgressStore.decode(bytes) {
        let again = ProgressStore.decode(ProgressStore.encode(state) ?? Data())
        precondition(again?.records.keys.sorted() == state.records.keys.sorted(), "round trip lost records")
    }
    return 0
}
