/// Times full generator iterations (K critic steps + 1 generator step) of a
/// training configuration on real data, after warm-up.
public struct TrainingBenchmark {
    public var configuration: TrainingConfiguration
    public var iterations: Int
    public var warmup: Int

    public init(configuration: TrainingConfiguration, iterations: Int = 5, warmup: Int = 1) {
        self.configuration = configuration
        self.iterations = iterations
        self.warmup = warmup
    }

    public struct Result: Codable, Sendable {
        public let secondsPerIteration: TimingSummary
        /// Characters through the critic per second (real + fake, all critic steps).
        public let tokensPerSecond: Double
        /// Analytic model FLOPs per iteration (see ``ModelFLOPs``).
        public let flopsPerIteration: Double
        public let gflopsPerSecond: Double
        /// Mean seconds per iteration in each phase.
        public let phases: PhaseTiming
        public let peakMemoryMiB: Double?
        /// The last iteration's losses, which must be finite.
        public let lastCriticLoss: Double
    }

    public func run(data: TrainingData, sampler: any BatchIndexSampler) throws -> Result {
        var trainer = GANTrainer(configuration: configuration, data: data, sampler: sampler)
        for _ in 0..<warmup { _ = try trainer.trainIteration() }
        var samples: [Double] = []
        var phases = PhaseTiming()
        var last = IterationStatistics()
        for _ in 0..<iterations {
            let watch = Stopwatch()
            last = try trainer.trainIteration()
            samples.append(watch.elapsed)
            phases.add(last.timing)
        }
        precondition(last.criticLoss.isFinite, "TrainingBenchmark: non-finite loss")
        let summary = TimingSummary(samples)
        let flops = ModelFLOPs(configuration: configuration).perIteration
        let c = configuration
        return Result(
            secondsPerIteration: summary,
            tokensPerSecond: Double(c.criticIterations * 2 * c.batchSize * c.model.sequenceLength) / summary.median,
            flopsPerIteration: flops, gflopsPerSecond: flops / summary.median / 1e9,
            phases: phases.scaled(by: 1 / Double(iterations)),
            peakMemoryMiB: ProcessMemory.peakResidentBytes.map { Double($0) / 1_048_576 }, lastCriticLoss: last.criticLoss)
    }
}

/// The matrix-multiply FLOPs of one generator iteration, counted
/// analytically (elementwise work is ignored: it is O(B·T·C), not O(B·T·C²)).
///
/// A forward pass through a layer of `M` rows and an `[I, O]` weight costs
/// `2·M·I·O`; its backward costs twice that (input and weight gradients).
///
/// - Critic forward on `n` examples: `n · F_D` with
///   `F_D = 2·T·V·C + N_blocks · 2 · 2·T·K·C² + 2·T·C`.
/// - Generator forward on `n`: `n · F_G` with
///   `F_G = 2·Z·T·C + N_blocks · 2 · 2·T·K·C² + 2·T·C·V`.
/// - `none`/`clip` critic step: forward on 2B, backward (weights only
///   needed, but the input gradient of every inner layer is) ≈ 2× forward:
///   `3 · 2B · F_D`.
/// - `fd` critic step: the same on 4B: `3 · 4B · F_D`.
/// - `gp` critic step: `3 · 2B · F_D` for real and fake, plus on the B
///   interpolates a forward, an input-gradient backward built with the
///   graph (≈ F_D), and the backward of both through the weights (≈ 4·F_D,
///   every product of the first backward is differentiated twice): `6 · B · F_D`.
/// - Generator step: forward and backward of G and D on B: `3·B·(F_G + F_D)`.
/// - Fakes for each critic step: `B · F_G`.
public struct ModelFLOPs {
    public let configuration: TrainingConfiguration

    public init(configuration: TrainingConfiguration) { self.configuration = configuration }

    public var criticForwardPerExample: Double {
        let m = configuration.model
        let (t, v, c, k) = (Double(m.sequenceLength), Double(m.vocabularySize), Double(m.channels), Double(m.kernelSize))
        return 2 * t * v * c + Double(m.blocks) * 2 * 2 * t * k * c * c + 2 * t * c
    }

    public var generatorForwardPerExample: Double {
        let m = configuration.model
        let (t, v, c, k, z) = (Double(m.sequenceLength), Double(m.vocabularySize), Double(m.channels), Double(m.kernelSize), Double(m.latentSize))
        return 2 * z * t * c + Double(m.blocks) * 2 * 2 * t * k * c * c + 2 * t * c * v
    }

    public var perIteration: Double {
        let b = Double(configuration.batchSize), d = criticForwardPerExample, g = generatorForwardPerExample
        let criticStep: Double
        switch configuration.penalty {
        case .gp, .gpOneSided: criticStep = 3 * 2 * b * d + 6 * b * d
        case .fd, .fdOneSided: criticStep = 3 * 4 * b * d
        case .clip, .none: criticStep = 3 * 2 * b * d
        }
        return Double(configuration.criticIterations) * (criticStep + b * g) + 3 * b * (g + d)
    }
}
