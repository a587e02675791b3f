import Foundation
import Testing
@testable import TextGAN

/// `criticLearningRate` and `generatorLearningRate` reach their own optimiser.
///
/// Adam's first step, with m₀ = v₀ = 0: m₁ = (1 − β₁)g, v₁ = (1 − β₂)g², and after the bias
/// corrections m̂ = g, v̂ = g², so θ₁ − θ₀ = −lr · g / (|g| + ε): every weight whose gradient is
/// well above ε moves by the learning rate itself, whatever β. One generator iteration with one
/// critic step is the first step of both optimisers.
@Suite struct LearningRateTests {
    @Test func eachNetworkTakesAFirstAdamStepOfItsOwnLearningRate() throws {
        var c = TrainerTests.configuration(.gp)
        c.criticIterations = 1
        c.criticLearningRate = 3e-3
        c.generatorLearningRate = 5e-4
        c.beta1 = 0.3
        var trainer = GANTrainer(configuration: c, data: TrainerTests.data, sampler: CyclingSampler(count: 40, batchSize: 4))
        #expect(trainer.criticOptimizer.learningRate == 3e-3 && trainer.generatorOptimizer.learningRate == 5e-4)
        #expect(trainer.criticOptimizer.beta1 == 0.3 && trainer.generatorOptimizer.beta1 == 0.3)
        let critic = trainer.critic.parameters.flatMap(\.scalars), generator = trainer.generator.parameters.flatMap(\.scalars)
        _ = try trainer.trainIteration()
        for (name, before, after, lr) in [("critic", critic, trainer.critic.parameters.flatMap(\.scalars), Float(3e-3)),
                                          ("generator", generator, trainer.generator.parameters.flatMap(\.scalars), Float(5e-4))] {
            let steps = zip(before, after).map { abs($1 - $0) }.filter { $0 > 0 }
            #expect(steps.count > before.count / 2, "\(name): \(steps.count) of \(before.count) weights moved")
            // |Δθ| = lr·|g|/(|g| + 1e-8) ≤ lr, and equal to it (up to Float rounding) where |g| ≫ 1e-8.
            #expect(steps.allSatisfy { $0 <= lr * 1.001 }, "\(name): a step above lr = \(lr): \(steps.max() ?? 0)")
            let atLearningRate = steps.filter { abs($0 - lr) <= lr * 1e-3 }.count
            #expect(atLearningRate > steps.count * 9 / 10, "\(name): \(atLearningRate) of \(steps.count) steps equal lr = \(lr)")
        }
    }

    /// A config.json of a run trained before the two rates existed holds one `learningRate`.
    @Test func oneLearningRateOfAnOlderRunSetsBoth() throws {
        var c = TrainerTests.configuration(.gp)
        c.criticLearningRate = 7e-4
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as? [String: Any] ?? [:]
        json.removeValue(forKey: "criticLearningRate")
        json.removeValue(forKey: "generatorLearningRate")
        json["learningRate"] = 2e-4
        let decoded = try JSONDecoder().decode(TrainingConfiguration.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(decoded.criticLearningRate == 2e-4 && decoded.generatorLearningRate == 2e-4)
        let roundTrip = try JSONDecoder().decode(TrainingConfiguration.self, from: JSONEncoder().encode(c))
        #expect(roundTrip == c)
    }

    @Test func presetsAreTheSettingsTheyName() {
        let reference = TrainingConfiguration.preset(.reference, vocabularySize: 50)
        #expect(reference.model.channels == 128 && reference.model.blocks == 5 && reference.model.kernelSize == 5)
        #expect(reference.criticIterations == 5 && reference.criticLearningRate == 1e-4 && reference.generatorLearningRate == 1e-4)
        #expect(reference.beta1 == 0.5 && reference.beta2 == 0.9 && reference.batchSize == 64 && reference.model.vocabularySize == 50)
        let paper = TrainingConfiguration.preset(.paper, vocabularySize: 50)
        #expect(paper.model.channels == 512 && paper.criticIterations == 10)
        var expected = paper
        expected.model.channels = 128
        expected.criticIterations = 5
        #expect(expected == reference)
        #expect(TrainingConfiguration.preset(.standard, vocabularySize: 3) == TrainingConfiguration.defaults)
    }
}
