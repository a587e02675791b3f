import Foundation
import TextGAN
import Tokenize

/// Everything `train` needs to run: the run directory, its data and its trainer,
/// either freshly made from a corpus or restored from a checkpoint.
struct TrainingSession {
    let run: RunDirectory
    let config: RunConfiguration
    let corpus: Corpus
    /// Examples held out of training, for the quality floor.
    let heldOut: Corpus
    let vocabulary: Vocabulary
    var trainer: GANTrainer
    let resumed: Bool
    /// Held while the session lives: no second process writes this run (nil on the ranks
    /// other than 0 under `mpirun`, which write nothing).
    let lock: RunLock?

    /// At most this many examples are held out of training for `eval`'s floor.
    static let heldOutLimit = 640

    /// The settings a new run gets from its flags, in order: the preset, then the
    /// flags given; `overrides` (one configuration of `compare --vary`) last.
    /// The vocabulary size is left at 0, for the corpus to set.
    static func configuration(model: ModelFlags, training: TrainingFlags, penalty: PenaltyKind?, seed: UInt64?,
                              overrides: RunFlags? = nil) -> TrainingConfiguration {
        var c = TrainingConfiguration.preset(overrides?.training.preset ?? training.preset ?? .standard, vocabularySize: 0)
        model.apply(to: &c.model)
        training.apply(to: &c, newRun: true)
        if let penalty { c.penalty = penalty }
        if let overrides {
            overrides.model.apply(to: &c.model)
            overrides.training.apply(to: &c, newRun: true)
            if let penalty = overrides.penaltyAndSeed.penalty { c.penalty = penalty }
        }
        if let seed { c.seed = seed }
        return c
    }

    static func start(
        corpusPath: String, run: RunDirectory, configuration: TrainingConfiguration, corpus flags: CorpusFlags, ranks: Int = 1
    ) throws -> TrainingSession {
        if FileManager.default.fileExists(atPath: run.configPath) {
            throw CommandError("\(run.path) already holds a run; continue it with --resume \(run.path) or choose another --out")
        }
        var trainingConfiguration = configuration
        let full = try Corpus.load(path: corpusPath, options: flags.options(sequenceLength: trainingConfiguration.model.sequenceLength))
        trainingConfiguration.model.vocabularySize = full.vocabulary.count

        try MemoryEstimate(configuration: trainingConfiguration).check(availableBytes: ParallelLaunch.memoryPerProcess)
        try checkDivisible(trainingConfiguration.batchSize, ranks: ranks)

        let heldOut = min(heldOutLimit, full.count / 10)
        let (train, held) = full.split(heldOut: heldOut, seed: trainingConfiguration.seed)
        guard train.count >= 1 else { throw CommandError("\(corpusPath) has too few usable examples (\(full.count)) to train on") }

        try run.create()
        let lock = try RunLock(run)
        let config = RunConfiguration(
            corpusPath: URL(fileURLWithPath: corpusPath).standardizedFileURL.path,
            corpus: flags.options(sequenceLength: trainingConfiguration.model.sequenceLength),
            training: trainingConfiguration, heldOutCount: heldOut, vocabulary: full.vocabulary.units)
        try full.vocabulary.write(to: run.vocabularyPath)
        try config.write(to: run)

        let trainer = try makeTrainer(config, train: train, checkpoint: nil)
        return TrainingSession(run: run, config: config, corpus: train, heldOut: held, vocabulary: full.vocabulary, trainer: trainer, resumed: false, lock: lock)
    }

    static func resume(_ run: RunDirectory, schedule: TrainingFlags, ranks: Int = 1) throws -> TrainingSession {
        var config = try RunConfiguration.load(run)
        try checkDivisible(config.training.batchSize, ranks: ranks)
        let lock = try RunLock(run)
        let vocabulary = try Vocabulary.load(from: run.vocabularyPath)
        guard vocabulary.units == config.vocabulary else {
            throw CommandError("\(run.vocabularyPath) does not match config.json; the run directory was modified")
        }
        let (train, held) = try corpus(config, vocabulary: vocabulary)
        // A run stopped before its first checkpoint (killed, say) starts again from step 0:
        // its seed makes that the same run, and only the unsaved steps are lost.
        let checkpoint = try run.latestCheckpointPath().map { (try FileIO.read($0), $0) }
        var trainer = try makeTrainer(config, train: train, checkpoint: checkpoint)
        trainer.reschedule { schedule.apply(to: &$0, newRun: false) }
        config.training = trainer.configuration
        try config.write(to: run)
        try run.truncateMetrics(after: trainer.step)
        return TrainingSession(run: run, config: config, corpus: train, heldOut: held, vocabulary: vocabulary, trainer: trainer, resumed: true, lock: lock)
    }

