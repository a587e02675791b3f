import Foundation
import Testing
@testable import TextGAN

/// The losses, spectral normalisation and orthogonal regularisation inside ``GANTrainer``,
/// on the tiny GAN of ``TrainerTests``: they train, spectral normalisation advances one
/// power iteration per step of its network, and its vectors go through checkpoints so
/// that a resumed run is the uninterrupted one, bit for bit.
@Suite struct ToolboxTrainingTests {
    static func configuration(_ penalty: PenaltyKind = .r1, loss: AdversarialLoss = .hinge, spectralNorm: SpectralNormTarget = .both,
                              orthogonalRegularization: Double = 1e-3, ema: Double? = 0.9) -> TrainingConfiguration {
        var c = TrainerTests.configuration(penalty, ema: ema)
        c.loss = loss
        c.spectralNorm = spectralNorm
        c.orthogonalRegularization = orthogonalRegularization
        return c
    }

    static func trainer(_ c: TrainingConfiguration) -> GANTrainer {
        GANTrainer(configuration: c, data: TrainerTests.data, sampler: CyclingSampler(count: 40, batchSize: 4))
    }

    static func bits(_ tensors: [Tensor<Float>]) -> [[UInt32]] { tensors.map { $0.scalars.map(\.bitPattern) } }

    static func bits(_ state: SpectralNorm<Float>?) -> [[UInt32]] {
        bits(state.map { $0.vectors.flatMap { [$0.u, $0.v] } } ?? [])
    }

    /// Every penalty, `none` included, with every loss, under spectral normalisation of both networks.
    @Test(arguments: PenaltyKind.allCases)
    func everyPenaltyAndLossTrainsUnderSpectralNormalisation(penalty: PenaltyKind) throws {
        for loss in AdversarialLoss.allCases {
            var t = Self.trainer(Self.configuration(penalty, loss: loss))
            for _ in 0..<2 {
                let s = try t.trainIteration()
                #expect(s.criticLoss.isFinite && s.generatorLoss.isFinite && s.penalty.isFinite, "\(penalty.rawValue), \(loss)")
                #expect(s.orthogonalRegularization > 0)
                #expect(penalty.hasPenaltyTerm || s.penalty == 0)
            }
            #expect(t.criticSpectralNorm != nil && t.generatorSpectralNorm != nil)
        }
    }

    @Test(arguments: SpectralNormTarget.allCases)
    func theTargetDecidesWhichNetworksKeepVectors(target: SpectralNormTarget) throws {
        var t = Self.trainer(Self.configuration(spectralNorm: target))
        _ = try t.trainIteration()
        #expect((t.criticSpectralNorm != nil) == (target != .none))
        #expect((t.generatorSpectralNorm != nil) == (target == .both))
        // Without normalisation the networks as they score and generate are the networks.
        if target == .none {
            #expect(Self.bits(t.effectiveCritic.parameters) == Self.bits(t.critic.parameters))
            #expect(Self.bits(t.effectiveGenerator().parameters) == Self.bits(t.generator.parameters))
        }
    }

    /// A run with spectral normalisation draws what a run without it draws (its vectors
    /// have their own seed): the same initial weights and the same random stream.
    @Test func spectralNormalisationTakesNoDrawsFromTheRun() {
        let plain = Self.trainer(Self.configuration(spectralNorm: .none)), normalized = Self.trainer(Self.configuration(spectralNorm: .both))
        #expect(Self.bits(plain.critic.parameters) == Self.bits(normalized.critic.parameters))
        #expect(Self.bits(plain.generator.parameters) == Self.bits(normalized.generator.parameters))
        #expect(plain.rng == normalized.rng)
    }

