import ArgumentParser
import Foundation
import TextGAN
import Tokenize

/// `textgan eval`: score a run's generator against its training text.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score a trained generator: JS-1…4, novelty, diversity and rare characters, beside the floor of held-out real text.",
        discussion: """
            JS-n is the Jensen–Shannon divergence in bits between the character n-gram \
            distributions of N argmax samples (padding included) and of every training \
            example, as in the WGAN-GP paper's language experiment; lower is better. The \
            floor column scores N held-out real examples the same way: what a perfect \
            generator would get at this sample size. "On rare characters" is the share of \
            sample positions holding characters that fill under 0.1% of the training text: \
            a generator that has fallen onto `#` or `}` shows there first.

            The last two lines measure the critic. First the mean norm of its input weights' rows \
            ‖W[v, :]‖ over rare and over common characters. Near 1 : 1 the critic sees \
            every character; the analytic gradient penalty (gp) shrinks the rows of \
            characters the data does not use, and a generator can then write them unseen. \
            Then the critic's slopes at interpolates between held-out and generated text: \
            the gradient norm ‖∇D‖ (which gp holds at 1) and the slope along the line from \
            the real to the generated example, |∇D·u| (which fd and gp-directional hold at 1).

            The first line after the checkpoint's names the run's settings (the penalty, the \
            loss, spectral normalisation, orthogonal regularisation and the rest); \
            --truncation τ scores samples of truncated noise (as `sample --truncation`).

            The training text's n-gram counts are made once and cached (about 25 MB for \
            the bundled English corpus; the 8 most recently used are kept) in $TEXTGAN_CACHE_DIR, else $XDG_CACHE_HOME/textgan, \
            else ~/.cache/textgan; TEXTGAN_CACHE_DIR=off turns the cache off.

            Example:
              textgan eval --run runs/en
            """)

    // Spelled by hand: a property named `run` would collide with `run()`.
    @Option(name: .customLong("run"), help: "The run directory written by `textgan train`.")
    var runPath: String

    @Option(help: "Read the corpus from this file instead of the path in config.json (same text, moved).")
    var corpus: String?

    @Option(help: "Samples to score (640 in the paper).")
    var samples = Evaluator.sampleCount

    @Option(help: "Use the checkpoint of this step instead of the latest.")
    var checkpoint: Int?

    @Flag(inversion: .prefixedNo, help: "Score the generator's weight average, or the weights themselves (default: the average when the run keeps one, as training's evaluations do).")
    var ema: Bool?

    @Option(help: "Seed of the samples' noise (default: the run's fixed evaluation noise).")
    var seed: UInt64?

    @Option(help: "Truncate the samples' noise: every component with |z| > τ is drawn again until it falls inside (default: none).", transform: OptionValue.positiveNumber)
    var truncation: Double?

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var matrixThreads: MatrixThreadFlag

    func validate() throws {
        guard samples >= 2 && samples <= 100_000 else { throw ValidationError("--samples must be between 2 and 100000, got \(samples)") }
    }

    func run() throws {
        matrixThreads.apply()
        let directory = RunDirectory(path: runPath)
        let config = try RunConfiguration.load(directory)
        let vocabulary = try Vocabulary.load(from: directory.vocabularyPath)
        guard config.training.model.sequenceLength >= 4 else {
            throw CommandError("JS-4 needs sequences of at least 4 characters; this run has T = \(config.training.model.sequenceLength)")
        }
        let full = try Corpus.load(path: corpus ?? config.corpusPath, options: config.corpus, vocabulary: vocabulary)
        let (train, held) = full.split(heldOut: config.heldOutCount, seed: config.training.seed)
        let path = try directory.checkpointPath(chosen: checkpoint)
        let file = try SafeTensors(data: try FileIO.read(path))
        let generator = try directory.generator(in: file, path: path, useAverage: ema ?? (config.training.ema != nil), vocabulary: vocabulary)
        let heldOut = Array(held.ids.prefix(samples * held.sequenceLength))
        let evaluator = Evaluator(training: train.ids, heldOut: heldOut, sequenceLength: train.sequenceLength, padID: vocabulary.padID, cache: .fromEnvironment())
        let noise: Tensor<Float>
        if let seed {
            var rng = SeededGenerator(seed: seed)
            noise = generator.noise(batchSize: samples, truncation: truncation.map(Float.init), using: &rng)
        } else {
            noise = Evaluator.noise(configuration: config.training, count: samples, truncation: truncation.map(Float.init))
        }
        let settings = Self.settings(config.training, truncation: truncation)
        let result = evaluator.evaluate(generator, noise: noise)
        let critic = try Critic.load(checkpoint: file, path: path)
        let inputNorms = evaluator.criticInputNorms(critic)
        let slopes = evaluator.criticSlopes(critic, generator: generator, noise: noise,
                                            seed: Evaluator.alphaSeed(forNoiseSeed: seed ?? config.training.seed))
        if json {
            struct Slopes: Encodable { let interpolates: Int; let gradientNormMean: Double; let lineSlopeMean: Double }
            struct Output: Encodable {
                let checkpoint: String; let settings: String; let truncation: Double?
                let evaluation: Evaluation; let criticInputNorms: CriticInputNorms; let criticSlopes: Slopes?
            }
            let measured = slopes.total.isEmpty ? nil : Slopes(interpolates: slopes.total.count, gradientNormMean: slopes.totalMean, lineSlopeMean: slopes.alongLineMean)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let output = Output(checkpoint: path, settings: settings, truncation: truncation, evaluation: result,
                                criticInputNorms: inputNorms, criticSlopes: measured)
            print(String(decoding: try encoder.encode(output), as: UTF8.self))
            return
        }
        print("\(path): \(samples) samples vs \(train.count) training examples"
              + (result.floor.map { "; floor: \($0.sampleCount) held-out examples" } ?? "; no held-out examples for a floor"))
        print(settings)
        print(EvaluationTable(result).text)
        print(Self.describe(inputNorms))
        print(Self.describe(slopes))
    }

    /// The run's settings, one line: the penalty and its weight, then every other setting
    /// (``TrainingConfiguration/sharedSettingsDescription``), and the noise's truncation.
    static func settings(_ c: TrainingConfiguration, truncation: Double?) -> String {
        "settings: penalty \(c.penalty.rawValue), " + c.sharedSettingsDescription
            + (truncation.map { "; samples of noise truncated at τ = \($0)" } ?? "")
    }

    /// One line on the critic's slopes at interpolates of held-out and generated text.
    static func describe(_ slopes: InterpolateSlopes) -> String {
        guard !slopes.total.isEmpty else { return "critic slopes: no held-out examples to interpolate with" }
        return String(format: "critic slopes at %d interpolates of held-out and generated text: ‖∇D‖ %.2f, along the real→fake line |∇D·u| %.2f (1 = 1-Lipschitz)",
                      slopes.total.count, slopes.totalMean, slopes.alongLineMean)
    }

    /// One line on how strongly the critic reads rare characters.
    static func describe(_ norms: CriticInputNorms) -> String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "–" }
        return "critic input weights, mean row norm: rare characters \(f(norms.rare)), common \(f(norms.common))"
            + (norms.ratio.map { String(format: " (ratio %.2f; about 1 at initialisation)", $0) } ?? "")
    }
}

