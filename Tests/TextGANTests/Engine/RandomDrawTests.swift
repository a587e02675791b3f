import Foundation
import Testing
@testable import TextGAN

/// The laws of the random draws training takes, in `Float` as training takes them:
/// the generator's noise N(0, 1), the interpolation weights U(0, 1), and the
/// initial weights' spread. The replays against PyTorch feed both sides the same
/// draws, so these laws are the one link they cannot check.
@Suite struct RandomDrawTests {
    static let count = 200_000

    /// Mean, variance and lag-1 correlation of a sample.
    static func moments(_ x: [Float]) -> (mean: Double, variance: Double, lagCorrelation: Double) {
        let n = Double(x.count)
        let mean = x.reduce(0.0) { $0 + Double($1) } / n
        let variance = x.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
        var lag = 0.0
        for i in 1..<x.count { lag += (Double(x[i - 1]) - mean) * (Double(x[i]) - mean) }
        return (mean, variance, lag / (n - 1) / variance)
    }

    /// Standard errors at n = 200 000: mean 0.0022, variance 0.0032, correlation 0.0022,
    /// P(|z| > 2) 0.00047; the bounds are about 4.5 of them.
    @Test(arguments: [UInt64(1), 2, 3])
    func noiseIsStandardNormal(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let z = Tensor<Float>.normal([Self.count / 128, 128], using: &rng).scalars
        let m = Self.moments(z)
        #expect(abs(m.mean) < 0.01 && abs(m.variance - 1) < 0.015 && abs(m.lagCorrelation) < 0.01, "\(m)")
        // Box–Muller's cos and sin halves are both N(0, 1): each half alone has the moments.
        let evens = stride(from: 0, to: z.count, by: 2).map { z[$0] }, odds = stride(from: 1, to: z.count, by: 2).map { z[$0] }
        for half in [evens, odds] {
            let h = Self.moments(half)
            #expect(abs(h.mean) < 0.015 && abs(h.variance - 1) < 0.02, "\(h)")
        }
        let tail = Double(z.filter { abs($0) > 2 }.count) / Double(z.count)
        #expect(abs(tail - 0.0455) < 0.0025, "P(|z| > 2) = \(tail)")
        let fourth = z.reduce(0.0) { sum, x in let square = Double(x) * Double(x); return sum + square * square } / Double(z.count)
        #expect(abs(fourth - 3) < 0.1, "E z⁴ = \(fourth)")
    }

    /// A generator whose every word is 0: each unit draw is its smallest value.
    struct ZeroWords: RandomNumberGenerator {
        mutating func next() -> UInt64 { 0 }
    }

    static let ln2 = 0.693_147_180_559_945_3

    /// The noise's largest value is the one at the unit draw's smallest step,
    /// `u₁ = 2⁻ᵖ`: `r = √(2p ln 2)`, 5.77 in `Float` (p = 24) and 8.57 in
    /// `Double` (p = 53), not `√(−2 ln leastNormalMagnitude)` (13.2 and 37.6).
    @Test func noiseTailEndsAtTheUnitDrawsSmallestStep() {
        var zeros = ZeroWords()
        let float = Tensor<Float>.normal([2], using: &zeros).scalars
        #expect(abs(Double(float[0]) - (48 * Self.ln2).squareRoot()) < 1e-5 && float[1] == 0, "\(float)")
        let double = Tensor<Double>.normal([2], using: &zeros).scalars
        #expect(abs(double[0] - (106 * Self.ln2).squareRoot()) < 1e-12 && double[1] == 0, "\(double)")
    }

