import ArgumentParser
import Foundation
import TextGAN
import Tokenize

/// `textgan bench`: seconds per generator iteration of a full training step.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time full generator iterations (n_critic critic steps + 1 generator step) on a corpus.",
        discussion: """
            Reports the median and spread of seconds per iteration after warm-up, characters \
            per second through the critic, achieved GFLOP/s (the model's matrix-multiply FLOPs \
            counted analytically as direct convolutions: see ModelFLOPs), the FLOPs the GEMMs \
            actually ran (fewer: the K = 3 and 5 convolutions at 32+ channels use Winograd \
            F(4, K)), the time per phase and peak memory.

            Without --preset, the settings are the WGAN-GP reference's model at C = 128 with \
            the paper's 10 critic steps, the setting bench/compare.sh times against PyTorch; \
            --preset standard times what `train` trains by default. Explicit options override either.

            Examples:
              textgan bench --preset standard
              textgan bench --dim 512 --penalty fd --critic-iterations 10
            """)

    @Option(help: "The corpus.")
    var corpus = "corpora/english.txt"

    @Option(help: "Time a preset's settings: \(TrainingPreset.allCases.map(\.rawValue).joined(separator: ", ")) (default: the reference's model at C = \(Self.unpreset.model.channels) with \(Self.unpreset.criticIterations) critic steps).")
    var preset: TrainingPreset?

    @Option(help: "Channels C (default: the preset's).", transform: OptionValue.positive)
    var dim: Int?

    @Option(help: "Residual blocks in each network (default: the preset's).", transform: OptionValue.positive)
    var blocks: Int?

    @Option(help: "Kernel of the residual convolutions (odd; default: the preset's).", transform: OptionValue.oddPositive)
    var kernelSize: Int?

    @Option(help: "The penalty (default: the preset's).")
    var penalty: PenaltyKind?

    @Option(help: "Critic steps per generator step (default: the preset's).", transform: OptionValue.positive)
    var criticIterations: Int?

    @Option(help: "The adversarial loss (default: the preset's).")
    var loss: AdversarialLoss?

    @Option(help: "Spectral normalisation of none, the critic, or both networks (default: the preset's).")
    var spectralNorm: SpectralNormTarget?

    @Option(help: "What spectral normalisation divides a convolution by: reshaped or operator (default: the preset's).")
    var spectralNormConv: SpectralNormConvolutions?

    @Option(help: "Orthogonal regularisation β of the generator (0: none; default: the preset's).", transform: OptionValue.nonNegativeNumber)
    var orthoReg: Double?

    @Option(help: "Batch size B (default: the preset's).", transform: OptionValue.positive)
    var batchSize: Int?

    @Option(name: .customLong("seq-len"), help: "Sequence length T (default: the preset's).", transform: OptionValue.positive)
    var sequenceLength: Int?

    @Option(help: "Timed iterations.", transform: OptionValue.positive)
    var iterations = 5

    @Option(help: "Untimed warm-up iterations.", transform: OptionValue.nonNegative)
    var warmup = 1

    @OptionGroup var threading: ThreadFlags

    @Flag(help: "Print JSON.")
    var json = false

    /// The settings timed without `--preset`: the reference's, with the paper's 10 critic steps.
    static let unpreset: TrainingConfiguration = {
        var c = TrainingConfiguration.preset(.reference, vocabularySize: 0)
        c.criticIterations = 10
        return c
    }()

    /// The settings to time: the preset's (or ``unpreset``), then every option given, for a
    /// corpus of `vocabularySize` units.
    func configuration(vocabularySize: Int) -> TrainingConfiguration {
        var c = preset.map { TrainingConfiguration.preset($0, vocabularySize: vocabularySize) } ?? Self.unpreset
        c.model.vocabularySize = vocabularySize
        if let dim { c.model.channels = dim }
        if let blocks { c.model.blocks = blocks }
        if let kernelSize { c.model.kernelSize = kernelSize }
        if let sequenceLength { c.model.sequenceLength = sequenceLength }
        if let penalty { c.penalty = penalty }
        if let criticIterations { c.criticIterations = criticIterations }
        if let batchSize { c.batchSize = batchSize }
        if let loss { c.loss = loss }
        if let spectralNorm { c.spectralNorm = spectralNorm }
        if let spectralNormConv { c.spectralNormConvolutions = spectralNormConv }
        if let orthoReg { c.orthogonalRegularization = orthoReg }
        return c
    }

    func run() throws {
        BLASRuntime.keepFreedMemoryForReuse()
        let sequenceLength = configuration(vocabularySize: 0).model.sequenceLength
        let loaded = try Corpus.load(path: corpus, options: CorpusOptions(tokenizer: TokenizerOptions(), sequenceLength: sequenceLength))
        let c = configuration(vocabularySize: loaded.vocabulary.count), model = c.model
        try c.validate()
        let memory = MemoryEstimate(configuration: c)
        try memory.check(availableBytes: ParallelLaunch.memoryPerProcess)
        let plan = threading.plan(batchSize: c.batchSize, memory: memory)
        BLASRuntime.setThreadCount(plan.gemmThreads)
        let data = TrainingData(ids: loaded.ids, count: loaded.count, sequenceLength: model.sequenceLength)
        let result = try TrainingBenchmark(configuration: c, iterations: iterations, warmup: warmup, teamSize: plan.teamSize)
            .run(data: data, sampler: BatchSampler(exampleCount: loaded.count, batchSize: c.batchSize, seed: 1))
        if json {
            struct Report: Encodable {
                let openblasCore: String, kernelPath: String, threads: Int, split: String, gemmThreads: Int, dim: Int, penalty: String, criticIterations: Int, batchSize: Int, sequenceLength: Int
                let loss: String, spectralNorm: String, orthoReg: Double, blocks: Int, kernelSize: Int, ema: Double?
                let result: TrainingBenchmark.Result
                // "seqLen": the key bench/compare.sh and pytorch_baseline.py share.
                enum CodingKeys: String, CodingKey {
                    case openblasCore, kernelPath, threads, split, gemmThreads, dim, penalty, criticIterations, batchSize, sequenceLength = "seqLen", result
                    case loss, spectralNorm, orthoReg, blocks, kernelSize, ema
                }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let report = Report(openblasCore: BLASRuntime.coreName, kernelPath: VectorKernels.summary, threads: plan.threads, split: threading.split.rawValue, gemmThreads: BLASRuntime.threadCount, dim: model.channels, penalty: c.penalty.rawValue,
                                criticIterations: c.criticIterations, batchSize: c.batchSize, sequenceLength: model.sequenceLength,
                                loss: c.loss.rawValue, spectralNorm: c.spectralNorm.rawValue, orthoReg: c.orthogonalRegularization,
                                blocks: model.blocks, kernelSize: model.kernelSize, ema: c.ema, result: result)
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        let s = result.secondsPerIteration, p = result.phases
        let toolbox = (c.loss == TrainingConfiguration.defaults.loss ? "" : ", loss \(c.loss.rawValue)")
            + c.regularizationItems.map { ", " + $0 }.joined()
        print("textgan bench: C = \(model.channels), \(model.blocks) blocks, K = \(model.kernelSize), \(c.penalty.rawValue)\(toolbox), n_critic = \(c.criticIterations), B = \(c.batchSize), T = \(model.sequenceLength), V = \(loaded.vocabulary.count)"
              + (c.ema.map { ", EMA \($0)" } ?? "") + "; "
              + "\(plan), OpenBLAS \(BLASRuntime.coreName), vector kernels \(VectorKernels.summary)")
        print(String(format: "s/iter      median %.3f  min %.3f  max %.3f  (%d timed, %d warm-up)", s.median, s.min, s.max, s.count, warmup))
        print(String(format: "throughput  %.0f characters/s, %.1f GFLOP/s (%.1f GFLOP per iteration)",
                     result.tokensPerSecond, result.gflopsPerSecond, result.flopsPerIteration / 1e9))
        print(String(format: "GEMM        %.0f%% of the time; %.1f GFLOP per iteration run in GEMMs (%.0f%% of the model's: Winograd), %.1f GFLOP/s inside them",
                     100 * result.gemmShare, result.countedFlopsPerIteration / 1e9,
                     100 * result.countedFlopsPerIteration / max(1, result.flopsPerIteration),
                     result.gemmGflopsPerThread) + (plan.teamSize > 1 ? " per thread" : "")
              + String(format: "; the same GEMMs alone: %.1f (%.0f%%)", result.isolatedGemmGflopsPerThread,
                       100 * result.gemmGflopsPerThread / max(1e-12, result.isolatedGemmGflopsPerThread)))
        print(String(format: "phases (s/iter)  data %.3f  critic forward %.3f  penalty %.3f  critic backward %.3f  generator %.3f  optimizer %.3f",
                     p.data, p.criticForward, p.criticPenalty, p.criticBackward, p.generatorStep, p.optimizer))
        let cpu = result.cpuPerIteration
        print(String(format: "CPU         %.2f s user + %.2f s system per iteration (system %.1f%%)", cpu.userSeconds, cpu.systemSeconds, 100 * cpu.systemShare))
        if let peak = result.peakMemoryMiB { print(String(format: "peak memory %.0f MiB", peak)) }
    }
}
