// Reusable packing buffers for the blocked and SIMD matmul kernels.

import Foundation

/// A pool of packing buffers, each big enough for one kernel call of either scalar type.
///
/// Why not allocate per call: a buffer of ~1 MiB or more comes from a fresh `mmap` and goes
/// back with `munmap`; every call then page-faults it in again, and on a virtual machine the
/// unmap's TLB shoot-down interrupts the other core. Measured on the 2-vCPU machine, that made
/// two threads slower than one. Buffers taken from here are touched once and reused.
///
/// `@unchecked Sendable`: the free list is only read or written while holding `lock`. Buffers
/// are never freed; the pool holds at most one per concurrently running kernel (≈ 2.7 MB each).
final class MatmulWorkspacePool: @unchecked Sendable {
    static let shared = MatmulWorkspacePool()

    /// Bytes per buffer: the SIMD kernel's packed A (MC×KC), packed B (KC×NC) and one edge tile
    /// (8×32), in Doubles, each rounded up to a 64-byte boundary. The blocked kernel's KC×NC
    /// panel (256×512) is smaller.
    static let byteCount: Int = {
        let scalars = SIMDSizes.blockRows * SIMDSizes.depth + SIMDSizes.depth * SIMDSizes.blockColumns + 8 * 32
        return scalars * MemoryLayout<Double>.stride + 3 * 64
    }()

    private let lock = NSLock()
    private var free: [UnsafeMutableRawPointer] = []

    /// Runs `body` with a buffer of `byteCount` bytes, 64-byte aligned, returned to the pool after.
    func withBuffer<Result>(_ body: (UnsafeMutableRawPointer) -> Result) -> Result {
        let buffer = lock.withLock { free.popLast() }
            ?? UnsafeMutableRawPointer.allocate(byteCount: Self.byteCount, alignment: 64)
        defer { lock.withLock { free.append(buffer) } }
        return body(buffer)
    }
}

/// Carves typed, 64-byte-aligned regions out of one workspace buffer, in order.
struct WorkspaceCarver {
    private var next: UnsafeMutableRawPointer
    private let end: UnsafeMutableRawPointer

    init(_ buffer: UnsafeMutableRawPointer) {
        next = buffer
        end = buffer + MatmulWorkspacePool.byteCount
    }

    /// The next `count` elements of type `T`.
    mutating func take<T>(_ count: Int, of type: T.Type) -> UnsafeMutablePointer<T> {
        let start = next.alignedUp(toMultipleOf: 64)
        next = start + count * MemoryLayout<T>.stride
        precondition(next <= end, "Matmul workspace overflow: asked for \(count) \(T.self)")
        return start.bindMemory(to: T.self, capacity: count)
    }
}