    @Test func interpolationWeightsAreUniform() {
        var rng = SeededGenerator(seed: 5)
        let u = Tensor<Float>.uniform([Self.count], using: &rng).scalars
        let m = Self.moments(u)
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(m.mean - 0.5) < 0.003 && abs(m.variance - 1.0 / 12) < 0.001 && abs(m.lagCorrelation) < 0.01, "\(m)")
        for decile in 0..<10 {
            let share = Double(u.filter { Int($0 * 10) == decile }.count) / Double(u.count)
            #expect(abs(share - 0.1) < 0.003, "decile \(decile): \(share)")
        }
    }

    /// The truncation trick's noise never leaves `[−τ, τ]` and has the truncated normal's
    /// variance `1 − 2τφ(τ)/(2Φ(τ) − 1)`, on both sides of τ = 1 (where the candidates
    /// change from normal draws to uniform ones kept with probability `e^(−z²/2)`).
    @Test(arguments: [0.05, 0.5, 0.999, 1, 2, 3])
    func truncatedNoiseStaysInsideItsBoundWithTheTruncatedVariance(bound: Double) {
        var rng = SeededGenerator(seed: 17)
        let z = Tensor<Float>.truncatedNormal([Self.count / 100, 100], bound: Float(bound), using: &rng).scalars
        #expect(z.count == Self.count)
        #expect(z.allSatisfy { abs($0) <= Float(bound) }, "a component beyond \(bound): \(z.map(abs).max() ?? 0)")
        let density = exp(-bound * bound / 2) / (2 * Double.pi).squareRoot(), mass = erf(bound / 2.0.squareRoot())
        let variance = 1 - 2 * bound * density / mass
        let m = Self.moments(z)
        #expect(abs(m.mean) < 0.01 * bound && abs(m.variance / variance - 1) < 0.02 && abs(m.lagCorrelation) < 0.01, "\(m) vs variance \(variance)")
        // Half the mass lies within the median of |z|: P(|z| ≤ q) = 2Φ(q) − 1 = mass/2 at erf(q/√2) = mass/2.
        var low = 0.0, high = bound
        for _ in 0..<60 { let mid = (low + high) / 2; if erf(mid / 2.0.squareRoot()) < mass / 2 { low = mid } else { high = mid } }
        let inside = Double(z.filter { Double(abs($0)) <= low }.count) / Double(z.count)
        #expect(abs(inside - 0.5) < 0.005, "P(|z| ≤ median) = \(inside)")
    }

    /// Noise of a generator with a truncation is the truncated draw; without one, the normal draw.
    @Test func generatorNoiseWithoutTruncationIsTheNormalDraw() {
        var rng = SeededGenerator(seed: 1)
        let generator = Generator<Float>(ModelConfiguration(vocabularySize: 5, channels: 4, blocks: 1), using: &rng)
        var a = SeededGenerator(seed: 2), b = SeededGenerator(seed: 2), c = SeededGenerator(seed: 2)
        #expect(generator.noise(batchSize: 3, truncation: nil, using: &a).scalars == generator.noise(batchSize: 3, using: &b).scalars)
        let truncated = generator.noise(batchSize: 64, truncation: 0.5, using: &c)
        #expect(truncated.shape == [64, 128] && truncated.scalars.allSatisfy { abs($0) <= 0.5 })
    }

    /// The reference's initialisation: a 128-channel, kernel-5 convolution is
    /// uniform with std √(4 / (640 + 640)); the 128 → 4096 input layer Glorot with
    /// std √(2 / (128 + 4096)); biases zero.
    @Test func initialWeightsHaveTheReferenceSpread() {
        var rng = SeededGenerator(seed: 9)
        let generator = Generator<Float>(ModelConfiguration(vocabularySize: 113), using: &rng)
        let conv = Self.moments(generator.blocks[0].conv1.weight.scalars)
        #expect(abs(conv.variance.squareRoot() / (4.0 / 1280).squareRoot() - 1) < 0.01 && abs(conv.mean) < 1e-3, "\(conv)")
        let input = Self.moments(generator.input.weight.scalars)
        #expect(abs(input.variance.squareRoot() / (2.0 / 4224).squareRoot() - 1) < 0.01, "\(input)")
        #expect(generator.blocks[0].conv1.bias.scalars.allSatisfy { $0 == 0 })
    }
}
