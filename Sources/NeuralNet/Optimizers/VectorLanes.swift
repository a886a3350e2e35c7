// Whole-vector loads and stores for the optimisers' elementwise updates.
// Shapes: every buffer is a flat run of `count` scalars (a parameter, its gradient, its state).
import Linalg
#if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
import _Builtin_intrinsics.intel
#endif

/// Runs an elementwise update W lanes at a time, W = `Lanes.width` (16: one AVX-512 register
/// of Float, two AVX2 ones). The last, partial chunk is loaded into a zero-padded vector and
/// only its valid lanes are stored, so one formula covers every element: each lane does
/// exactly the scalar arithmetic, in the same order (Swift does not fuse `a * b + c` into an
/// FMA on its own), so the results are bit-identical to a scalar loop.
enum Lanes {
    static var width: Int { 16 }

    /// Calls `body(start, valid)` for start = 0, W, 2W, … < count, valid = min(W, count − start).
    /// The full chunks and the one partial chunk are separate calls, so the inlined body of the
    /// main loop sees `valid == W` as a constant and keeps only whole-vector loads and stores
    /// (one shared call with a run-time `valid` compiled to lane-by-lane code, seen in a profile).
    @inline(__always)
    static func chunks(count: Int, _ body: (_ start: Int, _ valid: Int) -> Void) {
        var start = 0
        while start &+ width <= count {
            body(start, width)
            start &+= width
        }
        if start < count { body(start, count &- start) }
    }

    /// Below this many scalars a tensor is updated on the calling thread alone: handing half
    /// of it to a second core costs about a microsecond, and 16K scalars take ~5 µs.
    static let parallelMinimum = 16_384

    /// Calls `body(start, valid)` over every W-chunk of 0..<count, as `chunks(count:)`, but with
    /// the range cut into one slice per thread of `WorkerPool.shared` (slices a multiple of W
    /// long) when `count ≥ parallelMinimum`. Each lane's arithmetic does not depend on its
    /// neighbours, so the result is bit-identical however the range is cut.
    @inline(__always)
    static func parallelChunks(count: Int, _ body: (_ start: Int, _ valid: Int) -> Void) {
        let pool = WorkerPool.shared
        guard count >= parallelMinimum && pool.threadCount > 1 else {
            chunks(count: count, body)
            return
        }
        let slices = pool.threadCount
        let share = (count / width + slices) / slices * width   // ⌈count / slices⌉ rounded up to W
        pool.run(parts: slices) { slice in
            let body = body   // a local, not reloaded from the closure context each chunk
            let first = slice &* share, end = Swift.min(count, first &+ share)
            var start = first
            while start &+ width <= end {
                body(start, width)
                start &+= width
            }
            if start < end { body(start, end &- start) }
        }
    }

    /// Lanes `start ..< start + valid` of `pointer`, zero beyond `valid`.
    @inline(__always)
    static func load<S: Real>(_ pointer: UnsafePointer<S>, _ start: Int, _ valid: Int) -> SIMD16<S> {
        if valid == width { return UnsafeRawPointer(pointer + start).loadUnaligned(as: SIMD16<S>.self) }
        var vector = SIMD16<S>()
        for lane in 0..<valid { vector[lane] = pointer[start &+ lane] }
        return vector
    }

    /// Writes the first `valid` lanes of `vector` to `pointer[start...]`.
    @inline(__always)
    static func store<S: Real>(_ vector: SIMD16<S>, _ pointer: UnsafeMutablePointer<S>, _ start: Int, _ valid: Int) {
        if valid == width {
            UnsafeMutableRawPointer(pointer + start).storeBytes(of: vector, as: SIMD16<S>.self)
            return
        }
        for lane in 0..<valid { pointer[start &+ lane] = vector[lane] }
    }

    /// √v lane by lane, as the scalar `squareRoot()` rounds it (IEEE sqrt is exact-rounded).
    /// Why not `v.squareRoot()`: with Swift 6.3 on Linux each lane becomes a `sqrtf` library
    /// call guarded for errno, which blocks vectorisation; on x86-64 this uses SSE `sqrtps`
    /// (part of every x86-64 CPU) four lanes at a time instead.
    @inline(__always)
    static func squareRoot<S: Real>(_ v: SIMD16<S>) -> SIMD16<S> {
        #if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
        if S.self == Float.self {
            let f = unsafeBitCast(v, to: SIMD16<Float>.self)
            let low = SIMD8<Float>(lowHalf: _mm_sqrt_ps(f.lowHalf.lowHalf), highHalf: _mm_sqrt_ps(f.lowHalf.highHalf))
            let high = SIMD8<Float>(lowHalf: _mm_sqrt_ps(f.highHalf.lowHalf), highHalf: _mm_sqrt_ps(f.highHalf.highHalf))
            return unsafeBitCast(SIMD16<Float>(lowHalf: low, highHalf: high), to: SIMD16<S>.self)
        }
        #endif
        return v.squareRoot()
    }
}
