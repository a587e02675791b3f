/// Every setting of a training run. Stored in the run's `config.json` and in
/// each checkpoint, so a run can be resumed and reproduced.
public struct TrainingConfiguration: Codable, Equatable, Sendable {
    public var model: ModelConfiguration
    /// How the critic is kept 1-Lipschitz.
    public var penalty: PenaltyKind = .gp
    /// λ, the weight of `gp` and `fd` penalties.
    public var lambda: Double = 10
    /// γ, the weight of the R1 and R2 penalties, `γ/2·E‖∇D(x)‖²`. 10 is what Mescheder et
    /// al. (2018) and StyleGAN used; it has not been tuned on text.
    public var gamma: Double = 10
    /// The adversarial loss both networks minimise.
    public var loss: AdversarialLoss = .wasserstein
    /// Which networks run with spectrally normalised weights.
    public var spectralNorm: SpectralNormTarget = .none
    /// What spectral normalisation divides a convolution of kernel K > 1 by: its reshaped
    /// matrix's σ, or its operator's on the run's T positions.
    public var spectralNormConvolutions: SpectralNormConvolutions = .reshaped
    /// β of the orthogonal regularisation of the generator's weights (0: none).
    public var orthogonalRegularization: Double = 0
    /// c, the weight bound of the `clip` penalty.
    public var clip: Double = 0.01
    /// n_critic: critic steps per generator step.
    public var criticIterations: Int = 5
    /// B: examples per batch.
    public var batchSize: Int = 64
    /// Draw each batch's examples independently and uniformly (as `torch.randint`
    /// batches are) instead of from shuffled epochs (every example once per epoch).
    public var batchesWithReplacement: Bool = false
    /// Adam's learning rate for the critic.
    public var criticLearningRate: Double = 1e-4
    /// Adam's learning rate for the generator (equal to the critic's unless two
    /// time scales are asked for, as in TTUR, Heusel et al. 2017).
    public var generatorLearningRate: Double = 1e-4
    /// Whether the learning rates fall over the run (``LearningRateDecay``).
    public var learningRateDecay: LearningRateDecay = .none
    /// Adam's β₁ and β₂, for both networks.
    public var beta1: Double = 0.5
    public var beta2: Double = 0.9
    /// Generator iterations to train for (in total, across resumes).
    public var iterations: Int = 1000
    /// A budget of training time in minutes (nil: none): training stops at the first
    /// iteration that ends past it. It counts ``GANTrainer/trainingSeconds``, the
    /// time inside training iterations over every session of the run, so evaluations
    /// and checkpoints are free and a resumed run continues the budget.
    public var minutes: Double?
    /// The seed of every random draw of the run.
    public var seed: UInt64 = 1
    /// Decay of an exponential moving average of the generator's weights, if any; warmed
    /// up over the first updates (``averageDecay(afterUpdates:)``).
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

/// Which networks spectral normalisation (``SpectralNorm``) divides by their weights' σ.
public enum SpectralNormTarget: String, CaseIterable, Codable, Sendable {
    /// Neither.
    case none
    /// The critic's weight matrices (Miyato et al., 2018).
    case critic
    /// Both networks' (as BigGAN does).
    case both

    public var normalizesCritic: Bool { self != .none }
    public var normalizesGenerator: Bool { self == .both }
}

/// What spectral normalisation divides a convolution `[K, Cin, Cout]` of kernel K > 1 by.
public enum SpectralNormConvolutions: String, CaseIterable, Codable, Sendable {
    /// The largest singular value of the kernel reshaped to a matrix `[K·Cin, Cout]`, as
    /// Miyato et al. (2018) and `torch.nn.utils.spectral_norm` do: the convolution's own
    /// norm may still reach `√K`.
    case reshaped
    /// The largest singular value of the convolution as a linear map on T positions with
    /// same padding (``ConvolutionOperator``): the layer is 1-Lipschitz.
    case `operator`
}

extension TrainingConfiguration {
    /// The sequence length at which ``SpectralNorm`` normalises convolutions as operators,
    /// nil when it normalises their reshaped matrices.
    public var spectralNormConvolutionLength: Int? {
        spectralNormConvolutions == .operator ? model.sequenceLength : nil
    }

