/// Statistics of one generator iteration (n_critic critic steps and one generator step).
public struct IterationStatistics: Codable, Sendable {
    /// The last critic step's loss: its adversarial term (with the Wasserstein loss,
    /// `E[D(fake)] − E[D(real)]`) plus the penalty.
    public var criticLoss: Double = 0
    /// The last critic step's Wasserstein estimate `E[D(real)] − E[D(fake)]` (with another
    /// loss, the gap between the mean scores of the real and the generated batch).
    public var wasserstein: Double = 0
    /// The last critic step's penalty value (0 for `clip` and `none`).
    public var penalty: Double = 0
    /// The generator's adversarial loss (with the Wasserstein loss, `−E[D(G(z))]`).
    public var generatorLoss: Double = 0
    /// The orthogonal regularisation added to the generator's loss (0 without it).
    public var orthogonalRegularization: Double = 0
    /// Seconds in each phase, summed over the iteration.
    public var timing = PhaseTiming()
}

/// Where the time of an iteration goes.
public struct PhaseTiming: Codable, Sendable, Equatable {
    /// Drawing batches, one-hot encoding, generating fakes and interpolates.
    public var data: Double = 0
    /// The critic's forward passes on real, fake and interpolates.
    public var criticForward: Double = 0
    /// The penalty: for `gp` the input-gradient backward built with `createGraph`.
    public var criticPenalty: Double = 0
    /// The critic's backward pass to its weights.
    public var criticBackward: Double = 0
    /// Adam updates and weight clipping of both networks.
    public var optimizer: Double = 0
    /// The generator step's forward and backward.
    public var generatorStep: Double = 0

    public var total: Double { data + criticForward + criticPenalty + criticBackward + optimizer + generatorStep }
}

/// Errors that stop training.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// A loss or gradient became NaN or infinite.
    case nonFinite(step: Int, term: String)

    public var description: String {
        switch self {
        case .nonFinite(let step, let term):
            return "training diverged at step \(step): \(term) is not finite"
        }
    }
}

/// The state of a WGAN and the steps that train it: the WGAN-GP schedule of
/// n_critic critic steps (fresh real and fake batches each, the generator frozen)
/// followed by one generator step, each network with its own Adam.
///
/// Every random draw comes from ``rng``, every batch from ``sampler``; both
/// are saved in checkpoints, so a resumed run is the same run.
public struct GANTrainer {
    public private(set) var configuration: TrainingConfiguration
    public var generator: Generator<Float>
    public var critic: Critic<Float>
    public var generatorOptimizer: Adam<Float>
    public var criticOptimizer: Adam<Float>
    public var average: WeightAverage<Generator<Float>>?
    /// The critic's spectral normalisation state (its weights' power-iteration vectors),
    /// when the run normalises the critic; advanced once per critic step.
    public var criticSpectralNorm: SpectralNorm<Float>?
    /// The generator's, when the run normalises both networks; advanced once per generator step.
    public var generatorSpectralNorm: SpectralNorm<Float>?
    public var rng: SeededGenerator
    public var sampler: any BatchIndexSampler
    /// Generator iterations completed.
    public var step = 0
    /// Critic and generator steps skipped for a non-finite value (with
    /// `skipNonFiniteSteps`), over the whole run.
    public var skippedSteps = 0
    /// Seconds spent in ``trainIteration()``, over every session of the run.
    public var trainingSeconds = 0.0
    public let data: TrainingData
    /// The processes training this model together (data-parallel): each computes the
    /// gradients of its slice of every global batch. Not saved: a checkpoint holds the
    /// global state, so a run resumes under any number of ranks.
    public var communicator: any Communicator = SingleProcess()
    /// Seconds this process spent in gradient all-reduces, over this session.
    public private(set) var allReduceSeconds = 0.0

