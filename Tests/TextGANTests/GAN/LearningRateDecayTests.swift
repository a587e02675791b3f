import Foundation
import Testing
@testable import TextGAN

/// `--lr-decay linear`: the factor over iterations and over a time budget, the rates the
/// optimisers train each iteration with, and a resume that continues the schedule.
@Suite struct LearningRateDecayTests {
    @Test func theFactorFallsLinearlyToZeroAtTheEnd() {
        var c = TrainerTests.configuration(.gp)
        c.iterations = 10
        #expect(c.learningRateFactor(step: 5, trainingSeconds: 0) == 1)  // none: constant
        c.learningRateDecay = .linear
        #expect(c.learningRateFactor(step: 0, trainingSeconds: 0) == 1)
        #expect(c.learningRateFactor(step: 5, trainingSeconds: 0) == 0.5)
        #expect(abs(c.learningRateFactor(step: 9, trainingSeconds: 0) - 0.1) < 1e-12)
        #expect(c.learningRateFactor(step: 10, trainingSeconds: 0) == 0)
        // With a time budget, the further along of time and iterations.
        c.minutes = 1
        #expect(c.learningRateFactor(step: 1, trainingSeconds: 45) == 0.25)
        #expect(abs(c.learningRateFactor(step: 8, trainingSeconds: 15) - 0.2) < 1e-12)
        #expect(c.learningRateFactor(step: 1, trainingSeconds: 90) == 0)
    }

    @Test func eachIterationTrainsAtTheDecayedRates() throws {
        var c = TrainerTests.configuration(.gp)
        c.iterations = 4
        c.criticLearningRate = 4e-3
        c.generatorLearningRate = 2e-3
        c.learningRateDecay = .linear
        var trainer = GANTrainer(configuration: c, data: TrainerTests.data, sampler: CyclingSampler(count: 40, batchSize: 4))
        for step in 0..<4 {
            _ = try trainer.trainIteration()
            let factor = 1 - Double(step) / 4  // iteration `step` (from 0) of 4
            #expect(trainer.criticOptimizer.learningRate == Float(4e-3 * factor), "step \(step)")
            #expect(trainer.generatorOptimizer.learningRate == Float(2e-3 * factor), "step \(step)")
        }
    }

    @Test func aResumedRunContinuesTheSchedule() throws {
        var c = TrainerTests.configuration(.fd)
        c.iterations = 6
        c.learningRateDecay = .linear
        var straight = GANTrainer(configuration: c, data: TrainerTests.data, sampler: CyclingSampler(count: 40, batchSize: 4))
        for _ in 0..<6 { _ = try straight.trainIteration() }
        var first = GANTrainer(configuration: c, data: TrainerTests.data, sampler: CyclingSampler(count: 40, batchSize: 4))
        for _ in 0..<3 { _ = try first.trainIteration() }
        var resumed = try GANTrainer(checkpoint: SafeTensors(data: first.checkpointData()), path: "test", data: TrainerTests.data) {
            try JSONDecoder().decode(CyclingSampler.self, from: $0)
        }
        #expect(resumed.configuration.learningRateDecay == .linear)
        for _ in 0..<3 { _ = try resumed.trainIteration() }
        #expect(resumed.generator.parameters.map(\.scalars) == straight.generator.parameters.map(\.scalars))
        #expect(resumed.critic.parameters.map(\.scalars) == straight.critic.parameters.map(\.scalars))
    }
}