    /// A rank other than 0 under `mpirun`: the session rank 0 started or resumed, from what
    /// it broadcast (``Handover``), without touching the run directory.
    static func follower(_ run: RunDirectory, _ handover: Handover) throws -> TrainingSession {
        let config = try JSONDecoder().decode(RunConfiguration.self, from: handover.configuration)
        let vocabulary = try JSONDecoder().decode(Vocabulary.self, from: handover.vocabulary)
        let (train, held) = try corpus(config, vocabulary: vocabulary)
        let checkpoint = handover.checkpoint.isEmpty ? nil : (handover.checkpoint, "rank 0's checkpoint")
        var trainer = try makeTrainer(config, train: train, checkpoint: checkpoint)
        // Rank 0's schedule (a resume may have changed it), or the ranks would end at different steps.
        trainer.reschedule { $0 = config.training }
        return TrainingSession(run: run, config: config, corpus: train, heldOut: held, vocabulary: vocabulary, trainer: trainer,
                               resumed: checkpoint != nil, lock: nil)
    }

    /// What rank 0 sends the other ranks: `config.json`, `vocab.json` and, when the run
    /// resumes from a checkpoint, the restored trainer's state in the checkpoint format
    /// (empty for a new run, whose ranks all start from the seed).
    struct Handover {
        var configuration: Data
        var vocabulary: Data
        var checkpoint: Data
    }

    /// This session as rank 0 hands it over. A resumed trainer serialises the state it
    /// read rather than the checkpoint file being read again (step 0: no checkpoint was).
    func handover() throws -> Handover {
        Handover(configuration: try FileIO.read(run.configPath), vocabulary: try vocabulary.jsonData(),
                 checkpoint: resumed && trainer.step > 0 ? try trainer.checkpointData() : Data())
    }

    /// The run's training and held-out examples, from its corpus file and vocabulary.
    static func corpus(_ config: RunConfiguration, vocabulary: Vocabulary) throws -> (train: Corpus, heldOut: Corpus) {
        let full = try Corpus.load(path: config.corpusPath, options: config.corpus, vocabulary: vocabulary)
        return full.split(heldOut: config.heldOutCount, seed: config.training.seed)
    }

    /// The trainer of a run: fresh from its seed, or restored from a checkpoint's bytes and path.
    static func makeTrainer(_ config: RunConfiguration, train: Corpus, checkpoint: (data: Data, path: String)?) throws -> GANTrainer {
        let data = TrainingData(ids: train.ids, count: train.count, sequenceLength: train.sequenceLength)
        guard let checkpoint else {
            let c = config.training
            return GANTrainer(configuration: c, data: data,
                              sampler: BatchSampler(exampleCount: train.count, batchSize: c.batchSize, seed: c.seed, withReplacement: c.batchesWithReplacement))
        }
        let path = checkpoint.path
        let trainer = try GANTrainer(checkpoint: try SafeTensors(data: checkpoint.data), path: path, data: data) { state in
            // Check the sizes before BatchSampler builds a permutation of that many examples.
            struct Sizes: Decodable { let exampleCount: Int; let batchSize: Int }
            let sizes = try JSONDecoder().decode(Sizes.self, from: state)
            guard sizes.exampleCount == train.count else {
                throw CommandError("the run was trained on \(sizes.exampleCount) examples but \(config.corpusPath) now gives \(train.count); the corpus file changed since training")
            }
            let sampler = try JSONDecoder().decode(BatchSampler.self, from: state)
            guard sampler.withReplacement == config.training.batchesWithReplacement else {
                throw CommandError("\(path) draws batches \(sampler.withReplacement ? "with replacement" : "by shuffled epochs") but config.json says otherwise; the run directory was modified")
            }
            return sampler
        }
        guard trainer.configuration.model == config.training.model else {
            throw CommandError("\(path) was trained with another architecture than config.json says")
        }
        return trainer
    }

    /// Refuses a global batch that `ranks` processes cannot share equally.
    static func checkDivisible(_ batchSize: Int, ranks: Int) throws {
        guard batchSize % ranks != 0 else { return }
        throw CommandError("the batch of \(batchSize) examples does not split over \(ranks) ranks; choose --batch-size as a multiple of \(ranks) (or run \(ranks) ranks that divide it)")
    }

    /// Scores samples against this run's training examples, the held-out ones as the floor.
    func evaluator() -> Evaluator {
        Evaluator(training: corpus.ids, heldOut: heldOut.ids, sequenceLength: corpus.sequenceLength, padID: vocabulary.padID, cache: .fromEnvironment())
    }