    /// Whether a run at generator iteration `step`, having spent `trainingSeconds` inside
    /// iterations, has reached its end: its iterations, or its time budget ``minutes``.
    public func isFinished(step: Int, trainingSeconds: Double) -> Bool {
        step >= iterations || minutes.map { trainingSeconds >= $0 * 60 } ?? false
    }

    /// The decay of the weight average's update after `t` generator updates: `min(d, (1 + t)
    /// / (10 + t))` for the configured decay `d` (the warm-up of TensorFlow's
    /// `ExponentialMovingAverage`), so the average forgets the random initial weights
    /// within the first few hundred updates instead of keeping `d^t` of them (5% after
    /// 3000 updates at d = 0.999). 0 without an average.
    public func averageDecay(afterUpdates t: Int) -> Double {
        guard let ema else { return 0 }
        return min(ema, Double(1 + t) / Double(10 + t))
    }

    /// The most iterations a run may ask for: a run with only a time budget asks for these.
    public static let iterationCeiling = 1_000_000_000
}

extension TrainingConfiguration {
    /// Every setting but the penalty, the seed and the logging schedule, one item each, e.g.
    /// ["C = 128", "5 blocks", "kernel 5", "T = 32", "V = 113", "2000 generator iterations",
    /// "5 critic steps", "batch 64 from shuffled epochs", "Wasserstein loss", "λ = 10" (the penalty's weight, by its name), "lr 0.0001",
    /// "Adam β = (0.5, 0.9)"]; spectral normalisation, orthogonal regularisation and the EMA
    /// are named when they are on.
    public var settingItems: [String] {
        var items = ["C = \(model.channels)", counted(model.blocks, "block"), "kernel \(model.kernelSize)",
                     "T = \(model.sequenceLength)", "V = \(model.vocabularySize)"]
        if model.criticLayerNorm { items.append("critic layer norm") }
        items.append(minutes.map { "\($0.settingText) minutes of training" + (iterations < Self.iterationCeiling ? " (at most \(iterations) iterations)" : "") }
                     ?? "\(iterations) generator iterations")
        items += [counted(criticIterations, "critic step"),
                  "batch \(batchSize) \(batchesWithReplacement ? "drawn with replacement" : "from shuffled epochs")",
                  loss.name] + penaltyWeightItems + [learningRateDescription,
                  "Adam β = (\(beta1.settingText), \(beta2.settingText))"]
        items += regularizationItems
        if let ema { items.append("EMA \(ema.settingText)") }
        return items
    }

    /// Spectral normalisation and orthogonal regularisation, each named when it is on:
    /// ["spectral norm on the critic", "orthogonal regularisation β = 0.0001"].
    public var regularizationItems: [String] {
        var items: [String] = []
        switch spectralNorm {
        case .none: break
        case .critic: items.append("spectral norm on the critic")
        case .both: items.append("spectral norm on both networks")
        }
        if spectralNorm != .none && spectralNormConvolutions == .operator { items[items.count - 1] += " (convolutions as operators)" }
        if orthogonalRegularization > 0 { items.append("orthogonal regularisation β = \(orthogonalRegularization.settingText)") }
        return items
    }

    /// The weight the penalty uses, by its name: `λ` for the slope penalties, `γ` for R1
    /// and R2, the bound for clipping, nothing without a penalty.
    public var penaltyWeightItems: [String] {
        switch penalty.weightSetting {
        case .lambda: return ["λ = \(lambda.settingText)"]
        case .gamma: return ["γ = \(gamma.settingText)"]
        case .clip: return ["clip \(clip.settingText)"]
        case nil: return []
        }
    }

    /// ``settingItems`` in one line.
    public var sharedSettingsDescription: String { settingItems.joined(separator: ", ") }

