import ArgumentParser
import TextGAN
import Tokenize

extension PenaltyKind: ExpressibleByArgument {}

/// How the corpus becomes token ids (shared by train, compare and bench).
struct CorpusFlags: ParsableArguments {
    @Option(help: "Vocabulary size V at most, including <pad> and <unk>; rarer characters become <unk>.")
    var maxVocab: Int = 2048

    @Option(help: "Unicode normalisation: \(Normalization.allCases.map(\.rawValue).joined(separator: ", ")).")
    var normalization: Normalization = .nfc

    @Flag(help: "Fold case (\"A\" and \"a\" become one character).")
    var caseFold = false

    @Option(help: "What one token is: grapheme (a character as read), scalar (a code point) or byte.")
    var unit: TokenUnit = .grapheme

    @Flag(help: "Slide windows of --seq-len over running text instead of one example per line (for prose and poetry).")
    var window = false

    @Option(help: "What to do with invalid UTF-8: error, replace (with U+FFFD) or skip-line.")
    var invalidUtf8: InvalidUTF8Policy = .error

    func validate() throws {
        guard maxVocab >= 3 else { throw ValidationError("--max-vocab must be at least 3 (<pad>, <unk> and one character), got \(maxVocab)") }
    }

    func options(sequenceLength: Int) -> CorpusOptions {
        CorpusOptions(
            tokenizer: TokenizerOptions(normalization: normalization, caseFold: caseFold, stripControls: false, unit: unit),
            sequenceLength: sequenceLength, maxVocab: maxVocab, window: window, truncate: true, invalidUTF8: invalidUtf8)
    }
}

/// The model's shape. Unset options keep the defaults (or, with `--resume`, the run's values).
struct ModelFlags: ParsableArguments {
    @Option(help: "Channels C of every residual block (default 128; 512 in the paper).")
    var dim: Int?

    @Option(help: "Residual blocks in each network (default 5).")
    var blocks: Int?

    @Option(name: .customLong("seq-len"), help: "Characters per example T (default 32).")
    var sequenceLength: Int?

    @Option(help: "Kernel size of the residual convolutions, odd (default 5).")
    var kernelSize: Int?

    @Flag(help: "Layer norm in the critic's residual blocks.")
    var criticLayerNorm = false

    func validate() throws {
        try requirePositive(dim, "--dim")
        try requirePositive(blocks, "--blocks")
        try requirePositive(sequenceLength, "--seq-len")
        if let kernelSize, kernelSize < 1 || kernelSize % 2 == 0 {
            throw ValidationError("--kernel-size must be odd and positive, got \(kernelSize)")
        }
    }

    func apply(to model: inout ModelConfiguration) {
        if let dim { model.channels = dim }
        if let blocks { model.blocks = blocks }
        if let sequenceLength { model.sequenceLength = sequenceLength }
        if let kernelSize { model.kernelSize = kernelSize }
        if criticLayerNorm { model.criticLayerNorm = true }
    }

    /// The flags given, for refusing them on `--resume`.
    var given: [String] {
        [dim.map { _ in "--dim" }, blocks.map { _ in "--blocks" }, sequenceLength.map { _ in "--seq-len" },
         kernelSize.map { _ in "--kernel-size" }, criticLayerNorm ? "--critic-layer-norm" : nil].compactMap { $0 }
    }
}

/// Training schedule and optimiser settings.
struct TrainingFlags: ParsableArguments {
    @Option(help: "Generator iterations in total (default 1000).")
    var iterations: Int?

    @Option(help: "Critic steps per generator step (default 5; the paper uses 10).")
    var criticIterations: Int?

    @Option(help: "Examples per batch B (default 64).")
    var batchSize: Int?

    @Option(help: "How batches draw examples: epochs (shuffled, each example once per epoch; default) or replacement (each example uniformly and independently, as torch.randint).")
    var batches: BatchOrder?

    @Option(help: "Penalty weight λ for gp and fd (default 10).")
    var lambda: Double?

    @Option(help: "Weight bound c for --penalty clip (default 0.01).")
    var clip: Double?

    @Option(help: "Adam learning rate for both networks (default 1e-4).")
    var lr: Double?

    @Option(help: "Keep an exponential moving average of the generator's weights with this decay (e.g. 0.999).")
    var ema: Double?