    func printHeader(threads: ThreadPlan, ranks: Int = 1) {
        let c = trainer.configuration
        let s = corpus.statistics
        let end = c.minutes.map { "a budget of \($0) minutes (\(Int(trainer.trainingSeconds / 60)) spent)" } ?? "\(c.iterations)"
        if !resumed {
            print("new run \(run.path)")
        } else if trainer.step == 0 {
            print("\(run.path) has no checkpoint yet: starting it again from step 0 of \(end)")
        } else {
            print("resuming \(run.path) at step \(trainer.step) of \(end)")
        }
        print("corpus \(config.corpusPath): \(s.linesRead) lines, \(corpus.count) training examples (\(config.heldOutCount) held out), "
              + "V = \(c.model.vocabularySize), coverage \(String(format: "%.2f", 100 * s.coverage))%")
        print("model: C = \(c.model.channels), \(counted(c.model.blocks, "block")), T = \(c.model.sequenceLength), "
              + "generator \(trainer.generator.parameterCount) and critic \(trainer.critic.parameterCount) parameters")
        let weightAndRegularization = (c.penaltyWeightItems + c.regularizationItems).map { ", " + $0 }.joined()
        print("training: \(c.loss.rawValue) loss, penalty \(c.penalty.rawValue)\(weightAndRegularization), \(counted(c.criticIterations, "critic step")), batch \(c.batchSize), "
              + "\(c.learningRateDescription), β = (\(c.beta1), \(c.beta2))\(c.ema.map { ", EMA \($0)" } ?? ""), seed \(c.seed), \(ranks > 1 ? "\(ranks) ranks × " : "")\(threads)\(ranks > 1 ? " each" : "") (OpenBLAS \(BLASRuntime.coreName), vector kernels \(VectorKernels.summary))")
    }

    /// Trains this session with `plan`'s threads, in this process's place among `ranks`
    /// (the processes `mpirun` started, or one): sets OpenBLAS's thread count and, with a
    /// team, trains one replica of the session per thread, member 0 this one.
    func train(plan: ThreadPlan, ranks: any Communicator, quiet: Bool, evalEvery: Int) throws -> TrainingOutcome {
        BLASRuntime.setThreadCount(plan.gemmThreads)
        var session = self
        guard plan.teamSize > 1 else {
            session.trainer.communicator = ranks
            return try session.train(quiet: quiet, evalEvery: evalEvery, plan: plan, processes: ranks.size)
        }
        let replicas = try (1..<plan.teamSize).map { _ in try replica() }
        return try ThreadTeam.run(size: plan.teamSize) { member in
            var own = member.rank == 0 ? session : replicas[member.rank - 1]
            own.trainer.communicator = ranks.size > 1 ? NestedCommunicator(member: member, outer: ranks) : member
            return try own.train(quiet: quiet, evalEvery: evalEvery, plan: plan, processes: ranks.size)
        }
    }

    /// A copy of this session for another thread of a team: the same run, data and
    /// vocabulary, its own trainer (``GANTrainer/replica()``), and no lock (member 0 holds it).
    func replica() throws -> TrainingSession {
        TrainingSession(run: run, config: config, corpus: corpus, heldOut: heldOut, vocabulary: vocabulary,
                        trainer: try trainer.replica(), resumed: resumed, lock: nil)
    }

    /// Runs the training loop with progress output, JS logging every
    /// `evalEvery` iterations (0: never) and Ctrl-C handling.
    func train(quiet: Bool, evalEvery: Int, plan: ThreadPlan, processes: Int) throws -> TrainingOutcome {
        // Under mpirun or in a team, rank 0 alone prints, and evaluates; every rank logs at the same steps.
        let isRoot = trainer.communicator.isRoot
        let printer = ProgressPrinter(quiet: quiet || !isRoot)
        if !quiet && isRoot {
            printHeader(threads: plan, ranks: processes)
            fflush(nil)
        }
        let vocabulary = self.vocabulary
        var loop = TrainingLoop(trainer: trainer, run: run) { vocabulary.decode($0) }
        loop.shouldStop = { StopSignal.requested }
        if evalEvery > 0, trainer.configuration.model.sequenceLength >= 4 {
            loop.evaluateEvery = evalEvery
        }
        if loop.evaluateEvery > 0 && isRoot {
            let evaluator = evaluator()
            let noise = Evaluator.noise(configuration: trainer.configuration, count: Evaluator.sampleCount)
            // A run that keeps a weight average is sampled from it (`sample --ema`), so that is
            // what its evaluations score.
            loop.evaluate = {
                TrainingEvaluation(samples: evaluator.evaluate($0.effectiveGenerator(useAverage: true), noise: noise).samples,
                                   criticInputNorms: evaluator.criticInputNorms($0.effectiveCritic))
            }
        }
        let penalty = trainer.configuration.penalty
        loop.onProgress = { printer.report($0, penalty: penalty) }
        let outcome = try loop.train()
        printer.finish()
        return outcome
    }
}
