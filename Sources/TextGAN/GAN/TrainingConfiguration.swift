/// Every setting of a training run. Stored in the run's `config.json` and in
/// each checkpoint, so a run can be resumed and reproduced.
public struct TrainingConfiguration: Codable, Equatable, Sendable {
    public var model: ModelConfiguration
    /// How the critic is kept 1-Lipschitz.
    public var penalty: PenaltyKind = .gp
    /// λ, the weight of `gp` and `fd` penalties.
    public var lambda: Double = 10
    /// c, the weight bound of the `clip` penalty.
    public var clip: Double = 0.01
    /// n_critic: critic steps per generator step.
    public var criticIterations: Int = 5
    /// B: examples per batch.
    public var batchSize: Int = 64
    /// Draw each batch's examples independently and uniformly (as `torch.randint`
    /// batches are) instead of from shuffled epochs (every example once per epoch).
    public var batchesWithReplacement: Bool = false
    /// Adam's learning rate, for both networks.
    public var learningRate: Double = 1e-4
    public var beta1: Double = 0.5
    public var beta2: Double = 0.9
    /// Generator iterations to train for (in total, across resumes).
    public var iterations: Int = 1000
    /// The seed of every random draw of the run.
    public var seed: UInt64 = 1
    /// Decay of an exponential moving average of the generator's weights, if any.
    public var ema: Double?
    /// Log metrics (and measure the critic's gradient norm) every this many iterations.
    public var logEvery: Int = 10
    /// Write samples from fixed noise every this many iterations.
    public var sampleEvery: Int = 100
    /// Save a checkpoint every this many iterations (and at the end).
    public var checkpointEvery: Int = 500
    /// How many checkpoints to keep.
    public var keepCheckpoints: Int = 3
    /// On a NaN or infinite loss or gradient: stop (the default), or skip that
    /// step (no update) and count it in `metrics.jsonl`.
    public var skipNonFiniteSteps: Bool = false
    /// How many samples each `samples-<step>.txt` holds.
    public var sampleCount: Int = 16

    public init(model: ModelConfiguration) {
        self.model = model
    }
}

extension TrainingConfiguration {
    private enum CodingKeys: String, CodingKey {
        case model, penalty, lambda, clip, criticIterations, batchSize, batchesWithReplacement, learningRate, beta1, beta2, iterations, seed, ema, logEvery, sampleEvery, checkpointEvery, keepCheckpoints, skipNonFiniteSteps, sampleCount
    }

    /// Decodes a configuration, giving settings added after it was written their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(ModelConfiguration.self, forKey: .model)
        penalty = try c.decodeIfPresent(PenaltyKind.self, forKey: .penalty) ?? .gp
        lambda = try c.decodeIfPresent(Double.self, forKey: .lambda) ?? 10
        clip = try c.decodeIfPresent(Double.self, forKey: .clip) ?? 0.01
        criticIterations = try c.decodeIfPresent(Int.self, forKey: .criticIterations) ?? 5
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? 64
        batchesWithReplacement = try c.decodeIfPresent(Bool.self, forKey: .batchesWithReplacement) ?? false
        learningRate = try c.decodeIfPresent(Double.self, forKey: .learningRate) ?? 1e-4
        beta1 = try c.decodeIfPresent(Double.self, forKey: .beta1) ?? 0.5
        beta2 = try c.decodeIfPresent(Double.self, forKey: .beta2) ?? 0.9
        iterations = try c.decodeIfPresent(Int.self, forKey: .iterations) ?? 1000
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
        ema = try c.decodeIfPresent(Double.self, forKey: .ema)
        logEvery = try c.decodeIfPresent(Int.self, forKey: .logEvery) ?? 10
        sampleEvery = try c.decodeIfPresent(Int.self, forKey: .sampleEvery) ?? 100
        checkpointEvery = try c.decodeIfPresent(Int.self, forKey: .checkpointEvery) ?? 500
        keepCheckpoints = try c.decodeIfPresent(Int.self, forKey: .keepCheckpoints) ?? 3
        skipNonFiniteSteps = try c.decodeIfPresent(Bool.self, forKey: .skipNonFiniteSteps) ?? false
        sampleCount = try c.decodeIfPresent(Int.self, forKey: .sampleCount) ?? 16
    }
}