    @Option(help: "Log metrics every N iterations (default 10).")
    var logEvery: Int?

    @Option(help: "Write samples every N iterations (default 100).")
    var sampleEvery: Int?

    @Option(help: "Save a checkpoint every N iterations (default 500).")
    var checkpointEvery: Int?

    @Option(help: "Checkpoints to keep (default 3).")
    var keepCheckpoints: Int?

    @Option(help: "Log JS-1…4 of 640 samples against the training text every N iterations (default 100; 0: never).")
    var evalEvery: Int?

    @Option(help: "On a NaN or infinite loss or gradient: stop (default) or skip the step and count it in metrics.jsonl.")
    var onNan: NonFiniteAction?

    func validate() throws {
        for (value, name) in [(iterations, "--iterations"), (criticIterations, "--critic-iterations"), (batchSize, "--batch-size"),
                              (logEvery, "--log-every"), (sampleEvery, "--sample-every"), (checkpointEvery, "--checkpoint-every"),
                              (keepCheckpoints, "--keep-checkpoints")] {
            try requirePositive(value, name)
        }
        if let evalEvery, evalEvery < 0 { throw ValidationError("--eval-every must be 0 or more, got \(evalEvery)") }
        if let lambda, !(lambda.isFinite && lambda >= 0) { throw ValidationError("--lambda must be a finite number ≥ 0, got \(lambda)") }
        if let clip, !(clip.isFinite && clip > 0) { throw ValidationError("--clip must be a finite number > 0, got \(clip)") }
        if let lr, !(lr.isFinite && lr > 0) { throw ValidationError("--lr must be a finite number > 0, got \(lr)") }
        if let ema, !(ema.isFinite && ema > 0 && ema < 1) { throw ValidationError("--ema must lie strictly between 0 and 1, got \(ema)") }
    }

    func apply(to c: inout TrainingConfiguration) {
        if let iterations { c.iterations = iterations }
        if let criticIterations { c.criticIterations = criticIterations }
        if let batchSize { c.batchSize = batchSize }
        if let batches { c.batchesWithReplacement = batches == .replacement }
        if let lambda { c.lambda = lambda }
        if let clip { c.clip = clip }
        if let lr { c.learningRate = lr }
        if let ema { c.ema = ema }
        if let logEvery { c.logEvery = logEvery }
        if let sampleEvery { c.sampleEvery = sampleEvery }
        if let checkpointEvery { c.checkpointEvery = checkpointEvery }
        if let keepCheckpoints { c.keepCheckpoints = keepCheckpoints }
        if let onNan { c.skipNonFiniteSteps = onNan == .skip }
    }

    /// Flags that would change the run's meaning, refused on `--resume`.
    var givenExceptSchedule: [String] {
        [criticIterations.map { _ in "--critic-iterations" }, batchSize.map { _ in "--batch-size" }, batches.map { _ in "--batches" },
         lambda.map { _ in "--lambda" }, clip.map { _ in "--clip" }, lr.map { _ in "--lr" },
         ema.map { _ in "--ema" }].compactMap { $0 }
    }
}

/// Which run of a comparison this is: the penalty and the seed. `train` takes
/// them as flags; `compare` sets them itself from `--penalties` and `--seeds`,
/// so they are a group of their own that its help does not list.
struct PenaltySeedFlags: ParsableArguments {
    @Option(help: "Lipschitz penalty (default gp).")
    var penalty: PenaltyKind?

    @Option(help: "Seed of every random draw: weights, noise, batches, held-out lines (default 1).")
    var seed: UInt64?

    /// The flags given, refused on `--resume`.
    var given: [String] {
        [penalty.map { _ in "--penalty" }, seed.map { _ in "--seed" }].compactMap { $0 }
    }
}

/// `--batches`: shuffled epochs or draws with replacement (``BatchSampler``).
enum BatchOrder: String, CaseIterable, ExpressibleByArgument {
    case epochs, replacement
}

/// `--on-nan`: what a non-finite loss or gradient does.
enum NonFiniteAction: String, CaseIterable, ExpressibleByArgument {
    case stop, skip
}

func requirePositive(_ value: Int?, _ name: String) throws {
    if let value, value < 1 { throw ValidationError("\(name) must be at least 1, got \(value)") }
}
