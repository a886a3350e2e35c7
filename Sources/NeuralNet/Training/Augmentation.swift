// Data augmentation for images stored as rows: N = batch, H×W pixels per row (row-major).
import Linalg

/// Random small translations (and optionally horizontal flips) of each training image, drawn
/// afresh for every batch: the network never sees exactly the same image twice, so it cannot
/// memorise pixel positions. Pixels shifted in from outside the frame are 0 (background).
public struct Augmentation: Equatable, Codable, Sendable {
    /// Largest shift in pixels, each direction: dx and dy are uniform in −maxShift…maxShift.
    public var maxShift: Int
    /// Mirror left-right with probability ½ (before the shift).
    public var flips: Bool
    /// Image width W and height H (Fashion-MNIST: 28×28).
    public var width: Int
    public var height: Int

    public init(maxShift: Int, flips: Bool = false, width: Int = 28, height: Int = 28) {
        self.maxShift = maxShift
        self.flips = flips
        self.width = width
        self.height = height
    }

    /// The first problem with these values, or nil.
    public var problem: String? {
        if width < 1 || height < 1 { return "augmentation needs a positive image size, got \(width)×\(height)" }
        if maxShift < 0 || maxShift >= Swift.min(width, height) {
            return "the augmentation shift must be from 0 to \(Swift.min(width, height) - 1) pixels, got \(maxShift) (e.g. --augment 2)"
        }
        return nil
    }

    // region shift-image
    /// One image moved by (dx, dy): right by dx, down by dy (negative: left, up), after an
    /// optional mirror. out[y][x] = in[y − dy][x′ − dx], where x′ mirrors x when `flip`;
    /// 0 where the source falls outside the image. `source` and `destination` hold H·W values.
    @inlinable
    public static func shift<Scalar: Real>(_ source: UnsafeBufferPointer<Scalar>, into destination: UnsafeMutableBufferPointer<Scalar>,
                                           width: Int, height: Int, dx: Int, dy: Int, flip: Bool) {
        for y in 0..<height {
            let sourceY = y - dy
            let row = y * width
            guard sourceY >= 0 && sourceY < height else {
                for x in 0..<width { destination[row + x] = 0 }
                continue
            }
            for x in 0..<width {
                let shiftedX = x - dx
                let sourceX = flip ? width - 1 - shiftedX : shiftedX
                destination[row + x] = shiftedX >= 0 && shiftedX < width ? source[sourceY * width + sourceX] : 0
            }
        }
    }
    // endregion

    /// `shift` on arrays: a new H·W image.
    public static func shifted<Scalar: Real>(_ image: [Scalar], width: Int, height: Int, dx: Int, dy: Int,
                                             flip: Bool = false) -> [Scalar] {
        precondition(image.count == width * height, "Augmentation.shifted: \(image.count) pixels for a \(width)×\(height) image")
        var result = [Scalar](repeating: 0, count: image.count)
        image.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { destination in
                shift(source, into: destination, width: width, height: height, dx: dx, dy: dy, flip: flip)
            }
        }
        return result
    }

    /// Writes a randomly moved copy of every row of `input` (N×(H·W)) into `output`
    /// (resized when needed). Draws per row: dx, dy, then the flip coin if `flips`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func apply<Scalar: Real>(_ input: Matrix<Scalar>, into output: inout Matrix<Scalar>,
                                    using generator: inout Xoshiro256StarStar) {
        precondition(input.columns == width * height,
                     "Augmentation: rows of \(input.columns) values, expected \(width)×\(height) = \(width * height)")
        Matrix.ensureWorkspaceShape(&output, rows: input.rows, columns: input.columns)
        let span = UInt64(2 * maxShift + 1)
        let (width, height, maxShift, flips) = (self.width, self.height, self.maxShift, self.flips)
        input.elements.withUnsafeBufferPointer { source in
            output.elements.withUnsafeMutableBufferPointer { destination in
                for row in 0..<input.rows {
                    let dx = Int(generator.next() % span) - maxShift
                    let dy = Int(generator.next() % span) - maxShift
                    let flip = flips && generator.next() & 1 == 1
                    let offset = row * width * height
                    Self.shift(UnsafeBufferPointer(rebasing: source[offset..<offset + width * height]),
                          into: UnsafeMutableBufferPointer(rebasing: destination[offset..<offset + width * height]),
                          width: width, height: height, dx: dx, dy: dy, flip: flip)
                }
            }
        }
    }
}
