// SplitMix64: a tiny 64-bit generator, used to seed Xoshiro256StarStar.

/// Sebastiano Vigna's SplitMix64 (2015), a fixed-increment Weyl sequence passed through a
/// 64-bit mixing function. Identical output on every platform for a given seed.
///
/// ```
/// state += 0x9E3779B97F4A7C15
/// z = (state ^ (state >> 30)) · 0xBF58476D1CE4E5B9
/// z = (z ^ (z >> 27)) · 0x94D049BB133111EB
/// return z ^ (z >> 31)
/// ```
/// Reference: https://prng.di.unimi.it/splitmix64.c
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The Weyl-sequence state.
    public private(set) var state: UInt64

    /// A generator whose first output mixes `seed + 0x9E3779B97F4A7C15`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