    /// A fresh run: weights drawn from `configuration.seed`.
    public init(configuration: TrainingConfiguration, data: TrainingData, sampler: any BatchIndexSampler) {
        precondition(data.sequenceLength == configuration.model.sequenceLength,
                     "GANTrainer: data has T = \(data.sequenceLength), model \(configuration.model.sequenceLength)")
        self.configuration = configuration
        self.data = data
        self.sampler = sampler
        var rng = SeededGenerator(seed: configuration.seed)
        generator = Generator(configuration.model, using: &rng)
        critic = Critic(configuration.model, using: &rng)
        let b1 = Float(configuration.beta1), b2 = Float(configuration.beta2)
        generatorOptimizer = Adam(shapes: generator.parameters.map(\.shape), learningRate: Float(configuration.generatorLearningRate), beta1: b1, beta2: b2)
        criticOptimizer = Adam(shapes: critic.parameters.map(\.shape), learningRate: Float(configuration.criticLearningRate), beta1: b1, beta2: b2)
        self.rng = rng
        average = configuration.ema.map { [generator] in WeightAverage(of: generator, decay: Float($0)) }
        warmAverageDecay()
        // Their own streams: a run with spectral normalisation draws the same weights, batches and noise as one without.
        if configuration.spectralNorm.normalizesCritic {
            criticSpectralNorm = SpectralNorm(of: critic, seed: configuration.seed ^ Self.criticSpectralNormSeed,
                                              convolutionLength: configuration.spectralNormConvolutionLength)
        }
        if configuration.spectralNorm.normalizesGenerator {
            generatorSpectralNorm = SpectralNorm(of: generator, seed: configuration.seed ^ Self.generatorSpectralNormSeed,
                                                 convolutionLength: configuration.spectralNormConvolutionLength)
        }
    }

    /// Sets the weight average's decay to that of its next update, a function of the
    /// generator updates so far (``TrainingConfiguration/averageDecay(afterUpdates:)``).
    mutating func warmAverageDecay() {
        average?.decay = Float(configuration.averageDecay(afterUpdates: generatorOptimizer.step))
    }

    static let criticSpectralNormSeed: UInt64 = 0x5350_4E5F_4352_4954  // "SPN_CRIT"
    static let generatorSpectralNormSeed: UInt64 = 0x5350_4E5F_4745_4E45  // "SPN_GENE"

    /// Changes the schedule of a resumed run (total iterations, logging,
    /// sampling and checkpoint intervals); the model and optimiser stay.
    public mutating func reschedule(_ update: (inout TrainingConfiguration) -> Void) {
        var c = configuration
        update(&c)
        precondition(c.model == configuration.model && c.penalty == configuration.penalty && c.batchSize == configuration.batchSize
                     && c.loss == configuration.loss && c.spectralNorm == configuration.spectralNorm,
                     "reschedule: only the schedule may change")
        configuration = c
    }

    var batchSize: Int { configuration.batchSize }
    var model: ModelConfiguration { configuration.model }
    /// This rank's rows of every global batch (all of them in one process).
    var localRows: Range<Int> { communicator.slice(ofBatch: batchSize) }

    /// One generator iteration. Throws if a loss or gradient is not finite,
    /// before any weight is changed by the offending step.
    public mutating func trainIteration() throws -> IterationStatistics {
        let watch = Stopwatch()
        defer { trainingSeconds += watch.elapsed }
        var stats = IterationStatistics()
        applyLearningRateSchedule()
        for _ in 0..<configuration.criticIterations {
            try skippingNonFinite { try $0.criticStep(into: &stats) }
        }
        try skippingNonFinite { try $0.generatorStep(into: &stats) }
        step += 1
        return stats
    }

    /// Sets both optimisers' rates for the iteration about to run: the configured rates
    /// times the schedule's factor (1 without decay), a function of the step and training
    /// time alone, so a resumed run continues the schedule.
    mutating func applyLearningRateSchedule() {
        let factor = configuration.learningRateFactor(step: step, trainingSeconds: trainingSeconds)
        criticOptimizer.learningRate = Float(configuration.criticLearningRate * factor)
        generatorOptimizer.learningRate = Float(configuration.generatorLearningRate * factor)
    }

