// The worker pool behind the threaded matmul and the optimisers' parallel halves.

import Foundation
import Testing
@testable import Linalg

@Suite("Worker pool")
struct WorkerPoolTests {
    /// Every part runs exactly once, for part counts below, at and above the thread count, over
    /// many jobs in a row (so helpers go from spinning straight into the next job).
    @Test("every part of every job runs exactly once", arguments: [2, 3, 4])
    func everyPartOnce(threads: Int) {
        let pool = WorkerPool(threadCount: threads)
        for parts in [0, 1, 2, 3, 7, 64] {
            let counts = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(parts, 1))
            defer { counts.deallocate() }
            for _ in 0..<200 {
                counts.initialize(repeating: 0, count: Swift.max(parts, 1))
                pool.run(parts: parts) { part in counts[part] += 1 }
                #expect((0..<parts).allSatisfy { counts[$0] == 1 }, "parts: \(parts)")
            }
        }
    }

    /// A helper that parked (idle past its spin time) is woken by the next job.
    @Test("a job after the helpers have parked still runs on them or the caller")
    func wakesParkedHelpers() {
        let pool = WorkerPool(threadCount: 2)
        var total = 0
        for _ in 0..<3 {
            Thread.sleep(forTimeInterval: WorkerPool.spinSeconds * 20)
            let results = UnsafeMutablePointer<Int>.allocate(capacity: 2)
            defer { results.deallocate() }
            pool.run(parts: 2) { part in results[part] = part + 1 }
            total += results[0] + results[1]
        }
        #expect(total == 9)
    }

    /// A job started from inside a part runs serially on that thread instead of deadlocking.
    @Test("a nested job runs on the calling thread")
    func nestedJob() {
        let pool = WorkerPool(threadCount: 2)
        let cells = UnsafeMutablePointer<Int>.allocate(capacity: 6)
        defer { cells.deallocate() }
        cells.initialize(repeating: 0, count: 6)
        pool.run(parts: 2) { outer in
            pool.run(parts: 3) { inner in cells[outer * 3 + inner] = 10 * outer + inner }
        }
        #expect((0..<6).map { cells[$0] } == [0, 1, 2, 10, 11, 12])
    }

    /// Two threads using the shared pool at once (as parallel tests do) both get right results.
    @Test("jobs from two threads at once both complete")
    func concurrentCallers() async {
        let pool = WorkerPool(threadCount: 2)
        await withTaskGroup(of: Bool.self) { group in
            for caller in 0..<4 {
                group.addTask {
                    let cells = UnsafeMutablePointer<Int>.allocate(capacity: 16)
                    defer { cells.deallocate() }
                    var good = true
                    for round in 0..<100 {
                        cells.initialize(repeating: -1, count: 16)
                        pool.run(parts: 16) { part in cells[part] = caller * 1000 + round + part }
                        good = good && (0..<16).allSatisfy { cells[$0] == caller * 1000 + round + $0 }
                    }
                    return good
                }
            }
            for await good in group { #expect(good) }
        }
    }
}
