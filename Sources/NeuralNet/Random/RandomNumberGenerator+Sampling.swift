// Platform-independent sampling. The standard library's `random(in:)` and `shuffle(using:)`
// algorithms are not guaranteed stable across Swift versions or platforms; these are, given
// the same generator (only the libm `log`/`cos` in `nextGaussian` may differ in the last bit).
import Foundation

extension RandomNumberGenerator {
    /// A uniform Double in [0, 1): the top 53 bits of `next()` scaled by 2⁻⁵³.
    ///
    /// ```
    /// u = (next() >> 11) · 2⁻⁵³
    /// ```
    @inlinable
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform Double in [low, high).
    @inlinable
    public mutating func nextUniform(in low: Double, _ high: Double) -> Double {
        low + (high - low) * nextUniform()
    }

    /// A standard normal sample (mean 0, variance 1) by the Box–Muller transform.
    ///
    /// ```
    /// u1 ∈ (0, 1], u2 ∈ [0, 1)
    /// z = √(−2 ln u1) · cos(2π u2)
    /// ```
    /// Uses two uniforms per sample (the sine partner is discarded, so the generator's
    /// position depends only on how many samples were drawn).
    @inlinable
    public mutating func nextGaussian() -> Double {
        let u1 = 1.0 - nextUniform()  // (0, 1]: log never sees 0
        let u2 = nextUniform()
        return (-2.0 * Foundation.log(u1)).squareRoot() * Foundation.cos(2.0 * Double.pi * u2)
    }

    /// A normal sample with the given mean and standard deviation.
    @inlinable
    public mutating func nextGaussian(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * nextGaussian()
    }

    /// A uniform integer in 0..<upperBound, as ⌊u · upperBound⌋ (bias ≤ upperBound · 2⁻⁵³).
    @inlinable
    public mutating func nextIndex(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "nextIndex(below:): upper bound must be positive, got \(upperBound)")
        return Swift.min(Int(nextUniform() * Double(upperBound)), upperBound - 1)
    }
}

extension MutableCollection where Self: RandomAccessCollection {
    /// Fisher–Yates shuffle in place: for i from the last position down to 1, swap element i
    /// with a uniformly chosen j ∈ 0...i (drawn with `nextIndex(below:)`). Same permutation on
    /// every platform for the same generator state.
    @inlinable
    public mutating func fisherYatesShuffle(using generator: inout some RandomNumberGenerator) {
        let n = count
        guard n > 1 else { return }
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = generator.nextIndex(below: i + 1)
            if i != j { swapAt(index(startIndex, offsetBy: i), index(startIndex, offsetBy: j)) }
        }
    }
}

extension Sequence {
    /// The elements in a Fisher–Yates shuffled order (see `fisherYatesShuffle(using:)`).
    @inlinable
    public func fisherYatesShuffled(using generator: inout some RandomNumberGenerator) -> [Element] {
        var result = Array(self)
        result.fisherYatesShuffle(using: &generator)
        return result
    }
}
