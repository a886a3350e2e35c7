/// `backprop help swift`: the Swift the exercises need, for someone who knows Python.
enum SwiftPrimer {
    static let text = #"""
    SWIFT FOR PYTHON PROGRAMMERS — just what the exercises need

    Your files are in Sources/Exercises/. Edit, save, then run the lesson again:
    `swift run -c release backprop run N` rebuilds and runs (or `backprop watch N`).

    NUMBERS
      let x = 2.0                 constant (Python: x = 2.0); `var y = 0.0` if it changes
      Double.exp(z)  Double.log(p)  (from `import Linalg`)  v.squareRoot()  abs(a)  max(a, b)
      2 * x, x / Double(k)        Int and Double never mix silently: convert with Double(k)
      Float(x), Double(f)         lessons 7 and 9 use Float (half the bytes, ~7 digits)

    LOOPS AND RANGES
      for i in 0..<n { … }        i = 0, 1, …, n−1   (Python: range(n))
      for i in 0...n { … }        i = 0, 1, …, n     (closed range, includes n)
      stride(from: 0, to: n, by: b)   0, b, 2b, … below n   (range(0, n, b))
      a..<b is a Range<Int>; r.count is its length; array[r] slices an array
      for (i, v) in xs.enumerated() { … }     for (a, b) in zip(xs, ys) { … }

    ARRAYS
      var z = [Double](repeating: 0, count: n)     n zeros   (Python: [0.0] * n)
      z[i] = 1.5; z.count; z.append(v); z.max()! (the ! unwraps: max of [] is nil)
      xs.map { $0 * 2 }           [x * 2 for x in xs]; $0 is the element
      xs.reduce(0, +)             sum(xs)
      nested: w[k][j] is row k, column j (lesson 2's weights are [[Double]])

    MATRIX (Linalg)  — row-major, shape rows×columns, written "N×H"
      Matrix<Double>(rows: n, columns: h)        zeros
      m[r, c]  m.rows  m.columns  m.count  m.elements (the flat array, r * columns + c)
      m.row(r) → [Double]        Matrix(row: [..]) 1×C   m.shapeDescription → "5×3"
      a.multiplied(by: b)                         A·B
      a.multiplied(by: b, layout: .transposeA)    Aᵀ·B   (no transpose is built)
      a.multiplied(by: b, layout: .transposeB)    A·Bᵀ
      a.hadamard(b)   A ⊙ B (elementwise)         s * a   scale      a - b, a + b
      a.map { 1 / (1 + Double.exp(-$0)) }         elementwise function
      a.sumOfRows()   1×C: the sum over the rows (samples) of each column
      a.transposed()

    FUNCTIONS AND inout
      static func f(x: Double) -> Double { … }    called as f(x: 1.0): argument labels are part of the call
      func update(parameter theta: inout [Float], …)   `inout`: the function changes the caller's
        array in place (Python lists behave like that by default; Swift arrays are copied
        unless passed inout). Call it with &: update(parameter: &theta, …)
      `let` inside a function is a constant; assign a `var` copy to change it: var nudged = theta

    CLASSES, IDENTITY AND SETS (lesson 14)
      Value is a class: `let b = a` is a second name for the same node (as with Python
      objects), so a grad set through b is a's grad; `a === b` asks "the same node?"
      ObjectIdentifier(node)      the node's identity, hashable: a Set element or Dictionary key
      var seen = Set<ObjectIdentifier>()   seen.insert(id).inserted is false if id was already in
      func visit(_ n: Value) { … }   a function inside a function may call itself and change the
        enclosing function's vars
      for x in list.reversed() { … }    the list from its end   (Python: reversed(list))

    READING A COMPILER ERROR
      Sources/Exercises/ChainRuleExercise.swift:19:47: error: cannot convert value of type 'Int' to expected argument type 'Double'
        file:line:column, then what is wrong. Fix the first error first; later ones often follow from it.
      "cannot convert … 'Int' … 'Double'"   wrap the Int: Double(k)
      "variable 'x' was never mutated"     a warning: write `let` instead of `var`
      "cannot assign to value: 'x' is a 'let' constant"   declare it with `var`
      "initialization of immutable value 'h' was never used"   a warning; delete the `_ = (…)` line
        only once you use those names, else this warning appears (harmless)
      "missing return in static method expected to return …"   every path must `return`
      A crash while your code runs (index out of range, a shape precondition) is not a
      compiler error: the lesson reports it as a failed check with your file:line.
    """#
}