    /// Each critic step moves the critic's vectors by one power iteration on its weights
    /// before the step's update; the generator step moves the generator's likewise, and
    /// scores with the critic's vectors as they are.
    @Test func eachStepAdvancesItsNetworksVectorsByOnePowerIteration() throws {
        var c = Self.configuration()
        c.criticIterations = 1
        var t = Self.trainer(c)
        let critic = t.critic, generator = t.generator
        let criticBefore = try #require(t.criticSpectralNorm), generatorBefore = try #require(t.generatorSpectralNorm)
        var stats = IterationStatistics()
        try t.criticStep(into: &stats)
        var expected = criticBefore
        _ = expected.iterating(critic)
        #expect(Self.bits(t.criticSpectralNorm) == Self.bits(expected))
        #expect(Self.bits(t.generatorSpectralNorm) == Self.bits(generatorBefore), "the critic step moved the generator's vectors")
        let criticAfter = t.criticSpectralNorm
        try t.generatorStep(into: &stats)
        var expectedGenerator = generatorBefore
        _ = expectedGenerator.iterating(generator)
        #expect(Self.bits(t.generatorSpectralNorm) == Self.bits(expectedGenerator))
        #expect(Self.bits(t.criticSpectralNorm) == Self.bits(criticAfter), "the generator step moved the critic's vectors")
    }

    /// A skipped step (a non-finite value) changes nothing, the vectors included.
    @Test func aSkippedStepLeavesTheVectors() throws {
        var c = Self.configuration(.gp)
        c.skipNonFiniteSteps = true
        var t = Self.trainer(c)
        t.critic.output.bias.withUnsafeMutableBufferPointer { $0[0] = .nan }
        let critic = Self.bits(t.criticSpectralNorm), generator = Self.bits(t.generatorSpectralNorm)
        _ = try t.trainIteration()
        #expect(t.skippedSteps == 3)
        #expect(Self.bits(t.criticSpectralNorm) == critic && Self.bits(t.generatorSpectralNorm) == generator)
    }

    @Test(arguments: [AdversarialLoss.hinge, .ns, .ls, .wasserstein])
    func resumedRunEqualsUninterruptedRun(loss: AdversarialLoss) throws {
        let c = Self.configuration(loss == .ls ? .r2 : .r1, loss: loss)
        var straight = Self.trainer(c)
        let straightLosses = try (0..<4).map { _ in try straight.trainIteration() }.map { [$0.criticLoss, $0.generatorLoss, $0.orthogonalRegularization] }

        var first = Self.trainer(c)
        var losses = try (0..<2).map { _ in try first.trainIteration() }.map { [$0.criticLoss, $0.generatorLoss, $0.orthogonalRegularization] }
        let resumed = try CheckpointFormatTests.restore(try first.checkpointData())
        #expect(Self.bits(resumed.criticSpectralNorm) == Self.bits(first.criticSpectralNorm))
        #expect(Self.bits(resumed.generatorSpectralNorm) == Self.bits(first.generatorSpectralNorm))
        var continued = resumed
        losses += try (0..<2).map { _ in try continued.trainIteration() }.map { [$0.criticLoss, $0.generatorLoss, $0.orthogonalRegularization] }

        #expect(losses == straightLosses)
        #expect(Self.bits(continued.generator.parameters) == Self.bits(straight.generator.parameters))
        #expect(Self.bits(continued.critic.parameters) == Self.bits(straight.critic.parameters))
        #expect(Self.bits(continued.criticSpectralNorm) == Self.bits(straight.criticSpectralNorm))
        #expect(Self.bits(continued.generatorSpectralNorm) == Self.bits(straight.generatorSpectralNorm))
        #expect(continued.configuration == c && continued.rng == straight.rng)
    }