    // Every draw below is of the global batch, from the one stream every rank shares; a
    // rank keeps its rows. So N ranks draw exactly what one process draws.

    /// This rank's rows of a global batch drawn `[B, …]`.
    func localRows<Scalar>(of global: Tensor<Scalar>) -> Tensor<Scalar> {
        communicator.size == 1 ? global : global.slice(axis: 0, localRows)
    }

    /// A real batch as one-hot `[B, T, V]` (this rank's `B/N` rows of it).
    mutating func realBatch() -> Tensor<Float> {
        let indices = Array(sampler.next()[localRows])
        return Tensor.oneHot(data.batch(indices), shape: [indices.count, model.sequenceLength], depth: model.vocabularySize)
    }

    /// Generator output `[B, T, V]` (this rank's rows) with no tape: the critic step does not train the generator.
    mutating func fakeBatch() -> Tensor<Float> {
        let frozen = effectiveGenerator()
        return frozen(localRows(of: frozen.noise(batchSize: batchSize, using: &rng)))
    }

    /// The critic as it scores outside its own training step, detached: with spectral
    /// normalisation, every weight matrix divided by its `σ` from the stored vectors.
    public var effectiveCritic: Critic<Float> {
        let frozen = critic.detached()
        return criticSpectralNorm?.normalized(frozen) ?? frozen
    }

    /// The generator as it generates outside its own training step, detached: its weights
    /// or (`useAverage`, when the run keeps one) their moving average, with spectral
    /// normalisation divided by `σ`. The average's `σ` is estimated by
    /// ``averageSpectralNormIterations`` power iterations on the averaged weights from the
    /// generator's vectors (the average is not trained, so it keeps no vectors of its own).
    public func effectiveGenerator(useAverage: Bool = false) -> Generator<Float> {
        let averaged = useAverage ? average?.average : nil
        let frozen = (averaged ?? generator).detached()
        guard let state = generatorSpectralNorm else { return frozen }
        return averaged == nil ? state.normalized(frozen) : state.iterated(on: frozen, iterations: Self.averageSpectralNormIterations).normalized(frozen)
    }

    /// Power iterations that estimate `σ` of the averaged generator's weights: enough to
    /// converge where the top two singular values lie close (15 left `σ` 1% low on a tiny
    /// model), and still a few matrix–vector products per weight.
    public static let averageSpectralNormIterations = 100

    /// Interpolation weights `[B]` (this rank's rows).
    mutating func uniformAlpha() -> Tensor<Float> {
        localRows(of: Tensor.uniform([batchSize], using: &rng))
    }

    /// The mean over the ranks of each rank's gradients and loss terms, in one all-reduce
    /// of a flat buffer: each rank's are means over its `B/N` rows, so their mean is the
    /// global batch's. The identity in one process.
    mutating func averagedOverRanks(_ gradients: [Tensor<Float>], _ terms: [Double]) -> ([Tensor<Float>], [Double]) {
        guard communicator.size > 1 else { return (gradients, terms) }
        var flat: [Float] = []
        flat.reserveCapacity(gradients.reduce(terms.count) { $0 + $1.count })
        for g in gradients { g.withUnsafeBufferPointer { flat.append(contentsOf: $0) } }
        flat.append(contentsOf: terms.map(Float.init))
        let watch = Stopwatch()
        communicator.allReduceSum(&flat)
        allReduceSeconds += watch.elapsed
        let scale = 1 / Float(communicator.size)
        var offset = 0
        let averaged = gradients.map { g in
            defer { offset += g.count }
            return Tensor(shape: g.shape, scalars: flat[offset..<(offset + g.count)].map { $0 * scale })
        }
        return (averaged, flat[offset...].map { Double($0 * scale) })
    }

