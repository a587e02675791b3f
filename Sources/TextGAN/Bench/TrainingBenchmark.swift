/// Times full generator iterations (n_critic critic steps + 1 generator step) of a
/// training configuration on real data, after warm-up.
public struct TrainingBenchmark {
    public var configuration: TrainingConfiguration
    public var iterations: Int
    public var warmup: Int
    /// Threads of the ``ThreadTeam`` that splits every batch (1: one trainer). OpenBLAS's
    /// own thread count is the caller's to set.
    public var teamSize: Int

    public init(configuration: TrainingConfiguration, iterations: Int = 5, warmup: Int = 1, teamSize: Int = 1) {
        self.configuration = configuration
        self.iterations = iterations
        self.warmup = warmup
        self.teamSize = teamSize
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
        /// FLOPs of the GEMMs actually run per iteration (``GEMMCounter``).
        public let countedFlopsPerIteration: Double
        /// The share of the timed iterations' thread time (wall-clock × team size) spent
        /// inside GEMM calls.
        public let gemmShare: Double
        /// GFLOP/s of one thread inside its GEMM calls (all of OpenBLAS's threads, when one
        /// GEMM uses several): counted FLOPs over the team's summed seconds in GEMMs.
        public let gemmGflopsPerThread: Double
        /// The same: one iteration's GEMM calls replayed on their own (``GEMMReplay``), each
        /// member its share, all members at once.
        public let isolatedGemmGflopsPerThread: Double
        /// Threads of the team that split each batch.
        public let teamSize: Int
        /// The whole process's CPU time over the timed iterations, per iteration.
        public let cpuPerIteration: ProcessCPU
        /// The last iteration's losses, which must be finite.
        public let lastCriticLoss: Double
    }

    public func run(data: TrainingData, sampler: any BatchIndexSampler) throws -> Result {
        let start = GANTrainer(configuration: configuration, data: data, sampler: sampler)
        let gemms = GEMMCounter()
        let (iterations, warmup) = (self.iterations, self.warmup)
        // Member 0's times: every member ends each iteration in the same all-reduce.
        let (samples, phases, last, cpu) = try ThreadTeam.run(size: teamSize) { member in
            var trainer = member.size == 1 ? start : try start.replica()
            trainer.communicator = member
            for _ in 0..<warmup { _ = try trainer.trainIteration() }
            var samples: [Double] = []
            var phases = PhaseTiming()
            var last = IterationStatistics()
            member.barrier()
            let cpuBefore = ProcessCPU.now()
            try GEMMCounter.$current.withValue(gemms) {
                for _ in 0..<iterations {
                    let watch = Stopwatch()
                    last = try trainer.trainIteration()
                    samples.append(watch.elapsed)
                    phases.add(last.timing)
                }
            }
            member.barrier()
            return (samples, phases, last, ProcessCPU.now().since(cpuBefore))
        }
        let peakMemory = ProcessMemory.peakResidentBytes  // before the replay's buffers
        let replay = GEMMReplay(calls: gemms.totals.shapes).share(of: iterations * teamSize)
        let replaySeconds = try ThreadTeam.run(size: teamSize) { member in
            member.barrier()
            return replay.seconds()
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
            peakMemoryMiB: peakMemory.map { Double($0) / 1_048_576 },
            countedFlopsPerIteration: gemms.totals.flops / Double(max(1, iterations)),
            gemmShare: gemms.totals.seconds / max(1e-12, samples.reduce(0, +) * Double(teamSize)),
            gemmGflopsPerThread: gemms.totals.flops / max(1e-12, gemms.totals.seconds) / 1e9,
            isolatedGemmGflopsPerThread: replay.flops / max(1e-12, replaySeconds) / 1e9,
            teamSize: teamSize,
            cpuPerIteration: ProcessCPU(userSeconds: cpu.userSeconds / Double(iterations), systemSeconds: cpu.systemSeconds / Double(iterations)),
            lastCriticLoss: last.criticLoss)
    }
}

/// The matrix-multiply FLOPs of one generator iteration, counted
/// analytically (elementwise work is ignored: it is O(B·T·C), not O(B·T·C²)),
/// every convolution counted as im2col runs it (direct convolution, the
/// convention of FLOP counts). Winograd runs fewer; ``GEMMCounter`` counts those.
///
/// A layer with `M` rows and an `[I, O]` weight costs `2·M·I·O` forward, and
/// the same again for each of its input gradient and weight gradient when
/// they are needed.
///
/// - Per example, critic forward `F_D = F_in + N_blocks · 2 · 2·T·K·C² + F_out`
///   with `F_in = 2·T·V·C` (the 1×1 input convolution) and `F_out = 2·T·C`;
///   generator forward `F_G = F_z + N_blocks · 2 · 2·T·K·C² + 2·T·C·V` with
///   `F_z = 2·Z·T·C`.
/// - Training the critic on `n` examples: forward `F_D`, then every weight
///   gradient and every input gradient but the data's: `n · (3·F_D − F_in)`.
///   `none`/`clip` on the real and fake batches: `2B`; `fd` adds both
///   interpolates: `4B`.
/// - `gp` adds, on the B interpolates, a forward (`F_D`), the input gradient
///   built with the graph (`F_D`), and that graph's backward to the weights:
///   each input-gradient product differentiated for its weight and for its
///   upstream gradient, except the first (whose upstream is the constant 1):
///   `2·F_D − F_out`. In all `B · (4·F_D − F_out)`.
/// - The fakes for each critic step: `B · F_G`.
/// - The generator step: `G` forward and backward (no gradient for the
///   noise) and `D` forward and input gradients (its weights are frozen):
///   `B · (3·F_G − F_z + 2·F_D)`.
///
/// `TrainingBenchmark` also counts the FLOPs of the GEMMs actually run
/// (``GEMMCounter``); a test holds the two equal.
public struct ModelFLOPs {
    public let configuration: TrainingConfiguration

    public init(configuration: TrainingConfiguration) { self.configuration = configuration }

    var criticInputPerExample: Double {
        let m = configuration.model
        return 2 * Double(m.sequenceLength) * Double(m.vocabularySize) * Double(m.channels)
    }

    var criticOutputPerExample: Double { 2 * Double(configuration.model.sequenceLength) * Double(configuration.model.channels) }

    var generatorInputPerExample: Double {
        let m = configuration.model
        return 2 * Double(m.latentSize) * Double(m.sequenceLength) * Double(m.channels)
    }

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
        let train = 3 * d - criticInputPerExample  // forward, then all gradients but the data's
        // The difference family scores its interpolates in the batched forward
        // and backward; the gradient families and R1/R2 differentiate their points twice.
        let penalty = configuration.penalty, points = Double(penalty.penaltyPoints)
        let criticStep = penalty.needsSecondOrder
            ? 2 * b * train + points * b * (4 * d - criticOutputPerExample)
            : (2 + points) * b * train
        let generatorStep = b * (3 * g - generatorInputPerExample + 2 * d)
        return Double(configuration.criticIterations) * (criticStep + b * g) + generatorStep
    }
}
