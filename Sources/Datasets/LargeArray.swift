// Arrays of tens to hundreds of megabytes (a dataset's bytes, its pixels as Floats), allocated so
// that filling them does not fault in one 4 KiB page at a time.
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

enum LargeArray {
    /// Below this many bytes an array is allocated and filled the ordinary way.
    static let largeBytes = 8 << 20

    /// An array of `count` elements, initialised by `fill` (which returns how many it wrote).
    ///
    /// Why: a fresh 188 MB array (60,000 images as Floats) is 46,000 pages of 4 KiB, and on a
    /// virtual machine each first touch is a page fault: measured, the faults were most of a
    /// warm data load. On Linux the buffer's pages are first put in place by one
    /// `madvise(MADV_POPULATE_WRITE)` call (Linux 5.14+; an older kernel refuses it and the
    /// pages fault in one by one as before). (`MADV_HUGEPAGE` was tried: 3–4× slower here, the
    /// kernel compacting memory to find 2 MiB pages.) Elsewhere this is a plain allocation.
    static func make<T>(count: Int, _ fill: (UnsafeMutableBufferPointer<T>) -> Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            populate(UnsafeMutableRawBufferPointer(buffer))
            initializedCount = fill(buffer)
        }
    }

    /// An array of `count` elements, each slice `range` of it initialised by `fill(buffer, range)`:
    /// the two halves of a large array on two threads at once (populating its pages and filling
    /// them both take about as long per byte as the other). Slices must not depend on each other.
    static func makeInSlices<T>(count: Int, _ fill: (UnsafeMutableBufferPointer<T>, Range<Int>) -> Void) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            let slices = count * MemoryLayout<T>.stride >= largeBytes ? 2 : 1
            let share = (count + slices - 1) / Swift.max(slices, 1)
            withoutActuallyEscaping(fill) { fill in
                // Each slice writes only its own range; the call returns after both.
                let shared = UncheckedSendable(value: (buffer: buffer, fill: fill))
                DispatchQueue.concurrentPerform(iterations: slices) { slice in
                    let (buffer, fill) = shared.value
                    let range = Swift.min(count, slice * share) ..< Swift.min(count, (slice + 1) * share)
                    populate(UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[range])))
                    fill(buffer, range)
                }
            }
            initializedCount = count
        }
    }

    /// The elements of `slice` in a new array (as `Array(slice)`, allocated as `make` does).
    static func copy<T>(_ slice: ArraySlice<T>) -> [T] {
        make(count: slice.count) { target in
            slice.withUnsafeBufferPointer { source in _ = target.initialize(fromContentsOf: source) }
            return slice.count
        }
    }

    /// Asks the kernel to put in place every whole page inside `buffer` (Linux only).
    static func populate(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard buffer.count >= largeBytes, let base = buffer.baseAddress else { return }
        let page = 4096
        let start = Int(bitPattern: base).roundedUp(to: page)
        let end = (Int(bitPattern: base) + buffer.count) / page * page
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, 23)   // MADV_POPULATE_WRITE; a refusal just means faults later
        #endif
    }
}

/// Hands a value to `concurrentPerform`'s worker threads; the caller vouches for its use.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}

private extension Int {
    func roundedUp(to multiple: Int) -> Int { (self + multiple - 1) / multiple * multiple }
}
