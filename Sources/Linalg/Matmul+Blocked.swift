// Cache-blocked i-k-j matmul. Shapes: op(A) is M×K, op(B) is K×N, C is M×N;
// a block of op(B) is KC×NC.

/// Block sizes of the `.blocked` variant: a KC×NC block of op(B) (256×512 Floats = 512 KiB)
/// fits the 1 MiB L2 cache and is reused for all M rows of A.
enum BlockedSizes {
    static let depth = 256   // KC
    static let width = 512   // NC
}

extension MatmulProblem {
    /// The `.blocked` variant: the same sums as `naive`, over KC×NC blocks of op(B).
    ///
    /// ```
    /// for each column block J (NC wide), for each depth block P (KC deep):
    ///     pack op(B)[P][J] into a contiguous KC×NC panel     (transpose folded in here)
    ///     for i, for p in P:  C[i][J] += op(A)[i][p] · panel[p][0..<NC]
    /// ```
    /// The panel stays in cache while every row of A streams past it, and the innermost loop
    /// is unit-stride in every layout.
    func runBlocked() {
        if !accumulate { zeroC() }
        let depthBlock = Swift.min(BlockedSizes.depth, k)
        let widthBlock = Swift.min(BlockedSizes.width, n)
        MatmulWorkspacePool.shared.withBuffer { buffer in
            var carver = WorkspaceCarver(buffer)
            runBlocked(panel: carver.take(depthBlock * widthBlock, of: Scalar.self),
                       depthBlock: depthBlock, widthBlock: widthBlock)
        }
    }

    /// The loop nest of `runBlocked()` with its KC×NC panel.
    private func runBlocked(panel: UnsafeMutablePointer<Scalar>, depthBlock: Int, widthBlock: Int) {
        for columnStart in stride(from: 0, to: n, by: widthBlock) {
            let width = Swift.min(widthBlock, n - columnStart)
            for depthStart in stride(from: 0, to: k, by: depthBlock) {
                let depth = Swift.min(depthBlock, k - depthStart)
                packPanelOfB(into: panel, depthStart: depthStart, depth: depth,
                             columnStart: columnStart, width: width)
                for i in 0..<m {
                    let cRow = c + (i &* ldc &+ columnStart)
                    for p in 0..<depth {
                        let aValue = elementOfA(i, depthStart &+ p)
                        let panelRow = panel + p &* width
                        for j in 0..<width { cRow[j] += aValue * panelRow[j] }
                    }
                }
            }
        }
    }

    /// panel[p][j] = op(B)[depthStart + p][columnStart + j], row stride `width`.
    private func packPanelOfB(into panel: UnsafeMutablePointer<Scalar>, depthStart: Int, depth: Int,
                              columnStart: Int, width: Int) {
        if transposeB {
            // op(B)[p][j] = B[j][p]: read stored rows (unit stride in p), scatter to columns.
            for j in 0..<width {
                let bRow = b + ((columnStart &+ j) &* ldb &+ depthStart)
                for p in 0..<depth { panel[p &* width &+ j] = bRow[p] }
            }
        } else {
            for p in 0..<depth {
                (panel + p &* width).update(from: b + ((depthStart &+ p) &* ldb &+ columnStart), count: width)
            }
        }
    }
}
