/// Stops the program with `message`, in every build configuration.
///
/// Swift's `precondition` drops its message under -O, and Linalg is always built with -O, so
/// a learner whose matrices do not fit would see only "precondition failure". The shape and
/// index checks a learner can trip from their own code (the matrix product, elementwise
/// operations, the bias add, indexing) call this instead, so the message naming the shapes
/// survives: "Fatal error: Matmul normal: inner dimensions differ, A is 6×3, B is 6×5".
/// The check itself stays inline; only the failure path is out of line.
@usableFromInline @inline(never)
func shapeFailure(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError(message, file: file, line: line)
}
