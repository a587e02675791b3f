import Foundation
import Testing
@testable import TextGAN

/// A sequential sampler for tests: batches 0..<B, B..<2B, … wrapping around.
struct CyclingSampler: BatchIndexSampler {
    var count: Int
    var batchSize: Int
    var position = 0
    var exampleCount: Int { count }

    mutating func next() -> [Int] {
        defer { position = (position + batchSize) % count }
        return (0..<batchSize).map { (position + $0) % count }
    }
}

/// The training step, checkpoints and resume, on a tiny GAN (C = 16, T = 8).
@Suite struct TrainerTests {
    /// 40 examples over a vocabulary of 6: "abcab…" patterns with pads (id 0).
    static let data: TrainingData = {
        var ids: [Int32] = []
        for i in 0..<40 {
            let length = 2 + i % 6
            for t in 0..<8 { ids.append(t < length ? Int32(1 + (i + t) % 5) : 0) }
        }
        return TrainingData(ids: ids, count: 40, sequenceLength: 8)
    }()

    static func configuration(_ penalty: PenaltyKind, ema: Double? = nil) -> TrainingConfiguration {
        var c = TrainingConfiguration(model: ModelConfiguration(vocabularySize: 6, sequenceLength: 8, channels: 16, blocks: 1, latentSize: 8))
        c.penalty = penalty
        c.batchSize = 4
        c.criticIterations = 2
        c.seed = 42
        c.ema = ema
        return c
    }

    static func trainer(_ penalty: PenaltyKind, ema: Double? = nil) -> GANTrainer {
        GANTrainer(configuration: configuration(penalty, ema: ema), data: data, sampler: CyclingSampler(count: 40, batchSize: 4))
    }

    @Test(arguments: PenaltyKind.allCases)
    func everyPenaltyTrainsWithFiniteLosses(penalty: PenaltyKind) throws {
        var t = Self.trainer(penalty)
        let before = t.critic.parameters.map(\.scalars)
        for _ in 0..<3 {
            let s = try t.trainIteration()
            #expect(s.criticLoss.isFinite && s.generatorLoss.isFinite && s.penalty.isFinite)
            if !penalty.hasPenaltyTerm {
                #expect(s.penalty == 0)
            } else if penalty.isOneSided {
                #expect(s.penalty >= 0)  // 0 while every slope is below 1
            } else {
                #expect(s.penalty > 0)
            }
        }
        #expect(t.step == 3)
        #expect(t.critic.parameters.map(\.scalars) != before)
        if penalty.clipsWeights {
            #expect(t.critic.parameters.allSatisfy { $0.scalars.allSatisfy { abs($0) <= 0.01 } })
        }
        let slopes = t.interpolateSlopes()
        #expect(slopes.total.count == 4 && slopes.alongLine.count == 4)
        // One direction's slope never exceeds the steepest (Cauchy–Schwarz, with float32 slack).
        #expect(zip(slopes.alongLine, slopes.total).allSatisfy { $0 <= $1 * (1 + 1e-5) + 1e-6 }, "\(slopes)")
    }

    /// The diagnostic's along-line slope is the derivative of the critic along the
    /// unit real→fake direction at the interpolate: a copy of the trainer takes the
    /// same draws, and a central difference `(D(x̂ + εu) − D(x̂ − εu)) / 2ε` in float32
    /// agrees with `|∇D(x̂)·u|` per example.
    @Test(arguments: [PenaltyKind.gp, .fd])
    func alongLineSlopeIsTheDirectionalDerivative(penalty: PenaltyKind) throws {
        var t = Self.trainer(penalty)
        _ = try t.trainIteration()
        var copy = t
        let slopes = t.interpolateSlopes()
        let real = copy.realBatch(), fake = copy.fakeBatch()
        let x = Penalty.interpolate(real: real, fake: fake, alpha: copy.uniformAlpha())
        let u = Penalty.lineDirection(real: real, fake: fake)
        let d = copy.critic.detached()
        let epsilon: Float = 1e-2
        let plus = d(x + u * Tensor(epsilon)).scalars, minus = d(x - u * Tensor(epsilon)).scalars
        for b in 0..<4 {
            let difference = abs(plus[b] - minus[b]) / (2 * epsilon)
            #expect(abs(difference - slopes.alongLine[b]) <= 2e-2 * max(slopes.alongLine[b], 0.1), "example \(b): \(difference) vs \(slopes.alongLine[b])")
        }
    }