    /// The settings every configuration in `configurations` shares, one line in the first's
    /// order: what a comparison's report states once, its varied settings left out.
    /// The penalties' weights count as shared when every configuration whose penalty uses
    /// a weight uses the same value of it: `gp` against `r1` at λ = γ = 10 states both.
    public static func sharedSettingsDescription(of configurations: [TrainingConfiguration]) -> String {
        guard let first = configurations.first else { return "" }
        let everywhere = configurations.dropFirst().reduce(Set(first.settingItems)) { $0.intersection($1.settingItems) }
        var weights: [String] = []
        for item in configurations.flatMap(\.penaltyWeightItems) where !weights.contains(item) { weights.append(item) }
        let symbol = { (item: String) in item.prefix { $0 != " " } }
        let sharedWeights = weights.filter { item in weights.filter { symbol($0) == symbol(item) }.count == 1 }
        var items = first.settingItems.filter { everywhere.contains($0) && !weights.contains($0) }
        let place = (items.firstIndex(of: first.loss.name) ?? items.count - 1) + 1
        if everywhere.contains(first.loss.name) {
            items.insert(contentsOf: sharedWeights, at: place)
        } else {
            // The loss varies: the weights go where it would have stood, after the batch.
            let batch = items.firstIndex { $0.hasPrefix("batch ") }.map { $0 + 1 } ?? items.count
            items.insert(contentsOf: sharedWeights, at: batch)
        }
        return items.joined(separator: ", ")
    }

    /// "lr 0.0001", or "critic lr 0.0003, generator lr 0.0001" for two time scales.
    public var learningRateDescription: String {
        (criticLearningRate == generatorLearningRate
            ? "lr \(criticLearningRate.settingText)"
            : "critic lr \(criticLearningRate.settingText), generator lr \(generatorLearningRate.settingText)")
            + (learningRateDecay == .linear ? " decaying linearly to 0" : "")
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

extension Double {
    /// Shortest form for settings lines: 10 not 10.0, 0.0001 not 1e-04. (Not `formatted`:
    /// in a file without this extension that name silently means Foundation's `formatted()`.)
    var settingText: String {
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
        try ConfigurationError.check(iterations, "the iterations", 1...Self.iterationCeiling)
        try ConfigurationError.check(logEvery, "the log interval", 1...1_000_000_000)
        try ConfigurationError.check(sampleEvery, "the sample interval", 1...1_000_000_000)
        try ConfigurationError.check(checkpointEvery, "the checkpoint interval", 1...1_000_000_000)
        try ConfigurationError.check(keepCheckpoints, "the checkpoints kept", 1...1_000_000)
        try ConfigurationError.check(sampleCount, "the sample count", 1...100_000)
        for (value, name) in [(lambda, "λ"), (gamma, "γ"), (orthogonalRegularization, "the orthogonal regularisation β"), (clip, "the clip bound"),
                              (criticLearningRate, "the critic's learning rate"), (generatorLearningRate, "the generator's learning rate"),
                              (beta1, "β₁"), (beta2, "β₂")] {
            guard value.isFinite && value >= 0 else { throw ConfigurationError(description: "\(name) is \(value)") }
        }
        if let ema, !(ema >= 0 && ema < 1) { throw ConfigurationError(description: "the EMA decay is \(ema)") }
        guard beta1 < 1 && beta2 < 1 else { throw ConfigurationError(description: "Adam's β = (\(beta1), \(beta2)) must each lie below 1") }
        if let minutes, !(minutes.isFinite && minutes > 0) { throw ConfigurationError(description: "the time budget is \(minutes) minutes") }
        if let conflict = conflict { throw ConfigurationError(description: conflict) }
    }

    /// Why the loss and the penalty do not make a method together, or nil when they do.
    ///
    /// The hinge loss with weight clipping: clipping sets the scale of the critic's scores
    /// through `c`, the hinge through its margins ±1, and one of the two is idle. Inside the
    /// margins, where clipping is there to keep the scores, the hinge loss
    /// `E[relu(1 − D(real))] + E[relu(1 + D(fake))]` is `2 + E[D(fake)] − E[D(real)]`: the
    /// run is the Wasserstein loss with clipping under another name. A critic that reaches
    /// the margins is one the clipping no longer holds.
    public var conflict: String? {
        guard loss == .hinge && penalty.clipsWeights else { return nil }
        return "the hinge loss with weight clipping is the Wasserstein loss with clipping under another name: inside the hinge's margins, where clipping is there to keep the scores, the two differ by a constant"
    }
}
