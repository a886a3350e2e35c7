// Packed, register-tiled matmul (the GotoBLAS/BLIS loop nest). Shapes: op(A) is M×K,
// op(B) is K×N, C is M×N. W = lanes per SIMD vector V; the register tile is MR×NR = MR×2W
// (8×2W wide, 6×2W narrow); a packed A block is MC×KC, a packed B block KC×NC.

/// Block sizes of the `.simd` kernel, chosen for one Zen 5 core (L1d 48 KiB, L2 1 MiB):
/// a KC×NR strip of B (256×32 Floats = 32 KiB wide, 16 KiB narrow) stays in L1 while strips of A stream from
/// the MC×KC block in L2 (128×256 Floats = 128 KiB).
enum SIMDSizes {
    /// KC: the largest depth of a packed block (K is cut into equal blocks no deeper).
    static let depth = 288
    /// MC: rows of a packed A block, rounded down to a multiple of MR.
    static let blockRows = 128
    /// NC: columns of a packed B block (a multiple of NR for both scalar types).
    static let blockColumns = 1024
}

extension MatmulProblem {
    /// The `.simd` variant: the same sums as `naive`, computed tile by tile in registers.
    ///
    /// ```
    /// for each column block J (NC), for each depth block P (KC):
    ///     pack op(B)[P][J] into KC×NR strips (zero-padded)            (transpose folded in)
    ///     for each row block I (MC):
    ///         pack op(A)[I][P] into MR×KC strips, stored p-major     (transpose folded in)
    ///         for each NR strip j, MR strip i:  C[i][j] (+)= Σ_p a[p][0..<MR] ⊗ b[p][0..<NR]
    /// ```
    /// The micro-kernel keeps the MR×NR tile of C in 2·MR SIMD accumulators; each step of p
    /// loads 2 vectors of B, broadcasts MR values of A and issues 2·MR fused multiply-adds.
    /// `tileRows` is 8 (with 512-bit V) or 6 (with 256-bit V); see the micro-kernels below.
    @inline(__always)
    func runSIMD<V: SIMD>(vector: V.Type, tileRows: Int) where V.Scalar == Scalar {
        precondition(tileRows == 8 || tileRows == 6, "runSIMD: tileRows must be 8 or 6, got \(tileRows)")
        let tileColumns = 2 * V.scalarCount
        // K split into equal blocks of at most KC (784 → 3 × 262 rather than 256+256+256+16,
        // whose thin last block would pay the tile's load/store of C for 16 steps).
        let depthBlocks = (k + SIMDSizes.depth - 1) / SIMDSizes.depth
        let depthBlock = (k + depthBlocks - 1) / depthBlocks
        let rowBlock = Swift.min(SIMDSizes.blockRows / tileRows * tileRows, roundUp(m, to: tileRows))
        let columnBlock = Swift.min(SIMDSizes.blockColumns, roundUp(n, to: tileColumns))
        MatmulWorkspacePool.shared.withBuffer { buffer in
            var carver = WorkspaceCarver(buffer)
            let packedA = carver.take(rowBlock * depthBlock, of: Scalar.self)
            let packedB = carver.take(depthBlock * columnBlock, of: Scalar.self)
            let edgeTile = carver.take(tileRows * tileColumns, of: Scalar.self)
            runSIMD(packedA: packedA, packedB: packedB, edgeTile: edgeTile, rowBlock: rowBlock, depthBlock: depthBlock,
                    columnBlock: columnBlock, tileRows: tileRows, vector: V.self)
        }
    }

