import ArgumentParser
import Foundation
import TextGAN
import Tokenize

/// `textgan train`: train a WGAN on a corpus into a run directory, or resume one.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a text GAN on a UTF-8 corpus, or resume a run.",
        discussion: """
            Writes a run directory: config.json, vocab.json, metrics.jsonl, samples-<step>.txt \
            and checkpoints. Ctrl-C saves a checkpoint and stops; `--resume DIR` continues \
            exactly where the run stopped (same seed, same batches).

            Examples:
              textgan train --corpus corpora/english.txt --out runs/en
              textgan train --corpus corpora/chinese.txt --out runs/zh --penalty fd --dim 256
              textgan train --resume runs/en --iterations 2000
            """)

    @Option(help: "The corpus: a UTF-8 text file, one example per line.")
    var corpus: String?

    @Option(help: "The run directory to create (or continue with --resume).")
    var out: String?

    @Option(help: "Continue the run in this directory from its latest checkpoint.")
    var resume: String?

    @OptionGroup(title: "Model") var model: ModelFlags
    @OptionGroup(title: "Training") var penaltyAndSeed: PenaltySeedFlags
    @OptionGroup(title: "Training") var training: TrainingFlags
    @OptionGroup(title: "Corpus") var corpusFlags: CorpusFlags

    @Option(help: "Threads for matrix products (default: all cores).")
    var threads: Int?

    @Flag(help: "Print nothing but errors and the final samples.")
    var quiet = false

    func validate() throws {
        try requirePositive(threads, "--threads")
        if resume != nil {
            if corpus != nil { throw ValidationError("--resume continues a run with its own corpus; drop --corpus") }
            if let out, out != resume { throw ValidationError("--resume DIR writes to DIR; drop --out") }
            let refused = model.given + penaltyAndSeed.given + training.givenExceptSchedule
            if !refused.isEmpty {
                throw ValidationError("\(refused.joined(separator: ", ")) cannot change on --resume; start a new run with --out to change them")
            }
        } else {
            guard corpus != nil else { throw ValidationError("give a corpus with --corpus FILE (or --resume DIR to continue a run)") }
            guard out != nil else { throw ValidationError("give a run directory with --out DIR") }
        }
    }

    func run() throws {
        StopSignal.install()
        BLASRuntime.setThreadCount(threads)
        BLASRuntime.keepFreedMemoryForReuse()
        let session = try resume.map { try TrainingSession.resume(RunDirectory(path: $0), schedule: training) }
            ?? TrainingSession.start(
                corpusPath: corpus ?? "", run: RunDirectory(path: out ?? ""),
                configuration: TrainingSession.configuration(model: model, training: training, penalty: penaltyAndSeed.penalty, seed: penaltyAndSeed.seed),
                corpus: corpusFlags)
        let outcome = try session.train(quiet: quiet, evalEvery: training.evalEvery ?? 100)

        let step: Int
        switch outcome {
        case .finished(let s): step = s
        case .interrupted(let s): step = s
        }
        let samples = (try? String(contentsOfFile: session.run.samplesPath(step: step), encoding: .utf8))
            ?? "(no samples written yet)"
        print("samples at step \(step) (\(session.run.samplesPath(step: step))):")
        print(samples.split(separator: "\n", omittingEmptySubsequences: false).prefix(8).map { "  " + $0 }.joined(separator: "\n"))
        if case .interrupted = outcome {
            FileHandle.standardError.write(Data("textgan: stopped at step \(step); checkpoint saved. Continue with: textgan train --resume \(session.run.path)\n".utf8))
            throw ExitCode(StopSignal.exitCode)
        }
        print("done: \(step) iterations in \(session.run.path); sample with: textgan sample --run \(session.run.path)")
    }
}
