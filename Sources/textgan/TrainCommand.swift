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
              textgan train --corpus corpora/chinese.txt --out runs/zh --max-vocab 2800
              textgan train --corpus corpora/english.txt --out runs/fd --penalty fd --minutes 30
              textgan train --resume runs/en --iterations 40000
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

    @OptionGroup(title: "Threads") var threading: ThreadFlags

    @Flag(help: "Print nothing but errors and the final samples.")
    var quiet = false

    func validate() throws {
        if resume != nil {
            if corpus != nil { throw ValidationError("--resume continues a run with its own corpus; drop --corpus") }
            if let out, out != resume { throw ValidationError("--resume DIR writes to DIR; drop --out") }
            let refused = model.given + penaltyAndSeed.given + training.givenExceptSchedule
            if !refused.isEmpty {
                throw ValidationError("\(refused.joined(separator: ", ")) cannot change on --resume; start a new run with --out to change them")
            }
        } else {
            guard let corpus else { throw ValidationError("give a corpus with --corpus FILE (or --resume DIR to continue a run)") }
            try Self.checkRereadable(corpus: corpus)
            guard out != nil else { throw ValidationError("give a run directory with --out DIR") }
            try Self.checkCompatible(ownConfiguration())
        }
    }

    func run() throws {
        StopSignal.install()
        BLASRuntime.keepFreedMemoryForReuse()
        let communicator = try Ranks.communicator()
        if resume == nil && communicator.isRoot && !quiet {
            let notes = PenaltyWeight.notes(given: training.givenPenaltyWeights, penalties: [ownConfiguration().penalty])
            for note in notes { FileHandle.standardError.write(Data("textgan: note: \(note)\n".utf8)) }
        }
        let session = try communicator.size > 1 ? joinRanks(communicator) : makeSession(ranks: 1)
        let plan = threading.plan(batchSize: session.trainer.configuration.batchSize, ranks: communicator.size,
                                  memory: MemoryEstimate(configuration: session.trainer.configuration))
        let outcome = try session.train(plan: plan, ranks: communicator, quiet: quiet, evalEvery: training.evalEvery ?? 100)
        guard communicator.isRoot else {
            if case .interrupted = outcome { throw ExitCode(StopSignal.exitCode) }
            return
        }

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

    /// This process's session, started or resumed as the flags say.
    func makeSession(ranks: Int) throws -> TrainingSession {
        try resume.map { try TrainingSession.resume(RunDirectory(path: $0), schedule: training, ranks: ranks) }
            ?? TrainingSession.start(corpusPath: corpus ?? "", run: RunDirectory(path: out ?? ""), configuration: ownConfiguration(),
                                     corpus: corpusFlags, ranks: ranks)
    }

    /// Refuses a corpus that cannot be read a second time (a pipe such as `<(zcat corpus.gz)`,
    /// or /dev/stdin): `--resume` and `compare`'s jobs read the run's corpus again. A missing
    /// path or a folder gets its own message when the corpus is loaded.
    static func checkRereadable(corpus path: String) throws {
        guard FileInput.isStream(path) else { return }
        throw ValidationError("--corpus \(path) is a pipe or a device, not a file: a run reads its corpus again when it resumes. Write it to a file first (`textgan vocab` reads pipes)")
    }

    /// Refuses a loss and a penalty that do not make a method together (``TrainingConfiguration/conflict``).
    static func checkCompatible(_ c: TrainingConfiguration, in context: String = "") throws {
        guard let conflict = c.conflict else { return }
        throw ValidationError("\(context)--loss \(c.loss.rawValue) and --penalty \(c.penalty.rawValue) do not go together: \(conflict)")
    }

    /// The settings of a new run from this command line.
    func ownConfiguration() -> TrainingConfiguration {
        TrainingSession.configuration(model: model, training: training, penalty: penaltyAndSeed.penalty, seed: penaltyAndSeed.seed)
    }

    /// Under `mpirun`: rank 0 starts or resumes the run directory as one process would and
    /// hands the run to the other ranks, which check that they run the same binary and, for
    /// a new run, that their own flags give the same settings.
    func joinRanks(_ communicator: any Communicator) throws -> TrainingSession {
        let root = try Ranks.together(communicator) { communicator.isRoot ? try makeSession(ranks: communicator.size) : nil }
        let sent = try Ranks.together(communicator) { try root?.handover() }
        let handover = TrainingSession.Handover(
            configuration: Ranks.broadcast(sent?.configuration ?? Data(), communicator),
            vocabulary: Ranks.broadcast(sent?.vocabulary ?? Data(), communicator),
            checkpoint: Ranks.broadcast(sent?.checkpoint ?? Data(), communicator))
        let ownDigest = try Ranks.together(communicator) { try Ranks.executableDigest() }
        let rootDigest = Ranks.broadcast(ownDigest, communicator)
        return try Ranks.together(communicator) {
            if let root { return root }
            guard ownDigest == rootDigest else {
                throw CommandError("this rank runs another textgan binary than rank 0; install the same build on every machine")
            }
            let follower = try TrainingSession.follower(RunDirectory(path: resume ?? out ?? ""), handover)
            if resume == nil {
                var own = ownConfiguration()
                own.model.vocabularySize = follower.config.training.model.vocabularySize
                guard own == follower.config.training,
                      corpusFlags.options(sequenceLength: own.model.sequenceLength) == follower.config.corpus else {
                    throw CommandError("this rank was started with other settings than rank 0; give every rank the same command line")
                }
            }
            return follower
        }
    }
}