    /// The loop nest of `runSIMD(vector:tileRows:)` on its workspace.
    @inline(__always)
    private func runSIMD<V: SIMD>(packedA: UnsafeMutablePointer<Scalar>, packedB: UnsafeMutablePointer<Scalar>,
                                  edgeTile: UnsafeMutablePointer<Scalar>, rowBlock: Int, depthBlock: Int,
                                  columnBlock: Int, tileRows: Int, vector: V.Type) where V.Scalar == Scalar {
        let tileColumns = 2 * V.scalarCount
        for columnStart in stride(from: 0, to: n, by: columnBlock) {
            let width = Swift.min(columnBlock, n - columnStart)
            for depthStart in stride(from: 0, to: k, by: depthBlock) {
                let depth = Swift.min(depthBlock, k - depthStart)
                let addToC = accumulate || depthStart > 0
                packStripsOfB(into: packedB, depthStart: depthStart, depth: depth,
                              columnStart: columnStart, width: width, vector: V.self)
                for rowStart in stride(from: 0, to: m, by: rowBlock) {
                    let height = Swift.min(rowBlock, m - rowStart)
                    packStripsOfA(into: packedA, rowStart: rowStart, height: height,
                                  depthStart: depthStart, depth: depth, stripHeight: tileRows)
                    for j in stride(from: 0, to: width, by: tileColumns) {
                        let columns = Swift.min(tileColumns, width - j)
                        for i in stride(from: 0, to: height, by: tileRows) {
                            let rows = Swift.min(tileRows, height - i)
                            let cTile = c + ((rowStart &+ i) &* ldc &+ columnStart &+ j)
                            let aStrip = packedA + i &* depth, bStrip = packedB + j &* depth
                            let full = rows == tileRows && columns == tileColumns
                            // A ragged edge tile is computed whole into scratch; its valid part copied.
                            let target = full ? cTile : edgeTile, targetStride = full ? ldc : tileColumns
                            if tileRows == 8 {
                                Self.microKernel8(depth: depth, a: aStrip, b: bStrip, c: target, ldc: targetStride,
                                                  addToC: full && addToC, vector: V.self)
                            } else {
                                Self.microKernel6(depth: depth, a: aStrip, b: bStrip, c: target, ldc: targetStride,
                                                  addToC: full && addToC, vector: V.self)
                            }
                            if !full {
                                for r in 0..<rows {
                                    let source = edgeTile + r &* tileColumns, target = cTile + r &* ldc
                                    if addToC {
                                        for col in 0..<columns { target[col] += source[col] }
                                    } else {
                                        target.update(from: source, count: columns)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Strip s of the packed B holds op(B)[depthStart + p][columnStart + s·NR + t] at
    /// s·NR·depth + p·NR + t, zero beyond column `width`.
    @inline(__always)
    private func packStripsOfB<V: SIMD>(into packed: UnsafeMutablePointer<Scalar>, depthStart: Int, depth: Int,
                                        columnStart: Int, width: Int, vector: V.Type) where V.Scalar == Scalar {
        let stripWidth = 2 * V.scalarCount
        let vectorBytes = V.scalarCount * MemoryLayout<Scalar>.stride
        for stripStart in stride(from: 0, to: width, by: stripWidth) {
            let strip = packed + stripStart &* depth
            let valid = Swift.min(stripWidth, width - stripStart)
            if valid < stripWidth { strip.update(repeating: 0, count: stripWidth * depth) }
            if transposeB {
                // op(B)[p][j] = B[j][p]: each stored row of B becomes one lane of the strip.
                let first = b + ((columnStart &+ stripStart) &* ldb &+ depthStart)
                Self.packTransposed(into: strip, from: first, stride: ldb, lanes: valid, laneCount: stripWidth,
                                    depth: depth, vector: V.self)
            } else if valid == stripWidth {
                // A full strip row is exactly two vectors: copy them with vector loads and stores.
                for p in 0..<depth {
                    let source = UnsafeRawPointer(b + ((depthStart &+ p) &* ldb &+ columnStart &+ stripStart))
                    let target = UnsafeMutableRawPointer(strip + p &* stripWidth)
                    target.storeBytes(of: source.loadUnaligned(as: V.self), as: V.self)
                    target.storeBytes(of: source.loadUnaligned(fromByteOffset: vectorBytes, as: V.self),
                                      toByteOffset: vectorBytes, as: V.self)
                }
            } else {
                for p in 0..<depth {
                    let source = b + ((depthStart &+ p) &* ldb &+ columnStart &+ stripStart)
                    let target = strip + p &* stripWidth
                    for t in 0..<valid { target[t] = source[t] }
                }
            }
        }
    }

    /// Strip s of the packed A holds op(A)[rowStart + s·MR + r][depthStart + p] at
    /// s·MR·depth + p·MR + r, zero beyond row `height`.
    @inline(__always)
    private func packStripsOfA(into packed: UnsafeMutablePointer<Scalar>, rowStart: Int, height: Int,
                               depthStart: Int, depth: Int, stripHeight: Int) {
        for stripStart in stride(from: 0, to: height, by: stripHeight) {
            let strip = packed + stripStart &* depth
            let valid = Swift.min(stripHeight, height - stripStart)
            if valid < stripHeight { strip.update(repeating: 0, count: stripHeight * depth) }
            if transposeA {
                // op(A)[i][p] = A[p][i]: a stored row of A gives `valid` consecutive lanes.
                for p in 0..<depth {
                    let aRow = a + ((depthStart &+ p) &* lda &+ rowStart &+ stripStart)
                    for r in 0..<valid { strip[p &* stripHeight &+ r] = aRow[r] }
                }
            } else {
                // op(A)[i][p] = A[i][p]: each stored row of A becomes one lane of the strip.
                let first = a + ((rowStart &+ stripStart) &* lda &+ depthStart)
                if stripHeight == 8 {
                    Self.packTransposed(into: strip, from: first, stride: lda, lanes: valid, laneCount: 8,
                                        depth: depth, vector: SIMD8<Scalar>.self)
                } else {
                    Self.packTransposed(into: strip, from: first, stride: lda, lanes: valid, laneCount: stripHeight,
                                        depth: depth, vector: SIMD4<Scalar>.self)
                }
            }
        }
    }
}

extension MatmulProblem {
    /// strip[p·laneCount + t] = source[t·stride + p] for t < lanes, p < depth: `lanes` rows of
    /// a stored matrix become the lanes of a p-major strip (lanes ≥ `lanes` already zeroed).
    ///
    /// Why not the two-line loop `for t { for p { strip[p·laneCount + t] = row_t[p] } }`: LLVM
    /// vectorises its inner loop with AVX-512 *scatter* stores (`vscatterqps`), which Zen 4
    /// runs at about one element per two cycles; a profile of a training epoch put 18% of the
    /// SIMD kernel's time on two such instructions. Here each step of p reads one number from
    /// each row (plain loads, `Lanes` of them) and writes a whole strip row as one vector store.
    @inline(__always)
    static func packTransposed<V: SIMD>(into strip: UnsafeMutablePointer<Scalar>, from source: UnsafePointer<Scalar>,
                                        stride: Int, lanes: Int, laneCount: Int, depth: Int,
                                        vector: V.Type) where V.Scalar == Scalar {
        let w = V.scalarCount
        var base = 0
        while base < lanes {
            let count = Swift.min(w, lanes &- base)
            let rows = source + base &* stride
            let target = strip + base
            if count == w && base &+ w <= laneCount {
                // Full vectors: lane t of row p of the strip comes from row t of the source.
                for p in 0..<depth {
                    var v = V()
                    for t in 0..<w { v[t] = rows[t &* stride &+ p] }
                    UnsafeMutableRawPointer(target + p &* laneCount).storeBytes(of: v, as: V.self)
                }
            } else {
                for p in 0..<depth {
                    for t in 0..<count { target[p &* laneCount &+ t] = rows[t &* stride &+ p] }
                }
            }
            base &+= w
        }
    }
}

/// The concrete entry points of the `.simd` variant. They live in this file, beside the generic
/// driver and micro-kernels, so the compiler specialises the whole kernel for Float and Double
/// even in non-whole-module (debug) builds.
enum SIMDKernels {
    /// Float: SIMD16<Float> 8×32 tiles on AVX-512, SIMD8<Float> 6×16 tiles otherwise.
    @Sendable static func float(_ problem: MatmulProblem<Float>) {
        if MatmulKernelShape.current == .wide {
            problem.runSIMD(vector: SIMD16<Float>.self, tileRows: 8)
        } else {
            problem.runSIMD(vector: SIMD8<Float>.self, tileRows: 6)
        }
    }

    /// Double: SIMD8<Double> 8×16 tiles on AVX-512, SIMD4<Double> 6×8 tiles otherwise.
    @Sendable static func double(_ problem: MatmulProblem<Double>) {
        if MatmulKernelShape.current == .wide {
            problem.runSIMD(vector: SIMD8<Double>.self, tileRows: 8)
        } else {
            problem.runSIMD(vector: SIMD4<Double>.self, tileRows: 6)
        }
    }
}

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
