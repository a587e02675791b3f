/// A small, fast, seedable random number generator: xoshiro256** (Blackman &
/// Vigna, 2018), seeded through SplitMix64. Its whole state is four words,
/// which checkpoints store so a resumed run draws the same numbers.
public struct SeededGenerator: RandomNumberGenerator, Codable, Equatable, Sendable {
    public private(set) var state: [UInt64]

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        var s = seed
        state = (0..<4).map { _ in SeededGenerator.splitMix64(&s) }
    }

    /// A generator resumed from a saved ``state``.
    /// - Precondition: four words, not all zero.
    public init(state: [UInt64]) {
        precondition(state.count == 4 && state.contains { $0 != 0 }, "SeededGenerator: invalid state \(state)")
        self.state = state
    }

    public mutating func next() -> UInt64 {
        let result = rotl(state[1] &* 5, 7) &* 9
        let t = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= t
        state[3] = rotl(state[3], 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    static func splitMix64(_ s: inout UInt64) -> UInt64 {
        s &+= 0x9E37_79B9_7F4A_7C15
        var z = s
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Tensor {
    /// Independent draws from `U(range)`.
    public static func uniform<G: RandomNumberGenerator>(
        _ shape: [Int], in range: Range<Scalar> = 0..<1, using rng: inout G
    ) -> Tensor {
        Tensor(shape: shape) { out in
            for i in 0..<out.count { out[i] = Scalar.random(in: range, using: &rng) }
        }
    }

    /// Independent draws from `N(mean, std²)` (Box–Muller):
    ///
    ///     r = √(−2 ln u₁),  out[i] = r cos 2πu₂,  out[i + 1] = r sin 2πu₂
    ///
    /// with `u₂ ~ U[0, 1)` and `u₁ ~ U[0, 1)` raised to its smallest step
    /// `2⁻ᵖ` (`p` = 24 for `Float`, 53 for `Double`), so `|z| ≤ √(2p ln 2)`
    /// (5.77 for `Float`), the tail PyTorch's `randn` has. (Drawing `u₁` from
    /// `[leastNormalMagnitude, 1)` alone put one pair in 2²⁴ at `r = 13.2`.)
    public static func normal<G: RandomNumberGenerator>(
        _ shape: [Int], mean: Scalar = 0, standardDeviation std: Scalar = 1, using rng: inout G
    ) -> Tensor {
        Tensor(shape: shape) { out in
            var i = 0
            while i < out.count {
                let u1 = Swift.max(Scalar.random(in: Scalar.leastNormalMagnitude..<1, using: &rng), Scalar.ulpOfOne / 2)
                let u2 = Scalar.random(in: 0..<1, using: &rng)
                let r = Scalar.sqrt(-2 * Scalar.log(u1))
                out[i] = mean + std * r * Scalar.cos(2 * .pi * u2)
                if i + 1 < out.count { out[i + 1] = mean + std * r * Scalar.sin(2 * .pi * u2) }
                i += 2
            }
        }
    }
}

extension Tensor {
    /// Independent draws from the standard normal truncated to `[−bound, bound]`: every
    /// component beyond the bound is drawn again until it falls inside (BigGAN's
    /// truncation trick).
    ///
    /// For `bound ≥ 1` the candidates are ``normal(_:mean:standardDeviation:using:)``'s
    /// (at least 68% land inside). Below 1 that would take `1/P(|z| ≤ bound)` draws per
    /// component (1250 at 0.001), so the candidates are uniform on `[−bound, bound]`,
    /// each kept with probability `e^(−z²/2)`: the same distribution (density ∝ `e^(−z²/2)`
    /// on the interval), at most `e^(1/2)` ≈ 1.65 candidates per component.
    ///
    /// - Precondition: `bound > 0` and finite.
    public static func truncatedNormal<G: RandomNumberGenerator>(
        _ shape: [Int], bound: Scalar, using rng: inout G
    ) -> Tensor {
        precondition(bound > 0 && bound.isFinite, "truncatedNormal: bound \(bound) must be a positive number")
        return Tensor(shape: shape) { out in
            var i = 0
            while i < out.count {
                if bound >= 1 {
                    for z in normal([2], using: &rng).scalars where i < out.count && Swift.abs(z) <= bound {
                        out[i] = z
                        i += 1
                    }
                } else {
                    let z = Scalar.random(in: -bound...bound, using: &rng)
                    if Scalar.random(in: 0..<1, using: &rng) < Scalar.exp(-z * z / 2) {
                        out[i] = z
                        i += 1
                    }
                }
            }
        }
    }
}
