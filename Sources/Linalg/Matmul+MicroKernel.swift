// The register-tile micro-kernels of the `.simd` matmul: MR×2W tiles, W = lanes per vector V.
// Wide (AVX-512, 32 vector registers): 8×2W with SIMD16<Float> / SIMD8<Double>.
// Narrow (AVX2 or NEON, 16 or 32 registers): 6×2W with SIMD8<Float> / SIMD4<Double>.
// depth = KC of the current block; a: packed MR×depth strip, p-major (a[p·MR + r]);
// b: packed depth×2W strip (b[p·2W + t]).

/// n rounded up to a multiple of `multiple`.
@inline(__always)
func roundUp(_ n: Int, to multiple: Int) -> Int { (n + multiple - 1) / multiple * multiple }

extension MatmulProblem {
    /// C[r][0..<2W] (+)= Σ_p a[p·8 + r] · b[p·2W + 0..<2W] for r in 0..<8.
    ///
    /// ```
    /// for p in 0..<depth:  b0, b1 = two vectors of row p of the B strip
    ///                      for r in 0..<8:  acc[r][0] += a[p][r]·b0,  acc[r][1] += a[p][r]·b1
    /// ```
    /// The 16 accumulators are separate locals so they live in registers (AVX-512 has 32);
    /// 16 independent fused multiply-adds per step hide the FMA latency.
    @inline(__always)
    static func microKernel8<V: SIMD>(depth: Int, a: UnsafePointer<Scalar>, b: UnsafePointer<Scalar>,
                                     c: UnsafeMutablePointer<Scalar>, ldc: Int, addToC: Bool,
                                     vector: V.Type) where V.Scalar == Scalar {
        let w = V.scalarCount
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V(), c30 = V(), c31 = V()
        var c40 = V(), c41 = V(), c50 = V(), c51 = V(), c60 = V(), c61 = V(), c70 = V(), c71 = V()
        var ap = a, bp = UnsafeRawPointer(b)
        let rowBytes = w &* MemoryLayout<Scalar>.stride
        for _ in 0..<depth {
            let b0 = bp.loadUnaligned(as: V.self)
            let b1 = bp.loadUnaligned(fromByteOffset: rowBytes, as: V.self)
            var x = V(repeating: ap[0]); c00.addProduct(x, b0); c01.addProduct(x, b1)
            x = V(repeating: ap[1]); c10.addProduct(x, b0); c11.addProduct(x, b1)
            x = V(repeating: ap[2]); c20.addProduct(x, b0); c21.addProduct(x, b1)
            x = V(repeating: ap[3]); c30.addProduct(x, b0); c31.addProduct(x, b1)
            x = V(repeating: ap[4]); c40.addProduct(x, b0); c41.addProduct(x, b1)
            x = V(repeating: ap[5]); c50.addProduct(x, b0); c51.addProduct(x, b1)
            x = V(repeating: ap[6]); c60.addProduct(x, b0); c61.addProduct(x, b1)
            x = V(repeating: ap[7]); c70.addProduct(x, b0); c71.addProduct(x, b1)
            ap += 8
            bp += 2 &* rowBytes
        }
        store(c00, c01, row: 0, c: c, ldc: ldc, add: addToC)
        store(c10, c11, row: 1, c: c, ldc: ldc, add: addToC)
        store(c20, c21, row: 2, c: c, ldc: ldc, add: addToC)
        store(c30, c31, row: 3, c: c, ldc: ldc, add: addToC)
        store(c40, c41, row: 4, c: c, ldc: ldc, add: addToC)
        store(c50, c51, row: 5, c: c, ldc: ldc, add: addToC)
        store(c60, c61, row: 6, c: c, ldc: ldc, add: addToC)
        store(c70, c71, row: 7, c: c, ldc: ldc, add: addToC)
    }

    /// The narrow kernel: as `microKernel8` with 6 rows, 12 accumulators (+ 2 B vectors and a
    /// broadcast: 15 of AVX2's 16 registers).
    @inline(__always)
    static func microKernel6<V: SIMD>(depth: Int, a: UnsafePointer<Scalar>, b: UnsafePointer<Scalar>,
                                      c: UnsafeMutablePointer<Scalar>, ldc: Int, addToC: Bool,
                                      vector: V.Type) where V.Scalar == Scalar {
        let w = V.scalarCount
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        var ap = a, bp = UnsafeRawPointer(b)
        let rowBytes = w &* MemoryLayout<Scalar>.stride
        for _ in 0..<depth {
            let b0 = bp.loadUnaligned(as: V.self)
            let b1 = bp.loadUnaligned(fromByteOffset: rowBytes, as: V.self)
            var x = V(repeating: ap[0]); c00.addProduct(x, b0); c01.addProduct(x, b1)
            x = V(repeating: ap[1]); c10.addProduct(x, b0); c11.addProduct(x, b1)
            x = V(repeating: ap[2]); c20.addProduct(x, b0); c21.addProduct(x, b1)
            x = V(repeating: ap[3]); c30.addProduct(x, b0); c31.addProduct(x, b1)
            x = V(repeating: ap[4]); c40.addProduct(x, b0); c41.addProduct(x, b1)
            x = V(repeating: ap[5]); c50.addProduct(x, b0); c51.addProduct(x, b1)
            ap += 6
            bp += 2 &* rowBytes
        }
        store(c00, c01, row: 0, c: c, ldc: ldc, add: addToC)
        store(c10, c11, row: 1, c: c, ldc: ldc, add: addToC)
        store(c20, c21, row: 2, c: c, ldc: ldc, add: addToC)
        store(c30, c31, row: 3, c: c, ldc: ldc, add: addToC)
        store(c40, c41, row: 4, c: c, ldc: ldc, add: addToC)
        store(c50, c51, row: 5, c: c, ldc: ldc, add: addToC)
    }

    /// C[row][0..<2W] = (C[row][0..<2W] if add) + (left, right).
    @inline(__always)
    private static func store<V: SIMD>(_ left: V, _ right: V, row: Int, c: UnsafeMutablePointer<Scalar>,
                                       ldc: Int, add: Bool) where V.Scalar == Scalar {
        let target = UnsafeMutableRawPointer(c + row &* ldc)
        let rowBytes = V.scalarCount &* MemoryLayout<Scalar>.stride
        var l = left, r = right
        if add {
            l += target.loadUnaligned(as: V.self)
            r += target.loadUnaligned(fromByteOffset: rowBytes, as: V.self)
        }
        target.storeBytes(of: l, as: V.self)
        target.storeBytes(of: r, toByteOffset: rowBytes, as: V.self)
    }
}
