import Testing
@testable import TextGAN

/// The penalties against hand computations, and WGAN-GP's double backward
/// against finite differences with respect to a small conv critic's weights.
@Suite struct PenaltyTests {
    /// A 2-layer conv critic `[B, T, V] → [B]`: conv5 → relu → conv1 → sum over T.
    static func tinyCritic(_ w: [Tensor<Double>]) -> (Tensor<Double>) -> Tensor<Double> {
        { x in
            x.conv1d(w[0], bias: w[1], padding: .same(kernelSize: 5)).relu()
                .conv1d(w[2], padding: .same(kernelSize: 1)).sum(alongAxes: [1, 2])
        }
    }

    static func weights(seed: UInt64) -> [Tensor<Double>] {
        GradientChecking.normals([[5, 3, 4], [4], [1, 4, 1]], seed: seed)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func gradientPenaltyDifferentiatesThroughTheInputGradient(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let x = Tensor<Double>.normal([2, 6, 3], using: &rng)
        for oneSided in [false, true] {
            GradientChecking.checkFirstOrder("gp loss wrt critic weights, one-sided \(oneSided)", inputs: Self.weights(seed: seed), seed: seed) { w in
                // Scale so that some norms fall on each side of 1.
                Penalty.gradientPenalty(critic: Self.tinyCritic(w), interpolates: x * 0.3, lambda: 10, oneSided: oneSided).penalty
            }
        }
    }

    @Test func gradientPenaltyOfALinearCriticByHand() {
        // D(x) = Σ 2·x → ∇D = 2 everywhere; over [T, V] = [2, 2] the norm is √(4·4) = 4,
        // so gp = λ·(4 − 1)² = 10·9 = 90, and one-sided the same.
        let x = Tensor<Double>.zeros([3, 2, 2])
        let critic: (Tensor<Double>) -> Tensor<Double> = { ($0 * 2).sum(alongAxes: [1, 2]) }
        let (p, norms) = Penalty.gradientPenalty(critic: critic, interpolates: x, lambda: 10, oneSided: false)
        #expect(abs(p.scalar - 90) < 1e-9)
        #expect(norms.scalars.allSatisfy { abs($0 - 4) < 1e-9 })
        // With slope 0.25 < 1 the one-sided penalty vanishes and the two-sided is 10·0.75².
        let gentle: (Tensor<Double>) -> Tensor<Double> = { ($0 * 0.125).sum(alongAxes: [1, 2]) }
        #expect(abs(Penalty.gradientPenalty(critic: gentle, interpolates: x, lambda: 10, oneSided: true).penalty.scalar) < 1e-12)
        #expect(abs(Penalty.gradientPenalty(critic: gentle, interpolates: x, lambda: 10, oneSided: false).penalty.scalar - 5.625) < 1e-9)
    }

    @Test func directionalPenaltyOfALinearCriticByHand() {
        // D(x) = Σ 2·x → ∇D = 2 everywhere. Example 0 runs along one coordinate: ∇D·u = 2 → λ·1² = 10.
        // Example 1 along (1, 1, 0, 0)/√2: ∇D·u = 2√2 → λ·(2√2 − 1)². Mean over the two.
        let real = Tensor<Double>.zeros([2, 2, 2])
        let fake = Tensor<Double>(shape: [2, 2, 2], scalars: [3, 0, 0, 0, 0.5, 0.5, 0, 0])
        let u = Penalty.lineDirection(real: real, fake: fake)
        #expect(u.scalars.map { ($0 * 1e9).rounded() / 1e9 } == [1, 0, 0, 0, (0.5).squareRoot(), (0.5).squareRoot(), 0, 0].map { ($0 * 1e9).rounded() / 1e9 })
        let critic: (Tensor<Double>) -> Tensor<Double> = { ($0 * 2).sum(alongAxes: [1, 2]) }
        let x = Penalty.interpolate(real: real, fake: fake, alpha: Tensor(shape: [2], scalars: [0.3, 0.6]))
        let (p, slopes) = Penalty.directionalGradientPenalty(critic: critic, interpolates: x, direction: u, lambda: 10, oneSided: false)
        let s = 2 * 2.0.squareRoot()
        #expect(abs(slopes.scalars[0] - 2) < 1e-12 && abs(slopes.scalars[1] - s) < 1e-12)
        #expect(abs(p.scalar - 10 * (1 + (s - 1) * (s - 1)) / 2) < 1e-9)
        // Identical real and fake: a zero direction (no NaN), slope 0, penalty λ.
        let none = Penalty.lineDirection(real: real, fake: real)
        #expect(none.scalars.allSatisfy { $0 == 0 })
        #expect(Penalty.directionalGradientPenalty(critic: critic, interpolates: real, direction: none, lambda: 10, oneSided: false).penalty.scalar == 10)
    }

    /// The directional penalty's slope is the limit of `fd`'s: a central difference of the critic
    /// along the interpolation line, divided by the distance, matches |∇D(x̂)·u| to O(h²).
    @Test(arguments: [UInt64(1), 2])
    func directionalSlopeIsTheLimitOfTheDifferenceSlope(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let real = Tensor<Double>.normal([2, 6, 3], using: &rng), fake = Tensor<Double>.normal([2, 6, 3], using: &rng)
        let d = Self.tinyCritic(Self.weights(seed: seed))
        let alpha = Tensor<Double>(shape: [2], scalars: [0.35, 0.6]), h = 1e-5
        let x = Penalty.interpolate(real: real, fake: fake, alpha: alpha)
        let (_, slopes) = Penalty.directionalGradientPenalty(
            critic: d, interpolates: x, direction: Penalty.lineDirection(real: real, fake: fake), lambda: 10, oneSided: false)
        let above = Penalty.interpolate(real: real, fake: fake, alpha: alpha + h)
        let below = Penalty.interpolate(real: real, fake: fake, alpha: alpha - h)
        let (_, differences) = Penalty.finiteDifferencePenalty(
            scores1: d(above), scores2: d(below), x1: above, x2: below, lambda: 10, oneSided: false)
        for (a, b) in zip(slopes.scalars, differences.scalars) { #expect(abs(a - b) < 1e-6 * max(1, abs(a)), "\(a) vs \(b)") }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func directionalPenaltyDifferentiatesThroughTheInputGradient(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let real = Tensor<Double>.normal([2, 6, 3], using: &rng), fake = Tensor<Double>.normal([2, 6, 3], using: &rng)
        let x = Penalty.interpolate(real: real, fake: fake, alpha: Tensor(shape: [2], scalars: [0.25, 0.8]))
        let u = Penalty.lineDirection(real: real, fake: fake)
        GradientChecking.checkFirstOrder("directional gp loss wrt critic weights", inputs: Self.weights(seed: seed), seed: seed) { w in
            Penalty.directionalGradientPenalty(critic: Self.tinyCritic(w), interpolates: x * 0.3, direction: u, lambda: 10, oneSided: false).penalty
        }
    }

    @Test func finiteDifferencePenaltyByHand() {
        // Example 0: |3 − 1| / ‖(1,0,0,0)·2‖ = 2/2 = 1 → 0. Example 1: |5 − 0| / 1 = 5 → 16.
        // Two-sided λ·mean = 10·(0 + 16)/2 = 80.
        let x1 = Tensor<Double>(shape: [2, 2, 2], scalars: [2, 0, 0, 0, 1, 0, 0, 0])
        let x2 = Tensor<Double>.zeros([2, 2, 2])
        let s1 = Tensor<Double>(shape: [2], scalars: [3, 5]), s2 = Tensor<Double>(shape: [2], scalars: [1, 0])
        let (p, slopes) = Penalty.finiteDifferencePenalty(scores1: s1, scores2: s2, x1: x1, x2: x2, lambda: 10, oneSided: false)
        #expect(abs(p.scalar - 80) < 1e-9)
        #expect(slopes.scalars == [1, 5])
        // Slopes 0.5 and 5: two-sided 10·(0.25 + 16)/2 = 81.25; one-sided 10·16/2 = 80.
        let s3 = Tensor<Double>(shape: [2], scalars: [2, 5])
        #expect(abs(Penalty.finiteDifferencePenalty(scores1: s3, scores2: s2, x1: x1, x2: x2, lambda: 10, oneSided: false).penalty.scalar - 81.25) < 1e-9)
        #expect(abs(Penalty.finiteDifferencePenalty(scores1: s3, scores2: s2, x1: x1, x2: x2, lambda: 10, oneSided: true).penalty.scalar - 80) < 1e-9)
    }

    @Test func finiteDifferencePenaltyGuardsZeroDistance() {
        let x = Tensor<Double>.ones([1, 2, 2])
        let (p, _) = Penalty.finiteDifferencePenalty(
            scores1: Tensor(shape: [1], scalars: [1]), scores2: Tensor(shape: [1], scalars: [1]), x1: x, x2: x, lambda: 10, oneSided: false)
        // 0 / 1e-12 = 0 → (0 − 1)² · 10 = 10: finite, no NaN.
        #expect(p.scalar == 10)
    }

    @Test(arguments: [UInt64(1), 2])
    func finiteDifferencePenaltyGradientWrtCriticWeights(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let real = Tensor<Double>.normal([2, 6, 3], using: &rng), fake = Tensor<Double>.normal([2, 6, 3], using: &rng)
        let x1 = Penalty.interpolate(real: real, fake: fake, alpha: Tensor(shape: [2], scalars: [0.2, 0.7]))
        let x2 = Penalty.interpolate(real: real, fake: fake, alpha: Tensor(shape: [2], scalars: [0.9, 0.4]))
        GradientChecking.checkFirstOrder("fd loss wrt critic weights", inputs: Self.weights(seed: seed), seed: seed) { w in
            let d = Self.tinyCritic(w)
            return Penalty.finiteDifferencePenalty(scores1: d(x1), scores2: d(x2), x1: x1, x2: x2, lambda: 10, oneSided: false).penalty
        }
    }

    @Test func zeroCentredPenaltyOfALinearCriticByHand() {
        // D(x) = Σ 2·x → ∇D = 2 everywhere; over [T, V] = [2, 2], ‖∇D‖² = 16 per example,
        // so γ/2·E‖∇D‖² = 5·16 = 80 wherever it is taken, real or generated samples alike.
        let critic: (Tensor<Double>) -> Tensor<Double> = { ($0 * 2).sum(alongAxes: [1, 2]) }
        let (p, norms) = Penalty.zeroCentredGradientPenalty(critic: critic, at: .ones([3, 2, 2]), gamma: 10)
        #expect(abs(p.scalar - 80) < 1e-9)
        #expect(norms.scalars.allSatisfy { abs($0 - 4) < 1e-9 })
        // D(x) = Σ x²: ∇D = 2x, so per example 4‖x‖²; examples with ‖x‖² = 1 and 4 give γ/2·(4 + 16)/2.
        let square: (Tensor<Double>) -> Tensor<Double> = { ($0 * $0).sum(alongAxes: [1, 2]) }
        let x = Tensor<Double>(shape: [2, 1, 2], scalars: [1, 0, 0, 2])
        #expect(abs(Penalty.zeroCentredGradientPenalty(critic: square, at: x, gamma: 10).penalty.scalar - 50) < 1e-9)
        // A critic flat at the samples costs nothing: the penalty is zero-centred.
        #expect(Penalty.zeroCentredGradientPenalty(critic: square, at: .zeros([2, 1, 2]), gamma: 10).penalty.scalar == 0)
    }

    /// R1 and R2 with respect to the critic's weights: the first-order check differentiates
    /// the input gradient (a double backward); the second-order check differentiates that
    /// gradient once more, against finite differences of first-order backward passes.
    @Test(arguments: [UInt64(1), 2, 3])
    func zeroCentredPenaltyDifferentiatesThroughTheInputGradient(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let real = Tensor<Double>.oneHot((0..<12).map { _ in Int32.random(in: 0..<3, using: &rng) }, shape: [2, 6], depth: 3)
        let fake = Tensor<Double>.uniform([2, 6, 3], using: &rng)
        for (name, samples) in [("r1", real), ("r2", fake)] {
            GradientChecking.checkFirstOrder("\(name) wrt critic weights", inputs: Self.weights(seed: seed), seed: seed) { w in
                Penalty.zeroCentredGradientPenalty(critic: Self.tinyCritic(w), at: samples, gamma: 10).penalty
            }
            GradientChecking.checkSecondOrder("\(name) wrt critic weights", inputs: Self.weights(seed: seed), seed: seed) { w in
                Penalty.zeroCentredGradientPenalty(critic: Self.tinyCritic(w), at: samples, gamma: 10).penalty
            }
        }
    }

    /// The objective's R1 is taken at the real batch and R2 at the generated one.
    @Test func r1LooksAtRealAndR2AtGeneratedSamples() {
        var rng = SeededGenerator(seed: 6)
        let critic = Critic<Double>(ModelConfiguration(vocabularySize: 3, sequenceLength: 4, channels: 2, blocks: 1, kernelSize: 3), using: &rng)
        let real = Tensor<Double>.uniform([2, 4, 3], using: &rng), fake = Tensor<Double>.uniform([2, 4, 3], using: &rng)
        for (kind, samples) in [(PenaltyKind.r1, real), (.r2, fake)] {
            let objective = CriticObjective(critic: critic, real: real, fake: fake, alphas: [], penalty: kind, lambda: 3)
            let direct = Penalty.zeroCentredGradientPenalty(critic: { critic($0) }, at: samples, gamma: 3).penalty
            #expect(abs(objective.penalty.scalar - direct.scalar) < 1e-12 && direct.scalar > 0, "\(kind)")
        }
    }

    @Test func interpolatesLieOnTheSegment() {
        let real = Tensor<Double>.zeros([2, 1, 2]), fake = Tensor<Double>.ones([2, 1, 2])
        let x = Penalty.interpolate(real: real, fake: fake, alpha: Tensor(shape: [2], scalars: [0.25, 1]))
        #expect(x.scalars == [0.25, 0.25, 1, 1])
    }

    @Test func wassersteinLosses() {
        let real = Tensor<Double>(shape: [2], scalars: [3, 5]), fake = Tensor<Double>(shape: [2], scalars: [1, 2])
        #expect(WassersteinLoss.critic(realScores: real, fakeScores: fake).scalar == -2.5)
        #expect(WassersteinLoss.generator(fakeScores: fake).scalar == -1.5)
    }
}