/// The metrics table: one row per metric, samples beside the floor.
struct EvaluationTable {
    let text: String

    init(_ e: Evaluation) {
        func row(_ name: String, _ value: (SampleQuality) -> String, note: String = "") -> String {
            let floor = e.floor.map(value) ?? "–"
            return name.padding(toLength: 26, withPad: " ", startingAt: 0)
                + value(e.samples).padding(toLength: 12, withPad: " ", startingAt: 0)
                + floor.padding(toLength: 12, withPad: " ", startingAt: 0) + note
        }
        let f4 = { (x: Double) in String(format: "%.4f", x) }
        let pct = { (x: Double) in String(format: "%.1f %%", 100 * x) }
        text = [
            "metric".padding(toLength: 26, withPad: " ", startingAt: 0) + "samples".padding(toLength: 12, withPad: " ", startingAt: 0) + "floor",
            row("JS-1 (bits)", { f4($0.js1) }, note: "lower is better"),
            row("JS-2 (bits)", { f4($0.js2) }),
            row("JS-3 (bits)", { f4($0.js3) }),
            row("JS-4 (bits)", { f4($0.js4) }),
            row("4-grams seen in training", { pct($0.novelty.fourGramsInTraining) }),
            row("6-grams seen in training", { pct($0.novelty.sixGramsInTraining) }),
            row("samples copied verbatim", { pct($0.novelty.samplesInTraining) }),
            row("Self-BLEU-4", { f4($0.selfBLEU4) }, note: "higher = less diverse"),
            row("distinct samples", { "\($0.distinctSamples)/\($0.sampleCount)" }),
            row("on rare characters", { pct($0.rareShare) }, note: "characters under 0.1% of the training text"),
        ].joined(separator: "\n")
    }
}