    /// Golden losses of the first iterations at a fixed seed: a change in
    /// initialisation, sampling order or any gradient shows up here.
    @Test func goldenTrajectory() throws {
        var t = Self.trainer(.gp)
        let losses = try (0..<3).map { _ in try t.trainIteration() }.map { [$0.criticLoss, $0.generatorLoss] }
        let golden: [[Double]] = GoldenValues.gpTrajectory
        for (l, g) in zip(losses, golden) {
            // Adam's first steps move each weight by about ±lr = 1e-4 whatever the
            // gradient's size, so a reordered Float sum that flips the sign of a
            // near-zero gradient moves these losses by ~1e-4; a real change
            // (initialisation, sampling order, a wrong gradient) moves them by far more.
            for (a, b) in zip(l, g) { #expect(abs(a - b) <= 1e-3 * max(1, abs(b)), "loss \(a) vs golden \(b)") }
        }
        #expect(losses.count == golden.count)
    }

    @Test(arguments: [PenaltyKind.gp, .fd])
    func resumedRunEqualsUninterruptedRun(penalty: PenaltyKind) throws {
        var straight = Self.trainer(penalty, ema: 0.9)
        let straightLosses = try (0..<4).map { _ in try straight.trainIteration().criticLoss }

        var first = Self.trainer(penalty, ema: 0.9)
        var losses = try (0..<2).map { _ in try first.trainIteration().criticLoss }
        let file = try SafeTensors(data: try first.checkpointData())
        var resumed = try GANTrainer(checkpoint: file, path: "memory", data: Self.data) {
            try JSONDecoder().decode(CyclingSampler.self, from: $0)
        }
        #expect(resumed.step == 2)
        losses += try (0..<2).map { _ in try resumed.trainIteration().criticLoss }

        #expect(losses == straightLosses)
        #expect(resumed.generator.parameters.map(\.scalars) == straight.generator.parameters.map(\.scalars))
        #expect(resumed.critic.parameters.map(\.scalars) == straight.critic.parameters.map(\.scalars))
        #expect(resumed.average?.average.parameters.map(\.scalars) == straight.average?.average.parameters.map(\.scalars))
        #expect(resumed.rng == straight.rng)
    }

    /// The loop's bookkeeping (metrics, the gradient-norm diagnostic, evaluations,
    /// samples, checkpoints, here at every step) changes nothing in training but the
    /// random draws the diagnostic takes: the weights equal those of bare iterations
    /// that take the same draws (by running the diagnostic, or by drawing alone), bit for bit. A buffer reused while still live, or an
    /// evaluation that wrote into the weights, would show here and in no replay test.
    @Test(arguments: [PenaltyKind.gp, .fd])
    func loggingEvaluatingAndCheckpointingLeaveTrainingUnchanged(penalty: PenaltyKind) throws {
        var bare = Self.trainer(penalty)
        for _ in 0..<4 {
            _ = try bare.trainIteration()
            _ = bare.interpolateSlopes()
        }
        var configuration = Self.configuration(penalty)
        configuration.iterations = 4
        configuration.logEvery = 1
        configuration.sampleEvery = 1
        configuration.checkpointEvery = 1
        let run = RunDirectory(path: FileManager.default.temporaryDirectory.appendingPathComponent("textgan-loop-\(UUID().uuidString)").path)
        try run.create()
        defer { try? FileManager.default.removeItem(atPath: run.path) }
        var loop = TrainingLoop(
            trainer: GANTrainer(configuration: configuration, data: Self.data, sampler: CyclingSampler(count: 40, batchSize: 4)),
            run: run, decode: { $0.map(String.init).joined(separator: " ") })
        var noiseGenerator = SeededGenerator(seed: 7)
        let evaluationNoise = Tensor<Float>.normal([64, 8], using: &noiseGenerator)
        let reference = ReferenceCorpus(rows: [[Int32]](splitting: Self.data.ids, rowLength: 8), padID: 0)
        let common = commonTokens(unigrams: reference.ngrams)
        loop.evaluate = { trainer in
            TrainingEvaluation(
                samples: SampleQuality(samples: [[Int32]](splitting: trainer.sampleIDs(noise: evaluationNoise), rowLength: 8), reference: reference),
                criticInputNorms: CriticInputNorms(inputWeights: trainer.critic.input.weight, common: common))
        }
        loop.evaluateEvery = 1
        #expect(try loop.train() == .finished(step: 4))
        let metrics = run.readMetrics()
        #expect(metrics.map(\.step) == [1, 2, 3, 4])
        #expect(metrics.allSatisfy { $0.js?.count == 4 && $0.rareShare.map { (0...1).contains($0) } == true })
        #expect(metrics.allSatisfy { ($0.criticInputNorms?.common ?? 0) > 0 })
        #expect(loop.trainer.critic.parameters.map(\.scalars) == bare.critic.parameters.map(\.scalars))
        #expect(loop.trainer.generator.parameters.map(\.scalars) == bare.generator.parameters.map(\.scalars))
        #expect(loop.trainer.rng == bare.rng)

        // The diagnostic itself only takes draws: iterations that take the same draws
        // without computing it end with the same weights.
        var drawsOnly = Self.trainer(penalty)
        for _ in 0..<4 {
            _ = try drawsOnly.trainIteration()
            _ = (drawsOnly.realBatch(), drawsOnly.fakeBatch(), drawsOnly.uniformAlpha())
        }
        #expect(drawsOnly.critic.parameters.map(\.scalars) == bare.critic.parameters.map(\.scalars))
        #expect(drawsOnly.generator.parameters.map(\.scalars) == bare.generator.parameters.map(\.scalars))
    }

    /// A run that keeps a weight average writes its samples files from the average, as
    /// `sample` and the evaluations read it.
    @Test func samplesFilesComeFromTheWeightAverage() throws {
        // A large learning rate and a slow average: the two decode differently after 3 steps.
        var configuration = Self.configuration(.gp, ema: 0.99)
        (configuration.criticLearningRate, configuration.generatorLearningRate) = (0.1, 0.1)
        configuration.iterations = 3
        configuration.sampleEvery = 3
        let run = RunDirectory(path: FileManager.default.temporaryDirectory.appendingPathComponent("textgan-ema-\(UUID().uuidString)").path)
        try run.create()
        defer { try? FileManager.default.removeItem(atPath: run.path) }
        let decode: ([Int32]) -> String = { $0.map(String.init).joined(separator: " ") }
        var loop = TrainingLoop(trainer: GANTrainer(configuration: configuration, data: Self.data, sampler: CyclingSampler(count: 40, batchSize: 4)),
                                run: run, decode: decode)
        #expect(try loop.train() == .finished(step: 3))
        let noise = GANTrainer.fixedNoise(configuration: configuration, count: configuration.sampleCount)
        func lines(useAverage: Bool) -> [String] {
            let ids = loop.trainer.sampleIDs(noise: noise, useAverage: useAverage)
            return (0..<configuration.sampleCount).map { decode(Array(ids[($0 * 8)..<(($0 + 1) * 8)])) }
        }
        let written = try String(contentsOfFile: run.samplesPath(step: 3), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(written.prefix(configuration.sampleCount)) == lines(useAverage: true))
        #expect(lines(useAverage: true) != lines(useAverage: false), "the average should differ from the weights after 3 steps")
    }

    @Test func gpGradientWrtCriticWeightsMatchesFiniteDifferencesOnTheRealCritic() {
        // The real Critic architecture (1 block, tiny) in Double: gp loss wrt every weight.
        var rng = SeededGenerator(seed: 3)
        let config = ModelConfiguration(vocabularySize: 3, sequenceLength: 4, channels: 2, blocks: 1, latentSize: 2, kernelSize: 3)
        let critic = Critic<Double>(config, using: &rng)
        let x = Tensor<Double>.uniform([2, 4, 3], using: &rng)
        GradientChecking.checkFirstOrder("gp of Critic wrt weights", inputs: critic.parameters) { weights in
            var c = critic
            c.setParameters(weights)
            return Penalty.gradientPenalty(critic: { c($0) }, interpolates: x, lambda: 10, oneSided: false).penalty
        }
    }
}

/// A non-finite loss stops training before any weight changes.
@Suite struct DivergenceTests {
    @Test func aNaNWeightStopsTrainingNamingTheStepAndTerm() throws {
        var t = TrainerTests.trainer(.gp)
        _ = try t.trainIteration()
        t.critic.output.bias.withUnsafeMutableBufferPointer { $0[0] = .nan }
        let before = t.generator.parameters.map(\.scalars)
        // A NaN bias leaves the input gradient (the penalty) finite but the scores NaN.
        #expect(throws: TrainingError.nonFinite(step: 2, term: "the critic's Wasserstein loss")) { _ = try t.trainIteration() }
        #expect(t.generator.parameters.map(\.scalars) == before)
        #expect(TrainingError.nonFinite(step: 2, term: "x").description.contains("training diverged at step 2"))
    }
}

@Suite struct SkipNonFiniteTests {
    @Test func skipModeSkipsAndCountsInsteadOfStopping() throws {
        var c = TrainerTests.configuration(.fd)
        c.skipNonFiniteSteps = true
        var t = GANTrainer(configuration: c, data: TrainerTests.data, sampler: CyclingSampler(count: 40, batchSize: 4))
        t.critic.output.bias.withUnsafeMutableBufferPointer { $0[0] = .nan }
        let generatorBefore = t.generator.parameters.map(\.scalars)
        _ = try t.trainIteration()
        // Both critic steps and the generator step see NaN scores: all three are skipped.
        #expect(t.skippedSteps == 3)
        #expect(t.step == 1)
        #expect(t.generator.parameters.map(\.scalars) == generatorBefore)
    }
}
