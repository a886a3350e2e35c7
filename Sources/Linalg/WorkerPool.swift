// A persistent team of helper threads for short parallel jobs (a matmul's column blocks, an
// optimiser's halves of a parameter tensor). One job at a time; parts 0, 1, … of a job are
// claimed one at a time by whichever thread is free, the caller included.
import CAtomics
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why not `DispatchQueue.concurrentPerform` per call: a training step makes five or more
/// parallel calls of 50–300 µs each, and every one woke a parked Dispatch worker through the
/// kernel (a futex on Linux), which on a virtual machine takes tens of microseconds and showed
/// as ~10% of a training profile in futex wake-ups and task switches. Here the helpers stay
/// awake between calls: after a job each one *spins* (polls a shared word with the CPU's
/// spin hint) for up to `spinSeconds`, so the next job starts within a fraction of a
/// microsecond; only a helper idle for longer *parks* on a condition variable, and the next
/// job then wakes it the slow way.
///
/// Parts are *claimed*, not assigned: the caller and the helpers each take the next unclaimed
/// part from one shared word until none are left. On a machine where other processes hold the
/// cores, a helper may not run for milliseconds; the caller then claims every part itself and
/// finishes at one-core speed instead of waiting for it (as `concurrentPerform` does).
///
/// The shared words, each on its own cache line:
/// - `claim` packs (job number, parts, next unclaimed part) into one word, so a helper that
///   wakes late cannot claim a part of a job that has moved on: its compare-and-swap fails.
/// - `finished` counts completed parts; the caller returns when it reaches `parts`.
/// - `sleepers` counts parked helpers.
/// ```
/// caller:  job ← body;  finished ← 0;  claim ← (job + 1, parts, 0);  if sleepers > 0 { wake all }
///          claim and run parts until none are left;  spin until finished == parts
/// helper:  spin (then park) until the job number in claim changes;
///          claim and run parts until none are left (finished += 1 after each)
/// ```
/// A parking helper increments `sleepers` and then re-reads `claim` (both sequentially
/// consistent, under the condition's lock); the caller publishes `claim` and then reads
/// `sleepers`. Whichever order they run in, either the helper sees the new job or the caller
/// sees the sleeper and wakes it: no lost wake-up.
///
/// A job started while another is running (from inside a part, or from a second thread such
/// as a parallel test) does not wait: it runs all its parts on the calling thread.
///
/// `@unchecked Sendable`: `job` is written only by the thread holding `busy`, before its
/// release store of `claim`, and read by a helper only after a successful (acquiring)
/// compare-and-swap on `claim` for that job; the caller does not touch it again until every
/// part, including that helper's, has finished.
public final class WorkerPool: @unchecked Sendable {
    /// One helper per online core beyond the caller's.
    public static let shared = WorkerPool(threadCount: Matmul.threadCount)

    /// Threads a job can run on, the caller included.
    public var threadCount: Int { enabled ? helperCount + 1 : 1 }
    /// When false, every job runs on the calling thread (`backprop bench --threads 1`). Set it
    /// between jobs, from the thread that starts them.
    public var enabled = true
    private let helperCount: Int
    /// How long an idle helper spins before it parks (1 ms: longer than the gaps between the
    /// parallel calls of one training step, short enough that an idle program sleeps).
    static let spinSeconds = 0.001
    /// Most parts one job may have (they must fit the `claim` word's 12-bit fields).
    public static let maximumParts = 4095

    private let words: UnsafeMutablePointer<Int>
    private var claim: UnsafeMutablePointer<Int> { words }
    private var finished: UnsafeMutablePointer<Int> { words + 8 }
    private var sleepers: UnsafeMutablePointer<Int> { words + 16 }
    private var busy: UnsafeMutablePointer<Int> { words + 24 }
    private var job: ((Int) -> Void)?
    private let parking = NSCondition()

    /// A pool running jobs on `threadCount` threads (`threadCount − 1` helpers are started now).
    /// The helpers hold the pool, so it lives as long as the process (idle, they sleep).
    public init(threadCount: Int) {
        helperCount = Swift.max(1, threadCount) - 1
        // Four words, 64 bytes (8 words) apart, so helpers polling `claim` do not share a cache
        // line with the `finished` counter they increment.
        words = UnsafeMutablePointer<Int>.allocate(capacity: 32)
        words.initialize(repeating: 0, count: 32)
        for helper in 0..<helperCount {
            let thread = Thread { self.helperLoop() }
            thread.name = "backprop worker \(helper + 1)"
            thread.start()
        }
    }

