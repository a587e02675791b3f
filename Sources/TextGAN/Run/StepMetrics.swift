/// One line of `metrics.jsonl`.
public struct StepMetrics: Codable, Sendable, Equatable {
    /// Generator iterations completed.
    public var step: Int
    public var criticLoss: Double
    /// `E[D(real)] − E[D(fake)]` on the last critic batch.
    public var wasserstein: Double
    public var penalty: Double
    public var generatorLoss: Double
    /// The orthogonal regularisation added to the generator's loss, in runs that have one.
    public var orthogonalRegularization: Double?
    /// Mean seconds per generator iteration since the previous record.
    public var secondsPerIteration: Double
    /// Real and generated characters processed per second by the critic steps.
    public var tokensPerSecond: Double
    /// Training seconds since the run began (over all sessions).
    public var elapsedSeconds: Double
    /// `‖∇ₓ̂ D(x̂)‖₂` at fresh interpolates: mean, standard deviation, maximum.
    public var gradientNormMean: Double
    public var gradientNormStd: Double
    public var gradientNormMax: Double
    /// `|∇ₓ̂ D(x̂) · u|` at the same interpolates, `u = (fake − real)/‖fake − real‖₂`, mean over
    /// examples: the slope along the real→fake line, which `fd` and `gp-directional` hold
    /// near 1 even where `gradientNormMean` is far above it. Absent in runs logged before
    /// textgan measured it.
    public var lineSlopeMean: Double?
    /// Seconds per iteration in each phase, averaged since the previous record.
    public var timing: PhaseTiming
    /// Peak resident memory of the process in MiB.
    public var peakMemoryMiB: Double?
    /// Steps skipped for non-finite values since the run began (`--on-nan skip`).
    public var skippedSteps: Int?
    /// JS divergences (bits) of samples vs the training text for n = 1…4, when evaluated.
    public var js: [Double]?
    /// The share of sample positions on characters rare in the training text
    /// (``rareTokenShare(_:unigrams:threshold:)``), when evaluated.
    public var rareShare: Double?
    /// The critic's input-weight row norms over rare and common characters
    /// (``CriticInputNorms``), when evaluated.
    public var criticInputNorms: CriticInputNorms?
    /// Self-BLEU-4 of the evaluated samples (each against the others; 1: all alike), when evaluated.
    public var selfBLEU4: Double?
    /// The share of whole samples found verbatim in the training text, when evaluated.
    public var samplesInTraining: Double?
    /// How many of the evaluated samples are distinct, when evaluated.
    public var distinctSamples: Int?
    /// Processes training the model together (data-parallel), when more than one.
    public var worldSize: Int?
    /// Seconds per iteration rank 0 spent in gradient all-reduces, when more than one process.
    public var allReduceSecondsPerIteration: Double?
}
