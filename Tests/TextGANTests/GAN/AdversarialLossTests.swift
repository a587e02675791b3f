import Foundation
import Testing
@testable import TextGAN

/// The adversarial losses: values by hand, their gradients with respect to the scores and,
/// inside the whole critic objective, with respect to a real critic's weights, against
/// finite differences in `Double`.
@Suite struct AdversarialLossTests {
    static var real: Tensor<Double> { Tensor(shape: [2], scalars: [2, -0.5]) }
    static var fake: Tensor<Double> { Tensor(shape: [2], scalars: [0.5, -3]) }

    static func softplus(_ x: Double) -> Double { Foundation.log(1 + Foundation.exp(x)) }

    @Test func valuesByHand() {
        // Wasserstein: E[D(fake)] − E[D(real)] = −1.25 − 0.75; −E[D(fake)] = 1.25.
        // Hinge: (relu(−1) + relu(1.5))/2 + (relu(1.5) + relu(−2))/2 = 0.75 + 0.75.
        // Least squares: ½·((2 − 1)² + (−0.5 − 1)²)/2 + ½·(0.5² + 3²)/2 = 0.8125 + 2.3125; G ½·(0.5² + 4²)/2.
        let nsCritic: Double = (Self.softplus(-2) + Self.softplus(0.5) + Self.softplus(0.5) + Self.softplus(-3)) / 2
        let nsGenerator: Double = (Self.softplus(-0.5) + Self.softplus(3)) / 2
        let expected: [(AdversarialLoss, Double, Double)] = [
            (.wasserstein, -2, 1.25), (.hinge, 1.5, 1.25), (.ns, nsCritic, nsGenerator), (.ls, 3.125, 4.0625),
        ]
        #expect(expected.map(\.0) == AdversarialLoss.allCases)
        for (loss, critic, generator) in expected {
            #expect(abs(loss.critic(realScores: Self.real, fakeScores: Self.fake).scalar - critic) < 1e-12, "\(loss) critic")
            #expect(abs(loss.generator(fakeScores: Self.fake).scalar - generator) < 1e-12, "\(loss) generator")
        }
    }

    /// The non-saturating critic loss is the cross-entropy of real = 1 and fake = 0 with
    /// `D` a logit: `−E[log σ(D(real))] − E[log(1 − σ(D(fake)))]`.
    @Test func nonSaturatingIsTheCrossEntropyOfLogits() {
        func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
        let realTerms: [Double] = Self.real.scalars.map { -Foundation.log(sigmoid($0)) }
        let fakeTerms: [Double] = Self.fake.scalars.map { -Foundation.log(1 - sigmoid($0)) }
        let crossEntropy = (realTerms.reduce(0, +) + fakeTerms.reduce(0, +)) / 2
        #expect(abs(AdversarialLoss.ns.critic(realScores: Self.real, fakeScores: Self.fake).scalar - crossEntropy) < 1e-12)
        let generatorTerms: [Double] = Self.fake.scalars.map { -Foundation.log(sigmoid($0)) }
        let generator = generatorTerms.reduce(0, +) / 2
        #expect(abs(AdversarialLoss.ns.generator(fakeScores: Self.fake).scalar - generator) < 1e-12)
    }

    /// Beyond its margins (real above 1, fake below −1) the hinge costs the critic nothing
    /// and pushes no further.
    @Test func hingeIgnoresScoresBeyondTheMargins() {
        let real = Tensor<Double>(shape: [2], scalars: [1.5, 3]).requiringGradient()
        let fake = Tensor<Double>(shape: [2], scalars: [-2, -1.25]).requiringGradient()
        let loss = AdversarialLoss.hinge.critic(realScores: real, fakeScores: fake)
        #expect(loss.scalar == 0)
        #expect(gradient(of: loss, wrt: [real, fake]).allSatisfy { $0.scalars.allSatisfy { $0 == 0 } })
    }

    @Test(arguments: AdversarialLoss.allCases)
    func gradientsWithRespectToTheScores(loss: AdversarialLoss) {
        for seed in [UInt64(1), 2] {
            // Spread out so that some hinge terms are active and some are not.
            let scores = GradientChecking.normals([[6], [6]], seed: seed).map { $0 * 2 }
            GradientChecking.checkFirstOrder("\(loss) critic loss", inputs: scores, seed: seed) {
                loss.critic(realScores: $0[0], fakeScores: $0[1])
            }
            GradientChecking.checkFirstOrder("\(loss) generator loss", inputs: [scores[1]], seed: seed) {
                loss.generator(fakeScores: $0[0])
            }
        }
    }

    /// The whole critic objective, loss plus penalty, on the real critic architecture in
    /// `Double`: its gradient with respect to every weight against finite differences. With
    /// `gp`, `r1` and `r2` the penalty's own gradient is a double backward.
    @Test(arguments: AdversarialLoss.allCases)
    func criticObjectiveGradientWithRespectToTheWeights(loss: AdversarialLoss) {
        var rng = SeededGenerator(seed: 4)
        let config = ModelConfiguration(vocabularySize: 3, sequenceLength: 4, channels: 2, blocks: 1, latentSize: 2, kernelSize: 3)
        let critic = Critic<Double>(config, using: &rng).withRandomBiases(seed: 1)
        let real = Tensor<Double>.oneHot([0, 1, 2, 1, 2, 2, 0, 1], shape: [2, 4], depth: 3)
        let fake = Tensor<Double>.uniform([2, 4, 3], using: &rng)
        let alpha = Tensor<Double>(shape: [2], scalars: [0.3, 0.8])
        for penalty in [PenaltyKind.gp, .r1, .r2, .fd, .none] {
            let alphas = Array(repeating: alpha, count: penalty.interpolateCount)
            GradientChecking.checkFirstOrder("\(loss) + \(penalty.rawValue) wrt critic weights", inputs: critic.parameters, seed: 4) { weights in
                var c = critic
                c.setParameters(weights)
                return CriticObjective(critic: c, real: real, fake: fake, alphas: alphas, penalty: penalty, lambda: 10, loss: loss).loss
            }
        }
    }

    /// The Wasserstein loss's objective is the same tensor as before the other losses
    /// existed: `E[D(fake)] − E[D(real)] + penalty`, and its adversarial term is the score gap.
    @Test func wassersteinObjectiveIsTheScoreGapPlusThePenalty() {
        var rng = SeededGenerator(seed: 5)
        let config = ModelConfiguration(vocabularySize: 3, sequenceLength: 4, channels: 2, blocks: 1, latentSize: 2, kernelSize: 3)
        let critic = Critic<Double>(config, using: &rng).withRandomBiases(seed: 1)
        let real = Tensor<Double>.uniform([3, 4, 3], using: &rng), fake = Tensor<Double>.uniform([3, 4, 3], using: &rng)
        for loss in AdversarialLoss.allCases {
            let objective = CriticObjective(critic: critic, real: real, fake: fake, alphas: [], penalty: .r1, lambda: 10, loss: loss)
            let gap = critic(fake).mean().scalar - critic(real).mean().scalar
            #expect(abs(objective.wassersteinLoss.scalar - gap) < 1e-12)
            #expect(abs(objective.adversarialLoss.scalar - loss.critic(realScores: critic(real), fakeScores: critic(fake)).scalar) < 1e-12)
            #expect(abs(objective.loss.scalar - objective.adversarialLoss.scalar - objective.penalty.scalar) < 1e-12)
            #expect(objective.penalty.scalar > 0)
        }
    }
}