    mutating func criticStep(into stats: inout IterationStatistics) throws {
        var watch = Stopwatch()
        // The graph (activations, and tape references to the weights) dies
        // when this call returns, so the update below writes the weights in
        // place instead of copying them away from the tape.
        let grads = try criticGradients(into: &stats, watch: &watch)
        // Freeing the graph (for gp the double backward's, the largest) is part of the backward's cost.
        stats.timing.criticBackward += lap(&watch)
        criticOptimizer.update(&critic, gradients: grads)
        if configuration.penalty.clipsWeights { clipCriticWeights() }
        stats.timing.optimizer += lap(&watch)
    }

    /// The critic loss's gradients with respect to the critic's weights, in
    /// parameter order; fills in the step's statistics and phase times.
    mutating func criticGradients(into stats: inout IterationStatistics, watch: inout Stopwatch) throws -> [Tensor<Float>] {
        let real = realBatch(), fake = fakeBatch()
        let alphas = (0..<configuration.penalty.interpolateCount).map { _ in uniformAlpha() }
        let d = critic.trackingGradients()
        // The step's power iteration; kept only if the step is (a skipped step changes nothing).
        var spectralNorm = criticSpectralNorm
        let normalized = spectralNorm?.iterating(d) ?? d
        let objective = CriticObjective(
            critic: normalized, real: real, fake: fake, alphas: alphas,
            penalty: configuration.penalty, lambda: Float(configuration.penalty.weight(in: configuration)), loss: configuration.loss
        ) { phase in
            switch phase {
            case .data: stats.timing.data += lap(&watch)
            case .forward: stats.timing.criticForward += lap(&watch)
            case .penalty: stats.timing.criticPenalty += lap(&watch)
            }
        }
        let loss = objective.loss
        let (grads, terms) = averagedOverRanks(
            gradient(of: loss, wrt: d.parameters),
            [Double(loss.scalar), -Double(objective.wassersteinLoss.scalar), Double(objective.penalty.scalar)])
        (stats.criticLoss, stats.wasserstein, stats.penalty) = (terms[0], terms[1], terms[2])
        stats.timing.criticBackward += lap(&watch)
        // Checked after the all-reduce, so that every rank takes the same branch.
        guard stats.criticLoss.isFinite else {
            throw TrainingError.nonFinite(step: step + 1, term: stats.penalty.isFinite ? "the critic's \(configuration.loss.name)" : "the \(configuration.penalty.rawValue) penalty")
        }
        try checkFinite(grads, names: critic.parameterPaths.map(\.name))
        criticSpectralNorm = spectralNorm
        return grads
    }

    mutating func generatorStep(into stats: inout IterationStatistics) throws {
        var watch = Stopwatch()
        let grads = try generatorGradients(into: &stats)  // the graph dies here, as in criticStep
        stats.timing.generatorStep += lap(&watch)
        if average != nil {
            generatorOptimizer.update(&generator, gradients: grads, average: &average!)  // one pass per parameter
            warmAverageDecay()
        } else {
            generatorOptimizer.update(&generator, gradients: grads)
        }
        stats.timing.optimizer += lap(&watch)
    }

    /// The generator loss's gradients with respect to the generator's weights: the
    /// adversarial loss of the critic's scores, plus the orthogonal regularisation of the
    /// (unnormalised) weights when the run has one.
    mutating func generatorGradients(into stats: inout IterationStatistics) throws -> [Tensor<Float>] {
        let g = generator.trackingGradients()
        var spectralNorm = generatorSpectralNorm
        let normalized = spectralNorm?.iterating(g) ?? g
        let z = localRows(of: g.noise(batchSize: batchSize, using: &rng))
        let adversarial = configuration.loss.generator(fakeScores: effectiveCritic(normalized(z)))
        let beta = configuration.orthogonalRegularization
        let regularization = beta > 0 ? OrthogonalRegularization.penalty(g, beta: Float(beta)) : nil
        let loss = regularization.map { adversarial + $0 } ?? adversarial
        let (grads, terms) = averagedOverRanks(gradient(of: loss, wrt: g.parameters),
                                               [Double(adversarial.scalar), Double(regularization?.scalar ?? 0)])
        (stats.generatorLoss, stats.orthogonalRegularization) = (terms[0], terms[1])
        guard stats.generatorLoss.isFinite else { throw TrainingError.nonFinite(step: step + 1, term: "the generator loss") }
        guard stats.orthogonalRegularization.isFinite else { throw TrainingError.nonFinite(step: step + 1, term: "the orthogonal regularisation") }
        try checkFinite(grads, names: generator.parameterPaths.map(\.name))
        generatorSpectralNorm = spectralNorm
        return grads
    }

