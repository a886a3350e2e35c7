import Testing
@testable import Linalg

@Test("naive matmul of a 2×3 by 3×2 matches the hand-computed product")
func naiveMatmulSmall() {
    let a = Matrix<Double>([[1, 2, 3], [4, 5, 6]])
    let b = Matrix<Double>([[7, 8], [9, 10], [11, 12]])
    // 1·7+2·9+3·11 = 58, 1·8+2·10+3·12 = 64, 4·7+5·9+6·11 = 139, 4·8+5·10+6·12 = 154
    #expect(a.multiplied(by: b) == Matrix([[58, 64], [139, 154]]))
    #expect(a.multiplied(by: b.transposed(), layout: .transposeB) == Matrix([[58, 64], [139, 154]]))
    #expect(a.transposed().multiplied(by: b, layout: .transposeA) == Matrix([[58, 64], [139, 154]]))
}
