import ArgumentParser
import TextGAN
import Tokenize

extension PenaltyKind: ExpressibleByArgument {}
extension AdversarialLoss: ExpressibleByArgument {}
extension SpectralNormTarget: ExpressibleByArgument {}
extension SpectralNormConvolutions: ExpressibleByArgument {}
extension LearningRateDecay: ExpressibleByArgument {}

/// How the corpus becomes token ids (shared by train, compare and bench).
struct CorpusFlags: ParsableArguments {
    @Option(help: "Vocabulary size V at most, including <pad> and <unk>; rarer characters become <unk>.")
    var maxVocab: Int = CorpusOptions.defaultMaxVocab

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

/// The default of every setting, for help texts: the one value they all read.
private let defaults = TrainingConfiguration.defaults

/// The model's shape. Unset options keep the preset's values (or, with `--resume`, the run's).
struct ModelFlags: ParsableArguments {
    @Option(help: "Channels C of every residual block (default \(defaults.model.channels); 512 in the paper).", transform: OptionValue.positive)
    var dim: Int?

    @Option(help: "Residual blocks in each network (default \(defaults.model.blocks)).", transform: OptionValue.positive)
    var blocks: Int?

    @Option(name: .customLong("seq-len"), help: "Characters per example T (default \(defaults.model.sequenceLength)).", transform: OptionValue.positive)
    var sequenceLength: Int?

    @Option(help: "Kernel size K of the residual convolutions, odd (default \(defaults.model.kernelSize)).", transform: OptionValue.oddPositive)
    var kernelSize: Int?

    @Flag(help: "Layer norm in the critic's residual blocks.")
    var criticLayerNorm = false

    func apply(to model: inout ModelConfiguration) {
        if let dim { model.channels = dim }
        if let blocks { model.blocks = blocks }
        if let sequenceLength { model.sequenceLength = sequenceLength }
        if let kernelSize { model.kernelSize = kernelSize }
        if criticLayerNorm { model.criticLayerNorm = true }
    }

    /// The options given, for refusing them on `--resume`.
    var given: [String] { OptionNames.given(in: self) }
}

/// Training schedule and optimiser settings.
struct TrainingFlags: ParsableArguments {
    @Option(help: "Start from a named set of settings: \(TrainingPreset.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: "; ")). standard is the default; explicit options override a preset.")
    var preset: TrainingPreset?

    @Option(help: "Generator iterations in total (default \(defaults.iterations); with --minutes and no --iterations, no limit).", transform: OptionValue.positive)
    var iterations: Int?

    @Option(help: "Stop after this many minutes of training time (evaluations and checkpoints do not count); --resume continues the budget.", transform: OptionValue.positiveNumber)
    var minutes: Double?

    @Option(help: "Critic steps per generator step (default \(defaults.criticIterations); the paper uses 10).", transform: OptionValue.positive)
    var criticIterations: Int?

    @Option(help: "Examples per batch B (default \(defaults.batchSize)).", transform: OptionValue.positive)
    var batchSize: Int?

    @Option(help: "How batches draw examples: epochs (shuffled, each example once per epoch; default) or replacement (each example uniformly and independently, as torch.randint).")
    var batches: BatchOrder?

    @Option(help: "Penalty weight λ for gp and fd (default \(defaults.lambda)).", transform: OptionValue.nonNegativeNumber)
    var lambda: Double?

    @Option(help: "Weight γ of --penalty r1 and r2, γ/2·E‖∇D(x)‖² at real (r1) or generated (r2) samples (default \(defaults.gamma)).", transform: OptionValue.nonNegativeNumber)
    var gamma: Double?

    @Option(help: ArgumentHelp(
        "The adversarial loss (default \(defaults.loss.rawValue)): \(AdversarialLoss.allCases.map(\.rawValue).joined(separator: ", ")).",
        discussion: AdversarialLoss.allCases.map { "\($0.rawValue): \($0.formula)." }.joined(separator: " ")
            + " ns is non-saturating (D a logit), ls least squares with labels a = 0 (fake), b = 1 (real) and generator target c = 1 (LSGAN). The penalty is added to the critic's loss."))
    var loss: AdversarialLoss?

    @Option(help: "Spectral normalisation (Miyato et al. 2018): every weight matrix W divided by its largest singular value σ, from one power iteration per step, in none, the critic, or both networks (default \(defaults.spectralNorm.rawValue)).")
    var spectralNorm: SpectralNormTarget?

    @Option(help: "What spectral normalisation divides a convolution of kernel K > 1 by: reshaped (its kernel as a matrix [K·Cin, Cout], as Miyato et al.; the layer's own norm may reach √K) or operator (the convolution as a map on the T positions: the layer is 1-Lipschitz) (default \(defaults.spectralNormConvolutions.rawValue)).")
    var spectralNormConv: SpectralNormConvolutions?

    @Option(help: "Orthogonal regularisation of the generator, BigGAN's β·Σ‖WᵀW ⊙ (1 − I)‖²_F over its weight matrices W [fan-in, out] (default \(defaults.orthogonalRegularization); 0: none).", transform: OptionValue.nonNegativeNumber)
    var orthoReg: Double?

    @Option(help: "Weight bound c for --penalty clip (default \(defaults.clip)).", transform: OptionValue.positiveNumber)
    var clip: Double?

    @Option(help: "Adam learning rate for both networks (default \(defaults.criticLearningRate)).", transform: OptionValue.positiveNumber)
    var lr: Double?

    @Option(help: "Adam learning rate for the critic (default: --lr).", transform: OptionValue.positiveNumber)
    var criticLr: Double?

    @Option(help: "Adam learning rate for the generator (default: --lr).", transform: OptionValue.positiveNumber)
    var generatorLr: Double?