    /// The checkpoint holds `sn.u.<name>` `[out]` and `sn.v.<name>` `[fanIn]` for every
    /// normalised weight, and the networks loaded from it for `eval` and `sample` are the
    /// trainer's networks as they score and generate.
    @Test func checkpointHoldsTheVectorsAndLoadsTheNormalisedNetworks() throws {
        var t = Self.trainer(Self.configuration())
        _ = try t.trainIteration()
        let data = try t.checkpointData()
        let (_, header) = try CheckpointFormatTests.header(of: data)
        let critic = try #require(t.criticSpectralNorm), generator = try #require(t.generatorSpectralNorm)
        for state in [critic, generator] {
            for (name, vectors) in zip(state.names, state.vectors) {
                #expect((header["sn.u.\(name)"] as? [String: Any])?["shape"] as? [Int] == vectors.u.shape, "\(name)")
                #expect((header["sn.v.\(name)"] as? [String: Any])?["shape"] as? [Int] == vectors.v.shape, "\(name)")
            }
        }
        #expect(header.keys.filter { $0.hasPrefix("sn.") }.count == 2 * (critic.names.count + generator.names.count))
        #expect(critic.names.first == "critic.input.weight" && generator.names.last == "generator.output.weight")
        let file = try SafeTensors(data: data)
        #expect(Self.bits(try Critic.load(checkpoint: file, path: "m").parameters) == Self.bits(t.effectiveCritic.parameters))
        for average in [false, true] {
            #expect(Self.bits(try Generator.load(checkpoint: file, path: "m", useAverage: average).parameters)
                    == Self.bits(t.effectiveGenerator(useAverage: average).parameters))
        }
        // The average is normalised by its own σ: each of its weight matrices ends with a largest singular value of 1.
        let average = t.effectiveGenerator(useAverage: true)
        let converged = SpectralNorm<Float>(of: average, seed: 0).iterated(on: average, iterations: 200)
        for (i, (name, path)) in average.weightMatrixPaths.enumerated() {
            let sigma = SpectralNorm.sigma(average[keyPath: path].asWeightMatrix(), converged.vectors[i]).scalar
            #expect(abs(sigma - 1) < 1e-3, "\(name): σ = \(sigma)")
        }
        // A run without normalisation writes no vectors.
        let (_, plain) = try CheckpointFormatTests.header(of: try Self.trainer(Self.configuration(spectralNorm: .none)).checkpointData())
        #expect(!plain.keys.contains { $0.hasPrefix("sn.") })
    }

    /// A checkpoint whose settings say spectral normalisation but that lacks the vectors is refused, naming the tensor.
    @Test func aCheckpointWithoutItsVectorsIsRefused() throws {
        let data = try Self.trainer(Self.configuration(spectralNorm: .critic)).checkpointData()
        // The last tensor, with its bytes: the file stays consistent but for the missing name.
        let last = "sn.v.critic.output.weight"
        let (_, header) = try CheckpointFormatTests.header(of: data)
        let bytes = try #require((header[last] as? [String: Any])?["shape"] as? [Int]).reduce(4, *)
        let stripped = try CheckpointFormatTests.rewritingHeader(data) { $0[last] = nil }.dropLast(bytes)
        CheckpointFormatTests.expectError(SafeTensorsError.missingTensor(last), mentioning: [last]) {
            _ = try CheckpointFormatTests.restore(Data(stripped))
        }
        CheckpointFormatTests.expectError(SafeTensorsError.missingTensor(last), mentioning: [last]) {
            _ = try Critic<Float>.load(checkpoint: try SafeTensors(data: Data(stripped)), path: "x")
        }
    }

    /// The orthogonal regularisation is added to the generator's loss: its gradient is the
    /// adversarial loss's plus β times the regulariser's.
    @Test func orthogonalRegularisationAddsToTheGeneratorsGradient() throws {
        var with = Self.trainer(Self.configuration(spectralNorm: .none, orthogonalRegularization: 0.5))
        var without = Self.trainer(Self.configuration(spectralNorm: .none, orthogonalRegularization: 0))
        var stats = IterationStatistics()
        let g1 = try with.generatorGradients(into: &stats)
        #expect(stats.orthogonalRegularization > 0)
        let g0 = try without.generatorGradients(into: &stats)
        #expect(stats.orthogonalRegularization == 0)
        let leaves = with.generator.trackingGradients()
        let regularizer = gradient(of: OrthogonalRegularization.penalty(leaves, beta: 0.5), wrt: leaves.parameters)
        for (a, (b, r)) in zip(g1, zip(g0, regularizer)) {
            for (x, (y, z)) in zip(a.scalars, zip(b.scalars, r.scalars)) { #expect(abs(x - (y + z)) <= 1e-5 * max(1, abs(x))) }
        }
    }
}
