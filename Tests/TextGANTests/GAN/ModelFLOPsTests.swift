import Testing
@testable import TextGAN

/// The analytic FLOP count that `textgan bench` divides by time, against the
/// GEMMs a training iteration actually runs.
@Suite struct ModelFLOPsTests {
    @Test(arguments: PenaltyKind.allCases)
    func analyticCountEqualsTheGEMMsRun(penalty: PenaltyKind) throws {
        var configuration = TrainingConfiguration(
            model: ModelConfiguration(vocabularySize: 6, sequenceLength: 8, channels: 16, blocks: 2, latentSize: 8))
        configuration.penalty = penalty
        configuration.batchSize = 4
        configuration.criticIterations = 3
        var trainer = GANTrainer(configuration: configuration, data: TrainerTests.data, sampler: CyclingSampler(count: 40, batchSize: 4))
        let counter = GEMMCounter()
        try GEMMCounter.$current.withValue(counter) { _ = try trainer.trainIteration() }
        let analytic = ModelFLOPs(configuration: configuration).perIteration
        let counted = counter.totals.flops
        #expect(counter.totals.calls > 0)
        #expect(abs(counted - analytic) <= 1e-9 * analytic, "\(penalty): counted \(counted) FLOPs, analytic \(analytic)")
    }

    /// At 32 channels the residual convolutions run Winograd F(4, 5): its
    /// GEMMs do 8·⌈T/4⌉ instead of 5·T products per output channel pair in the
    /// forward and input-gradient convolutions, so fewer FLOPs run than the
    /// model's (direct) count, which im2col matches exactly.
    @Test func winogradRunsFewerFLOPsThanTheModelsCount() throws {
        var configuration = TrainingConfiguration(
            model: ModelConfiguration(vocabularySize: 6, sequenceLength: 8, channels: 32, blocks: 1, latentSize: 8))
        configuration.batchSize = 4
        configuration.criticIterations = 1
        let analytic = ModelFLOPs(configuration: configuration).perIteration
        func counted(_ algorithm: Conv1dAlgorithm?) throws -> Double {
            var trainer = GANTrainer(configuration: configuration, data: TrainerTests.data, sampler: CyclingSampler(count: 40, batchSize: 4))
            let counter = GEMMCounter()
            try Conv1dKernels.$forcedAlgorithm.withValue(algorithm) {
                try GEMMCounter.$current.withValue(counter) { _ = try trainer.trainIteration() }
            }
            return counter.totals.flops
        }
        #expect(abs(try counted(.im2col) - analytic) <= 1e-9 * analytic)
        let winograd = try counted(nil)
        #expect(winograd < 0.8 * analytic && winograd > 0.4 * analytic, "Winograd ran \(winograd) of \(analytic) FLOPs")
    }

    @Test func gemmsOutsideTheBoundTaskAreNotCounted() {
        let counter = GEMMCounter()
        let a = Tensor<Float>.ones([4, 5]), b = Tensor<Float>.ones([5, 3])
        _ = a.matmul(b)  // unbound: not counted
        GEMMCounter.$current.withValue(counter) { _ = a.matmul(b) }
        #expect(counter.totals.calls == 1)
        #expect(counter.totals.flops == 2 * 4 * 5 * 3)
        #expect(counter.totals.seconds >= 0)
    }
}
