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

            The defaults are the WGAN-GP reference's model at C = 128 with the paper's 10 \
            critic steps, the setting bench/compare.sh times against PyTorch.

            Examples:
              textgan bench --dim 512 --penalty fd --critic-iterations 10
              textgan bench --dim 64 --blocks 3 --kernel-size 3 --critic-iterations 1   # the standard preset
            """)

    @Option(help: "The corpus (default: the bundled English corpus).")
    var corpus = "corpora/english.txt"

    @Option(help: "Channels C.", transform: OptionValue.positive)
    var dim = 128

    @Option(help: "Residual blocks in each network.", transform: OptionValue.positive)
    var blocks = 5

    @Option(help: "Kernel of the residual convolutions (odd).", transform: OptionValue.positive)
    var kernelSize = 5

    @Option(help: "Penalty: \(PenaltyKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var penalty: PenaltyKind = .gp

    @Option(help: "Critic steps per generator step.", transform: OptionValue.positive)
    var criticIterations = 10

    @Option(help: "The adversarial loss: \(AdversarialLoss.allCases.map(\.rawValue).joined(separator: ", ")).")
    var loss: AdversarialLoss = TrainingConfiguration.defaults.loss

    @Option(help: "Spectral normalisation of none, the critic, or both networks.")
    var spectralNorm: SpectralNormTarget = TrainingConfiguration.defaults.spectralNorm

    @Option(help: "Orthogonal regularisation β of the generator (0: none).", transform: OptionValue.nonNegativeNumber)
    var orthoReg = TrainingConfiguration.defaults.orthogonalRegularization

    @Option(help: "Batch size B.", transform: OptionValue.positive)
    var batchSize = 64

    @Option(name: .customLong("seq-len"), help: "Sequence length T.", transform: OptionValue.positive)
    var sequenceLength = 32

    @Option(help: "Timed iterations.", transform: OptionValue.positive)
    var iterations = 5

    @Option(help: "Untimed warm-up iterations.", transform: OptionValue.nonNegative)
    var warmup = 1

    @OptionGroup var threading: ThreadFlags

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        BLASRuntime.keepFreedMemoryForReuse()
        let loaded = try Corpus.load(path: corpus, options: CorpusOptions(tokenizer: TokenizerOptions(), sequenceLength: sequenceLength))
        var configuration = TrainingConfiguration(
            model: ModelConfiguration(vocabularySize: loaded.vocabulary.count, sequenceLength: sequenceLength, channels: dim,
                                      blocks: blocks, kernelSize: kernelSize))
        try configuration.validate()
        configuration.penalty = penalty
        configuration.criticIterations = criticIterations
        configuration.batchSize = batchSize
        configuration.loss = loss
        configuration.spectralNorm = spectralNorm
        configuration.orthogonalRegularization = orthoReg
        let memory = MemoryEstimate(configuration: configuration)
        try memory.check(availableBytes: ParallelLaunch.memoryPerProcess)
        let plan = threading.plan(batchSize: batchSize, memory: memory)
        BLASRuntime.setThreadCount(plan.gemmThreads)
        let data = TrainingData(ids: loaded.ids, count: loaded.count, sequenceLength: sequenceLength)
        let result = try TrainingBenchmark(configuration: configuration, iterations: iterations, warmup: warmup, teamSize: plan.teamSize)
            .run(data: data, sampler: BatchSampler(exampleCount: loaded.count, batchSize: batchSize, seed: 1))
        if json {
            struct Report: Encodable {
                let openblasCore: String, kernelPath: String, threads: Int, split: String, gemmThreads: Int, dim: Int, penalty: String, criticIterations: Int, batchSize: Int, sequenceLength: Int
                let loss: String, spectralNorm: String, orthoReg: Double
                let result: TrainingBenchmark.Result
                // "seqLen": the key bench/compare.sh and pytorch_baseline.py share.
                enum CodingKeys: String, CodingKey {
                    case openblasCore, kernelPath, threads, split, gemmThreads, dim, penalty, criticIterations, batchSize, sequenceLength = "seqLen", result
                    case loss, spectralNorm, orthoReg
                }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let report = Report(openblasCore: BLASRuntime.coreName, kernelPath: VectorKernels.summary, threads: plan.threads, split: threading.split.rawValue, gemmThreads: BLASRuntime.threadCount, dim: dim, penalty: penalty.rawValue,
                                criticIterations: criticIterations, batchSize: batchSize, sequenceLength: sequenceLength,
                                loss: loss.rawValue, spectralNorm: spectralNorm.rawValue, orthoReg: orthoReg, result: result)
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        let s = result.secondsPerIteration, p = result.phases
        let toolbox = (loss == TrainingConfiguration.defaults.loss ? "" : ", loss \(loss.rawValue)")
            + configuration.regularizationItems.map { ", " + $0 }.joined()
        print("textgan bench: C = \(dim), \(penalty.rawValue)\(toolbox), n_critic = \(criticIterations), B = \(batchSize), T = \(sequenceLength), V = \(loaded.vocabulary.count); "
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
