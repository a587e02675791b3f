import ArgumentParser
import Foundation
import TextGAN
import Tokenize

extension Decoding: ExpressibleByArgument {}

/// `textgan sample`: text from a trained generator.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Print text from a trained generator, one sample per line.",
        discussion: """
            Each sample is T characters decoded by argmax (the default) or drawn with \
            --decode sample; padding is removed. --truncation τ draws the noise from the \
            standard normal truncated to [−τ, τ] (BigGAN's truncation trick): smaller τ \
            trades variety for fidelity.

            Example:
              textgan sample --run runs/en --count 5
            """)

    // Spelled by hand: a property named `run` would collide with `run()`.
    @Option(name: .customLong("run"), help: "The run directory written by `textgan train`.")
    var runPath: String

    @Option(help: "How many samples.")
    var count = 10

    @Option(help: "Seed of the noise (and of the draws with --decode sample).")
    var seed: UInt64 = 1

    @Option(help: "Use the checkpoint of this step instead of the latest.")
    var checkpoint: Int?

    @Flag(inversion: .prefixedNo, help: "Sample from the exponential moving average of the generator's weights, or from the weights themselves (default: the average when the run keeps one, as its evaluations do).")
    var ema: Bool?

    @Option(help: "argmax or sample.")
    var decode: Decoding = .argmax

    @Option(help: "Temperature for --decode sample: below 1 sharper, above 1 more varied.")
    var temperature: Float = 1

    @Option(help: "Truncate the noise: every component with |z| > τ is drawn again until it falls inside (default: none).", transform: OptionValue.positiveNumber)
    var truncation: Double?

    @Flag(help: "Print one JSON object with the samples and their settings.")
    var json = false

    @OptionGroup var matrixThreads: MatrixThreadFlag

    func validate() throws {
        guard count >= 1 && count <= 100_000 else { throw ValidationError("--count must be between 1 and 100000, got \(count)") }
        guard temperature.isFinite && temperature > 0 else { throw ValidationError("--temperature must be a positive number, got \(temperature)") }
        if temperature != 1 && decode == .argmax { throw ValidationError("--temperature applies to --decode sample only") }
    }

    func run() throws {
        matrixThreads.apply()
        let directory = RunDirectory(path: runPath)
        let config = try RunConfiguration.load(directory)
        let vocabulary = try Vocabulary.load(from: directory.vocabularyPath)
        let path = try directory.checkpointPath(chosen: checkpoint)
        let generator = try directory.generator(at: path, useAverage: ema ?? (config.training.ema != nil), vocabulary: vocabulary)
        var rng = SeededGenerator(seed: seed)
        let noise = generator.noise(batchSize: count, truncation: truncation.map(Float.init), using: &rng)
        let ids = generator(noise).decode(decode, temperature: temperature, using: &rng)
        let t = generator.configuration.sequenceLength
        let samples = (0..<count).map { vocabulary.decode(ids[($0 * t)..<(($0 + 1) * t)]) }
        if json {
            struct Output: Encodable {
                let checkpoint: String; let decode: String; let seed: UInt64; let truncation: Double?; let samples: [String]
                enum CodingKeys: CodingKey { case checkpoint, decode, seed, truncation, samples }
                // `truncation` is written as null when there is none, so that every output has the key.
                func encode(to encoder: any Encoder) throws {
                    var c = encoder.container(keyedBy: CodingKeys.self)
                    try c.encode(checkpoint, forKey: .checkpoint)
                    try c.encode(decode, forKey: .decode)
                    try c.encode(seed, forKey: .seed)
                    try c.encode(truncation, forKey: .truncation)
                    try c.encode(samples, forKey: .samples)
                }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let output = Output(checkpoint: path, decode: decode.rawValue, seed: seed, truncation: truncation, samples: samples)
            print(String(decoding: try encoder.encode(output), as: UTF8.self))
        } else {
            samples.forEach { print($0) }
        }
    }
}
