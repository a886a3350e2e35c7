// xoshiro256**: the package's general-purpose seeded generator.

/// Blackman and Vigna's xoshiro256** 1.0 (2018): 256 bits of state, period 2²⁵⁶ − 1, fast and
/// statistically strong. Seeded by expanding a 64-bit seed with `SplitMix64`, as its authors
/// recommend, so the same seed gives the same numbers on every platform.
///
/// ```
/// result = rotl(s1 · 5, 7) · 9
/// t = s1 << 17
/// s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)
/// ```
/// Reference: https://prng.di.unimi.it/xoshiro256starstar.c
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    /// The four state words s0…s3.
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose state is the first four outputs of `SplitMix64(seed: seed)`.
    public init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        state = (seeder.next(), seeder.next(), seeder.next(), seeder.next())
    }

    /// A generator with an explicit state (must not be all zero).
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state != (0, 0, 0, 0), "Xoshiro256StarStar: the all-zero state never leaves zero; seed it")
        self.state = state
    }

    @inline(__always)
    static func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = Self.rotateLeft(state.1 &* 5, by: 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = Self.rotateLeft(state.3, by: 45)
        return result
    }
}