    @Option(help: "Learning-rate schedule: none (constant) or linear (both rates fall linearly to 0 at the last iteration, or at the end of --minutes) (default \(defaults.learningRateDecay.rawValue)).")
    var lrDecay: LearningRateDecay?

    @Option(help: "Adam's β₁,β₂ for both networks (default \(defaults.beta1),\(defaults.beta2)).")
    var betas: AdamBetas?

    @Option(help: "Keep an exponential moving average of the generator's weights with this decay d (default \(defaults.ema.map { "\($0)" } ?? "0"); 0: none), warmed up as min(d, (1 + t)/(10 + t)) after t updates; evaluations score it, and `sample` writes from it.", transform: OptionValue.decayOrZero)
    var ema: Double?

    @Option(help: "Log metrics every N iterations (default \(defaults.logEvery)).", transform: OptionValue.positive)
    var logEvery: Int?

    @Option(help: "Write samples every N iterations (default \(defaults.sampleEvery)).", transform: OptionValue.positive)
    var sampleEvery: Int?

    @Option(help: "Save a checkpoint every N iterations (default \(defaults.checkpointEvery)).", transform: OptionValue.positive)
    var checkpointEvery: Int?

    @Option(help: "Checkpoints to keep (default \(defaults.keepCheckpoints)).", transform: OptionValue.positive)
    var keepCheckpoints: Int?

    @Option(help: "Log JS-1…4 of 640 samples against the training text every N iterations (default 100; 0: never).", transform: OptionValue.nonNegative)
    var evalEvery: Int?

    @Option(help: "On a NaN or infinite loss or gradient: stop (default) or skip the step and count it in metrics.jsonl.")
    var onNan: NonFiniteAction?

    /// Sets every given option in `c`, model aside (``ModelFlags``); the preset is chosen
    /// before (``TrainingSession``). A new run given `--minutes` alone trains until the budget.
    func apply(to c: inout TrainingConfiguration, newRun: Bool) {
        if let iterations { c.iterations = iterations }
        if let minutes {
            c.minutes = minutes
            if iterations == nil && newRun { c.iterations = TrainingConfiguration.iterationCeiling }
        }
        if let criticIterations { c.criticIterations = criticIterations }
        if let batchSize { c.batchSize = batchSize }
        if let batches { c.batchesWithReplacement = batches == .replacement }
        if let lambda { c.lambda = lambda }
        if let gamma { c.gamma = gamma }
        if let loss { c.loss = loss }
        if let spectralNorm { c.spectralNorm = spectralNorm }
        if let spectralNormConv { c.spectralNormConvolutions = spectralNormConv }
        if let orthoReg { c.orthogonalRegularization = orthoReg }
        if let clip { c.clip = clip }
        if let lr { (c.criticLearningRate, c.generatorLearningRate) = (lr, lr) }
        if let criticLr { c.criticLearningRate = criticLr }
        if let generatorLr { c.generatorLearningRate = generatorLr }
        if let lrDecay { c.learningRateDecay = lrDecay }
        if let betas { (c.beta1, c.beta2) = (betas.beta1, betas.beta2) }
        if let ema { c.ema = ema == 0 ? nil : ema }
        if let logEvery { c.logEvery = logEvery }
        if let sampleEvery { c.sampleEvery = sampleEvery }
        if let checkpointEvery { c.checkpointEvery = checkpointEvery }
        if let keepCheckpoints { c.keepCheckpoints = keepCheckpoints }
        if let onNan { c.skipNonFiniteSteps = onNan == .skip }
    }

    /// The schedule: when a run ends and what it writes on the way, which `--resume` may change.
    static let scheduleProperties: Set = ["iterations", "minutes", "logEvery", "sampleEvery", "checkpointEvery",
                                          "keepCheckpoints", "evalEvery", "onNan"]

    /// Options that would change the run's meaning, refused on `--resume`.
    var givenExceptSchedule: [String] { OptionNames.given(in: self, except: Self.scheduleProperties) }
}

/// Which run of a comparison this is: the penalty and the seed. `train` takes
/// them as flags; `compare` sets them itself from `--penalties` and `--seeds`,
/// so they are a group of their own that its help does not list.
struct PenaltySeedFlags: ParsableArguments {
    @Option(help: "The penalty that holds the critic's slope (default \(defaults.penalty.rawValue)): gp, fd and their variants hold it near 1 at interpolates, r1 and r2 push it to 0 at real or generated samples, clip bounds the weights.")
    var penalty: PenaltyKind?

    @Option(help: "Seed of every random draw: weights, noise, batches, held-out lines (default \(defaults.seed)).")
    var seed: UInt64?

    /// The options given, refused on `--resume`.
    var given: [String] { OptionNames.given(in: self) }
}

extension TrainingPreset: ExpressibleByArgument {}

/// `--betas B1,B2` (or `B1/B2`, the form `compare --vary betas=…` needs).
struct AdamBetas: ExpressibleByArgument, Equatable {
    let beta1: Double
    let beta2: Double

    init?(argument: String) {
        let parts = argument.split(whereSeparator: { $0 == "," || $0 == "/" }).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let b1 = parts[0], let b2 = parts[1], (0..<1).contains(b1), (0..<1).contains(b2) else { return nil }
        (beta1, beta2) = (b1, b2)
    }

    static var defaultValueDescription: String { "B1,B2, each in [0, 1)" }
}

/// `--batches`: shuffled epochs or draws with replacement (``BatchSampler``).
enum BatchOrder: String, CaseIterable, ExpressibleByArgument {
    case epochs, replacement
}

/// `--on-nan`: what a non-finite loss or gradient does.
enum NonFiniteAction: String, CaseIterable, ExpressibleByArgument {
    case stop, skip
}