    /// Runs `body(0)`, …, `body(parts − 1)`, spread over the pool's threads, and returns when all
    /// have finished. Parts must be independent (write disjoint memory); which thread runs which
    /// part is not fixed, so a part's result must not depend on it.
    public func run(parts: Int, _ body: (Int) -> Void) {
        precondition(parts <= Self.maximumParts, "WorkerPool: \(parts) parts, at most \(Self.maximumParts)")
        guard parts > 1, threadCount > 1, backprop_compare_exchange(busy, 0, 1) != 0 else {
            for part in 0..<Swift.max(parts, 0) { body(part) }
            return
        }
        withoutActuallyEscaping(body) { body in
            job = body
            backprop_store_release(finished, 0)
            let jobNumber = Self.jobNumber(backprop_load_acquire(claim)) &+ 1
            // No helper can change `claim` now: every part of the last job is claimed.
            backprop_store_seq_cst(claim, Self.pack(job: jobNumber, parts: parts, next: 0))
            if backprop_load_seq_cst(sleepers) > 0 {
                parking.lock()
                parking.broadcast()
                parking.unlock()
            }
            while let part = claimPart(job: jobNumber) {
                body(part)
                _ = backprop_fetch_add(finished, 1)
            }
            var spins = 0
            while backprop_load_acquire(finished) != parts {
                backprop_spin_hint()
                spins &+= 1
                // A helper that lost its core mid-part: let it have ours.
                if spins & 0xFFF == 0 { sched_yield() }
            }
            job = nil
        }
        backprop_store_release(busy, 0)
    }

    /// Runs `body(range)` over 0..<count cut into one contiguous range per thread, in parallel
    /// when `count ≥ minimum` (else one call with 0..<count, on the calling thread). For
    /// elementwise passes, where a range's result does not depend on how 0..<count is cut.
    ///
    /// Inside `body`, copy the captured buffer pointers into local constants before the loop
    /// (`let (x, y) = (x, y)`): a closure reads its captures from a context in memory, which
    /// the loop's own stores might overwrite as far as the compiler knows, so it reloads them
    /// every iteration and does not vectorise (measured: a ReLU backward pass 25× slower).
    @inlinable
    public func forEachSlice(count: Int, minimum: Int = 16_384, _ body: (Range<Int>) -> Void) {
        let parts = count >= minimum ? threadCount : 1
        guard parts > 1 else {
            if count > 0 { body(0..<count) }
            return
        }
        run(parts: parts) { part in body((count * part / parts)..<(count * (part + 1) / parts)) }
    }

    // The claim word: job number (bits 24…), parts (bits 12–23), next part (bits 0–11).
    private static func pack(job: Int, parts: Int, next: Int) -> Int { job << 24 | parts << 12 | next }
    private static func jobNumber(_ word: Int) -> Int { word >> 24 }

    /// The next unclaimed part of job `jobNumber`, or nil when none is left (or the job is over).
    @inline(__always)
    private func claimPart(job jobNumber: Int) -> Int? {
        while true {
            let word = backprop_load_acquire(claim)
            let (parts, next) = (word >> 12 & 0xFFF, word & 0xFFF)
            guard Self.jobNumber(word) == jobNumber && next < parts else { return nil }
            if backprop_compare_exchange(claim, word, word &+ 1) != 0 { return next }
        }
    }

    private func helperLoop() {
        var seen = 0
        while true {
            var current = Self.jobNumber(backprop_load_acquire(claim))
            var spins = 0
            var spinStart: ContinuousClock.Instant?
            while current == seen {
                backprop_spin_hint()
                spins &+= 1
                if spins & 0xFF == 0 {
                    let now = ContinuousClock.now
                    if spinStart == nil { spinStart = now }
                    if now - spinStart! > .seconds(Self.spinSeconds) { current = park(seen: seen); break }
                }
                current = Self.jobNumber(backprop_load_acquire(claim))
            }
            seen = current
            while let part = claimPart(job: current) {
                job?(part)
                _ = backprop_fetch_add(finished, 1)
            }
        }
    }

    /// Sleeps until the job number in `claim` differs from `seen`; returns the new one.
    private func park(seen: Int) -> Int {
        parking.lock()
        defer { parking.unlock() }
        _ = backprop_fetch_add(sleepers, 1)
        var current = Self.jobNumber(backprop_load_seq_cst(claim))
        while current == seen {
            parking.wait()
            current = Self.jobNumber(backprop_load_seq_cst(claim))
        }
        _ = backprop_fetch_add(sleepers, -1)
        return current
    }
}