extension TrainingConfiguration {
    /// Every setting but the penalty, the seed and the logging schedule, one line (for
    /// `compare`'s report, whose runs differ in penalty and seed only), e.g.
    /// "C = 128, 5 blocks, kernel 5, T = 32, V = 113; 2000 generator iterations of 5 critic
    /// steps, batch 64 from shuffled epochs, λ = 10, lr 0.0001, Adam β = (0.5, 0.9)".
    public var sharedSettingsDescription: String {
        var line = "C = \(model.channels), \(counted(model.blocks, "block")), kernel \(model.kernelSize), T = \(model.sequenceLength), "
            + "V = \(model.vocabularySize)\(model.criticLayerNorm ? ", critic layer norm" : ""); "
            + "\(iterations) generator iterations of \(criticIterations) critic steps, batch \(batchSize) "
            + "\(batchesWithReplacement ? "drawn with replacement" : "from shuffled epochs"), "
            + "λ = \(lambda.formatted), lr \(learningRate.formatted), Adam β = (\(beta1.formatted), \(beta2.formatted))"
        if let ema { line += ", EMA \(ema.formatted)" }
        return line
    }

    /// Whether `other` trains the same way but for the penalty and the seed: the
    /// logging, sampling and checkpoint schedules may differ too.
    public func trainsLike(_ other: TrainingConfiguration) -> Bool {
        var c = other
        c.penalty = penalty
        c.seed = seed
        c.logEvery = logEvery
        c.sampleEvery = sampleEvery
        c.checkpointEvery = checkpointEvery
        c.keepCheckpoints = keepCheckpoints
        c.sampleCount = sampleCount
        return c == self
    }
}

private extension Double {
    /// Shortest form: 10 not 10.0, 0.0001 not 1e-04.
    var formatted: String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : "\(self)"
    }
}

/// Settings outside what textgan can run: from a corrupt or foreign file, or a typo.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let description: String

    /// Throws unless `value` lies in `range`.
    static func check(_ value: Int, _ name: String, _ range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            throw ConfigurationError(description: "\(name) is \(value), outside \(range.lowerBound)…\(range.upperBound)")
        }
    }
}

extension ModelConfiguration {
    /// Checks every size against sane bounds, so no allocation is ever driven
    /// by an unchecked number (for example from a checkpoint's metadata).
    public func validate() throws {
        try ConfigurationError.check(vocabularySize, "the vocabulary size", 3...65_536)
        try ConfigurationError.check(sequenceLength, "the sequence length", 1...4096)
        try ConfigurationError.check(channels, "the channel count", 1...16_384)
        try ConfigurationError.check(blocks, "the block count", 0...64)
        try ConfigurationError.check(latentSize, "the latent size", 1...4096)
        try ConfigurationError.check(kernelSize, "the kernel size", 1...31)
        guard kernelSize % 2 == 1 else { throw ConfigurationError(description: "the kernel size \(kernelSize) is even") }
    }
}

extension TrainingConfiguration {
    /// Checks the model and every number of the schedule.
    public func validate() throws {
        try model.validate()
        try ConfigurationError.check(batchSize, "the batch size", 1...65_536)
        try ConfigurationError.check(criticIterations, "the critic iterations", 1...1000)
        try ConfigurationError.check(iterations, "the iterations", 1...1_000_000_000)
        try ConfigurationError.check(logEvery, "the log interval", 1...1_000_000_000)
        try ConfigurationError.check(sampleEvery, "the sample interval", 1...1_000_000_000)
        try ConfigurationError.check(checkpointEvery, "the checkpoint interval", 1...1_000_000_000)
        try ConfigurationError.check(keepCheckpoints, "the checkpoints kept", 1...1_000_000)
        try ConfigurationError.check(sampleCount, "the sample count", 1...100_000)
        for (value, name) in [(lambda, "λ"), (clip, "the clip bound"), (learningRate, "the learning rate"), (beta1, "β₁"), (beta2, "β₂")] {
            guard value.isFinite && value >= 0 else { throw ConfigurationError(description: "\(name) is \(value)") }
        }
        if let ema, !(ema >= 0 && ema < 1) { throw ConfigurationError(description: "the EMA decay is \(ema)") }
    }
}