    /// Runs one step; with `skipNonFiniteSteps` a non-finite value skips it
    /// (its update is never applied) instead of stopping the run.
    mutating func skippingNonFinite(_ step: (inout GANTrainer) throws -> Void) throws {
        do {
            try step(&self)
        } catch is TrainingError where configuration.skipNonFiniteSteps {
            skippedSteps += 1
        }
    }

    func checkFinite(_ grads: [Tensor<Float>], names: [String]) throws {
        for (g, name) in zip(grads, names) where !g.isFinite {
            throw TrainingError.nonFinite(step: step + 1, term: "the gradient of \(name)")
        }
    }

    mutating func clipCriticWeights() {
        let c = Float(configuration.clip)
        for path in critic.parameterPaths.map(\.path) {
            critic[keyPath: path].withUnsafeMutableBufferPointer { p in
                for j in 0..<p.count { p[j] = Swift.min(Swift.max(p[j], -c), c) }
            }
        }
    }

    /// The critic's slopes at fresh interpolates `x̂` of a real and a fake
    /// batch: its Lipschitz diagnostic, for every penalty (one extra forward
    /// and backward; no weights change). Per example `b`:
    /// - `total[b] = ‖∇ₓ̂ D(x̂_b)‖₂`, the steepest slope in any direction (what `gp` drives to 1);
    /// - `alongLine[b] = |∇ₓ̂ D(x̂_b) · u_b|`, `u = (fake − real)/‖fake − real‖₂`
    ///   (``Penalty/lineDirection(real:fake:)``), the slope along the line the
    ///   interpolate lies on (what `fd` and `gp-directional` drive to 1).
    /// Every rank takes part (the draws advance the shared streams) and gets all `B` examples.
    public mutating func interpolateSlopes() -> InterpolateSlopes {
        let real = realBatch(), fake = fakeBatch()
        let local = InterpolateSlopes(critic: effectiveCritic.callAsFunction, real: real, fake: fake, alpha: uniformAlpha())
        guard communicator.size > 1 else { return local }
        // Gathered by a sum in which each rank fills only its own rows.
        var both = [Float](repeating: 0, count: 2 * batchSize)
        for (i, row) in localRows.enumerated() {
            both[row] = local.total[i]
            both[batchSize + row] = local.alongLine[i]
        }
        communicator.allReduceSum(&both)
        return InterpolateSlopes(total: Array(both[..<batchSize]), alongLine: Array(both[batchSize...]))
    }

    /// Samples for the given noise, decoded by argmax: `[N, T]` token ids.
    /// With `useAverage`, the EMA weights are used (if the run keeps them).
    public func sampleIDs(noise: Tensor<Float>, useAverage: Bool = false) -> [Int32] {
        effectiveGenerator(useAverage: useAverage)(noise).argmaxLastAxis()
    }

    /// Generator probabilities `[N, T, V]` for the given noise.
    public func probabilities(noise: Tensor<Float>, useAverage: Bool = false) -> Tensor<Float> {
        effectiveGenerator(useAverage: useAverage)(noise)
    }

    /// The noise used for the samples written during training: fixed by the seed.
    public static func fixedNoise(configuration: TrainingConfiguration, count: Int) -> Tensor<Float> {
        var rng = SeededGenerator(seed: configuration.seed ^ 0x5A5A_5A5A_5A5A_5A5A)
        return Tensor.normal([count, configuration.model.latentSize], using: &rng)
    }
}

/// Seconds since the stopwatch was last reset, resetting it.
func lap(_ watch: inout Stopwatch) -> Double {
    let seconds = watch.elapsed
    watch = Stopwatch()
    return seconds
}
