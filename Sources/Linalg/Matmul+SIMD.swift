// Packed, register-tiled matmul (the GotoBLAS/BLIS loop nest). Shapes: op(A) is M×K,
// op(B) is K×N, C is M×N. W = lanes per SIMD vector V; the register tile is MR×NR = MR×2W
// (8×2W wide, 6×2W narrow); a packed A block is MC×KC, a packed B block KC×NC.

/// Block sizes of the `.simd` kernel, chosen for one Zen 5 core (L1d 48 KiB, L2 1 MiB):
/// a KC×NR strip of B (256×32 Floats = 32 KiB) stays in L1 while strips of A stream from
/// the MC×KC block in L2 (128×256 Floats = 128 KiB).
enum SIMDSizes {
    /// KC: depth of a packed block.
    static let depth = 256
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
    /// `tileRows` is 8 (with 512-bit V) or 6 (with 256-bit V); see `Matmul+MicroKernel.swift`.
    @inline(__always)
    func runSIMD<V: SIMD>(vector: V.Type, tileRows: Int) where V.Scalar == Scalar {
        precondition(tileRows == 8 || tileRows == 6, "runSIMD: tileRows must be 8 or 6, got \(tileRows)")
        let tileColumns = 2 * V.scalarCount
        let depthBlock = Swift.min(SIMDSizes.depth, k)
        let rowBlock = Swift.min(SIMDSizes.blockRows / tileRows * tileRows, roundUp(m, to: tileRows))
        let columnBlock = Swift.min(SIMDSizes.blockColumns, roundUp(n, to: tileColumns))
        let scalarSize = MemoryLayout<Scalar>.stride
        let packedA = UnsafeMutableRawPointer.allocate(byteCount: rowBlock * depthBlock * scalarSize, alignment: 64)
            .bindMemory(to: Scalar.self, capacity: rowBlock * depthBlock)
        let packedB = UnsafeMutableRawPointer.allocate(byteCount: depthBlock * columnBlock * scalarSize, alignment: 64)
            .bindMemory(to: Scalar.self, capacity: depthBlock * columnBlock)
        let edgeTile = UnsafeMutableRawPointer.allocate(byteCount: tileRows * tileColumns * scalarSize, alignment: 64)
            .bindMemory(to: Scalar.self, capacity: tileRows * tileColumns)
        defer { packedA.deallocate(); packedB.deallocate(); edgeTile.deallocate() }

        for columnStart in stride(from: 0, to: n, by: columnBlock) {
            let width = Swift.min(columnBlock, n - columnStart)
            for depthStart in stride(from: 0, to: k, by: depthBlock) {
                let depth = Swift.min(depthBlock, k - depthStart)
                let addToC = accumulate || depthStart > 0
                packStripsOfB(into: packedB, depthStart: depthStart, depth: depth,
                              columnStart: columnStart, width: width, stripWidth: tileColumns)
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
    private func packStripsOfB(into packed: UnsafeMutablePointer<Scalar>, depthStart: Int, depth: Int,
                               columnStart: Int, width: Int, stripWidth: Int) {
        for stripStart in stride(from: 0, to: width, by: stripWidth) {
            let strip = packed + stripStart &* depth
            let valid = Swift.min(stripWidth, width - stripStart)
            if valid < stripWidth { strip.update(repeating: 0, count: stripWidth * depth) }
            if transposeB {
                // op(B)[p][j] = B[j][p]: each stored row of B becomes one lane of the strip.
                for t in 0..<valid {
                    let bRow = b + ((columnStart &+ stripStart &+ t) &* ldb &+ depthStart)
                    for p in 0..<depth { strip[p &* stripWidth &+ t] = bRow[p] }
                }
            } else {
                for p in 0..<depth {
                    (strip + p &* stripWidth).update(from: b + ((depthStart &+ p) &* ldb &+ columnStart &+ stripStart),
                                                     count: valid)
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
                for r in 0..<valid {
                    let aRow = a + ((rowStart &+ stripStart &+ r) &* lda &+ depthStart)
                    for p in 0..<depth { strip[p &* stripHeight &+ r] = aRow[p] }
                }
            }
        }
    }
}
