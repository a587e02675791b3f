import ArgumentParser
import Foundation
import TextGAN
import Tokenize

/// `textgan compare`: runs that differ in chosen settings (by default the analytic
/// against the finite-difference penalty), on the same data and seeds, with a report.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Train every configuration × seed on one corpus and report quality, Lipschitzness, speed and memory.",
        discussion: """
            The configurations are the cross product of every --vary (by default the penalties \
            gp and fd). Each run is an ordinary run directory DIR/<configuration>-seed<k>, \
            trained one after another, or --jobs N at a time as child processes (give each \
            --threads so that jobs × threads is at most the cores); runs with the same seed \
            see the same batches, and a run trains the same alone or beside others. Run the same command again to continue an \
            interrupted comparison. Writes DIR/report.html (charts), DIR/report.md and \
            DIR/summary.json.

            Examples:
              textgan compare --corpus corpora/english.txt --out runs/cmp --penalties gp,fd --seeds 3 --iterations 2000
              textgan compare --corpus corpora/english.txt --out runs/lr --vary lr=1e-4,1e-3 --vary critic-iterations=1,5 --minutes 10
            """)

    @Option(help: "The corpus (not needed with --report-only).")
    var corpus: String?

    @Option(help: "The comparison's directory.")
    var out: String

    @Option(help: "Comma-separated penalties: \(PenaltyKind.allCases.map(\.rawValue).joined(separator: ", ")); short for --vary penalty=… (default gp,fd without --vary).")
    var penalties: String?

    @Option(help: ArgumentHelp(
        "A train option and its values, NAME=v1,v2,… (repeatable): the runs are the cross product × seeds.",
        discussion: "NAME is any train option without its dashes (lr, critic-lr, generator-lr, critic-iterations, dim, blocks, batch-size, lambda, penalty, loss, spectral-norm, gamma, ortho-reg, ema, betas, preset, …). The value 'default' leaves the option unset; true/false switch a flag; --betas takes B1/B2 here. Options joined by + vary together: preset+iterations=standard+30000,reference+2000 is two configurations, each with its own length. LABEL:VALUE names a value in the report and the run directories: penalty+spectral-norm=control:gp+none,sn:none+critic.",
        valueName: "name=values"))
    var vary: [String] = []

    @Option(help: "Seeds 1…N for every penalty.")
    var seeds = 3

    @OptionGroup(title: "Model") var model: ModelFlags
    @OptionGroup(title: "Training") var training: TrainingFlags
    @OptionGroup(title: "Corpus") var corpusFlags: CorpusFlags

    @Option(help: "Cores per run (default: the cores divided by --jobs, or among the ranks under mpirun).", transform: OptionValue.positive)
    var threads: Int?

    @Option(help: ThreadFlags.splitHelp)
    var split: ThreadPlan.Split = .batch

    @Option(help: "Runs trained at once, each in its own process.", transform: OptionValue.positive)
    var jobs = 1

    /// Set by a parent `compare --jobs N` for each child: train this one run, write no report.
    @Option(help: .hidden)
    var onlyRun: String?

    @Flag(help: "Only re-render the report from the runs already in --out.")
    var reportOnly = false

    @Flag(help: "No progress lines.")
    var quiet = false

    /// Every `--vary`, with `--penalties` as `penalty=…` first; gp,fd when nothing varies.
    func variations() throws -> [Variation] {
        var variations = try vary.map { try Variation(parsing: $0) }
        let names = variations.flatMap(\.names)
        for name in Set(names) where names.filter({ $0 == name }).count > 1 {
            throw ValidationError("--vary \(name) is given twice; list all its values in one --vary \(name)=v1,v2,…")
        }
        // A shared option would override the varied one when a run resumes.
        let shared = model.given + OptionNames.given(in: training)
        if let clash = names.first(where: { shared.contains("--" + $0) }) {
            throw ValidationError("--\(clash) is given and varied; drop --\(clash) or its --vary")
        }
        if let penalties {
            guard !names.contains("penalty") else {
                throw ValidationError("--penalties is short for --vary penalty=…; give one of them")
            }
            variations.insert(try Variation(parsing: "penalty=" + penalties), at: 0)
        } else if variations.isEmpty {
            variations = [try Variation(parsing: "penalty=gp,fd")]
        }
        return variations
    }

    func validate() throws {
        let variations = try variations()
        let variants = RunVariant.crossProduct(variations)
        if let twice = Dictionary(grouping: variants, by: \.label).first(where: { $0.value.count > 1 })?.key {
            throw ValidationError("two configurations are both named \(twice); give their values other labels (--vary NAME=LABEL:VALUE)")
        }
        guard (1...100).contains(seeds) else { throw ValidationError("--seeds must be between 1 and 100, got \(seeds)") }
        if !reportOnly && corpus == nil { throw ValidationError("give the corpus with --corpus FILE (or --report-only)") }
        if !reportOnly, let corpus { try TrainCommand.checkRereadable(corpus: corpus) }
        for variant in variants {
            try TrainCommand.checkCompatible(try expectedConfiguration(variant, variations, seed: 1), in: "the configuration \(variant.label): ")
        }
        if let onlyRun, !variants.contains(where: { v in (1...seeds).contains { v.runName(seed: $0) == onlyRun } }) {
            throw ValidationError("--only-run \(onlyRun) is not one of this comparison's runs")
        }
    }

    /// Every run of the comparison, seeds slowest: `(configuration, seed)`.
    func plannedRuns() throws -> [(variant: RunVariant, seed: Int)] {
        let variants = RunVariant.crossProduct(try variations())
        return (1...seeds).flatMap { seed in variants.map { ($0, seed) } }
    }

    func run() throws {
        StopSignal.install()
        BLASRuntime.keepFreedMemoryForReuse()
        if reportOnly {
            guard FileManager.default.fileExists(atPath: out) else {
                throw CommandError("\(out) does not exist; run compare without --report-only first")
            }
        } else {
            try RunDirectory(path: out).create()
            let planned = try plannedRuns().filter { onlyRun == nil || $0.variant.runName(seed: $0.seed) == onlyRun }
            let communicator = try Ranks.communicator()
            if communicator.isRoot && onlyRun == nil && !quiet {
                for note in try penaltyWeightNotes() { FileHandle.standardError.write(Data("textgan: note: \(note)\n".utf8)) }
            }
            let toTrain = planned.filter { !isFinished($0.variant, seed: $0.seed, saying: communicator.isRoot) }
            if communicator.size > 1 && (jobs > 1 || onlyRun != nil) { throw CommandError("under mpirun the ranks share the runs; drop --jobs") }
            // Runs trained at once: the ranks under mpirun, else --jobs.
            let atOnce = communicator.size > 1 ? communicator.size : jobs
            if communicator.isRoot && onlyRun == nil && !toTrain.isEmpty { try CompareJobs.record(jobs: min(atOnce, toTrain.count), in: out) }
            if communicator.size > 1 {
                // Rank r trains every N-th run from the r-th, each run in one process.
                for (index, (variant, seed)) in toTrain.enumerated() where index % communicator.size == communicator.rank {
                    try train(variant, seed: seed)
                }
                communicator.barrier()
            } else if jobs > 1 && onlyRun == nil {
                try trainInChildren(toTrain.map { $0.variant.runName(seed: $0.seed) })
            } else {
                for (variant, seed) in toTrain { try train(variant, seed: seed) }
            }
            // A child of --jobs writes no report; under mpirun, rank 0 writes it.
            if onlyRun != nil || !communicator.isRoot { return }
        }
        try writeReport()
    }

    /// Whether the run of `variant` and `seed` has reached the end this command asks for
    /// (so a larger --iterations or --minutes continues it), saying so.
    func isFinished(_ variant: RunVariant, seed: Int, saying: Bool = true) -> Bool {
        let run = RunDirectory(path: "\(out)/\(variant.runName(seed: seed))")
        guard let config = try? RunConfiguration.load(run), run.isFinished(rescheduled(config.training)), run.latestCheckpointPath() != nil else { return false }
        if !quiet && saying { print("\(run.path): finished (\(run.readMetrics().last?.step ?? 0) iterations)") }
        return true
    }

    /// Trains (or continues) one run in this process.
    func train(_ variant: RunVariant, seed: Int) throws {
        let run = RunDirectory(path: "\(out)/\(variant.runName(seed: seed))")
        let variations = try variations()
        let session = FileManager.default.fileExists(atPath: run.configPath)
            ? try TrainingSession.resume(run, schedule: training)
            : try TrainingSession.start(corpusPath: corpus ?? "", run: run,
                                       configuration: try expectedConfiguration(variant, variations, seed: seed), corpus: corpusFlags)
        let c = session.trainer.configuration
        let plan = ThreadPlan(threads: threadsPerRun, split: split, batchSize: c.batchSize,
                              maxTeamSize: MemoryEstimate(configuration: c).maxReplicasInThisProcess)
        if case .interrupted(let step) = try session.train(plan: plan, ranks: SingleProcess(), quiet: quiet, evalEvery: training.evalEvery ?? 100) {
            if onlyRun == nil { writeReportOfFinishedRuns() }
            FileHandle.standardError.write(Data("textgan: compare stopped in \(run.path) at step \(step); run the same command again to continue\n".utf8))
            throw ExitCode(StopSignal.exitCode)
        }
    }

    /// Cores for each run: `--threads`, else the cores divided among the runs trained at once.
    var threadsPerRun: Int { threads ?? max(1, ParallelLaunch.coresPerProcess / jobs) }

    /// Trains `names` as child processes of this command, `--jobs` at a time; each child is
    /// this command line with `--jobs 1 --only-run NAME` appended (the last value of an option wins).
    func trainInChildren(_ names: [String]) throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let failures = try ChildRuns(jobs: jobs, quiet: quiet).run(names) { name in
            arguments + ["--jobs", "1", "--threads", "\(threadsPerRun)", "--only-run", name]
        }
        if StopSignal.requested {
            writeReportOfFinishedRuns()
            FileHandle.standardError.write(Data("textgan: compare stopped; run the same command again to continue\n".utf8))
            throw ExitCode(StopSignal.exitCode)
        }
        if !failures.isEmpty {
            writeReportOfFinishedRuns()
            let list = failures.map { "\($0.name) (exit status \($0.status))" }.joined(separator: ", ")
            let one = failures.count == 1
            throw CommandError("\(failures.count) run\(one ? "" : "s") failed: \(list); \(one ? "its message is" : "their messages are") above, prefixed with \(one ? "its name" : "their names")")
        }
    }

    /// The report of the runs finished so far, when a comparison stops early; before the
    /// first has finished there is none to write.
    func writeReportOfFinishedRuns() {
        if (try? writeReport()) == nil && !quiet { print("no run has finished yet: no report") }
    }

    /// A run's settings with this command's schedule (`--iterations`, `--minutes`, …), as a
    /// resume would set them.
    func rescheduled(_ training: TrainingConfiguration) -> TrainingConfiguration {
        var c = training
        self.training.apply(to: &c, newRun: false)
        return c
    }

    /// Penalty weights given that no run reads (``PenaltyWeight``): a shared
    /// `--gamma` that no configuration's penalty reads, or a varied one its own
    /// configuration's penalty ignores.
    func penaltyWeightNotes() throws -> [String] {
        let variations = try variations()
        let variants = RunVariant.crossProduct(variations)
        let penalties = try variants.map { try expectedConfiguration($0, variations, seed: 1).penalty }
        let shared = PenaltyWeight.notes(given: training.givenPenaltyWeights, penalties: penalties)
        let varied = try zip(variants, penalties).flatMap { variant, penalty in
            PenaltyWeight.notes(given: try variant.flags(variations).training.givenPenaltyWeights, penalties: [penalty])
                .map { "the configuration \(variant.label): \($0)" }
        }
        return shared + varied
    }

    /// The settings a new run of `variant` gets: the shared flags, then the variant's.
    func expectedConfiguration(_ variant: RunVariant, _ variations: [Variation], seed: Int) throws -> TrainingConfiguration {
        TrainingSession.configuration(model: model, training: training, penalty: nil, seed: UInt64(seed), overrides: try variant.flags(variations))
    }

    /// Renders the report from every finished run directory present; runs
    /// that stopped before their configured end are named and left out,
    /// so "final" always means the same step or the same budget.
    func writeReport() throws {
        var runs: [CompareReport.Run] = []
        var unfinished: [String] = []
        var floor: SampleQuality?
        var trainedOtherwise: [String] = []
        var first: RunConfiguration?
        // A varied preset changes many settings at once: each run is checked against the
        // first run of its own preset (the key: the preset it varies to, or none).
        var firstOfPreset: [String: RunConfiguration] = [:]
        var trainings: [TrainingConfiguration] = []
        let variations = try variations()
        for variant in RunVariant.crossProduct(variations) {
            for seed in 1...seeds {
                let name = variant.runName(seed: seed)
                let run = RunDirectory(path: "\(out)/\(name)")
                let metrics = run.readMetrics()
                guard !metrics.isEmpty else { continue }
                let last = metrics.map(\.step).max() ?? 0
                let config = try? RunConfiguration.load(run)
                if let config, !run.isFinished(rescheduled(config.training)) {
                    unfinished.append("\(name) (step \(last)\(config.training.minutes == nil ? " of \(config.training.iterations)" : ", budget not spent"))")
                    continue
                }
                let samples = (try? String(contentsOfFile: run.samplesPath(step: last), encoding: .utf8))?
                    .split(separator: "\n", omittingEmptySubsequences: false).map(String.init) ?? []
                runs.append(CompareReport.Run(configuration: variant.label, seed: UInt64(seed), metrics: metrics, samples: samples))
                if let config {
                    first = first ?? config
                    trainings.append(config.training)
                    let preset = variant.options.first { $0.name == "preset" }?.value ?? ""
                    let reference = firstOfPreset[preset] ?? config
                    firstOfPreset[preset] = reference
                    if try !trainsAlike(config, reference, as: variant, variations) { trainedOtherwise.append(name) }
                    if floor == nil { floor = try? floorQuality(run, config) }
                }
            }
        }
        if !unfinished.isEmpty && !quiet { print("left out of the report, unfinished: \(unfinished.joined(separator: ", "))") }
        guard !runs.isEmpty else {
            throw CommandError("\(out) holds no finished runs yet; run compare without --report-only first")
        }
        let varied = variations.map(\.name)
        let settings = first.map { "corpus \($0.corpusPath); " + TrainingConfiguration.sharedSettingsDescription(of: trainings)
            + (varied == ["penalty"] ? "" : "; varied: \(varied.joined(separator: ", "))")
            + (CompareJobs.description(in: out).map { "; " + $0 } ?? "")
            + (trainedOtherwise.isEmpty ? "" : ". NOT shared by \(trainedOtherwise.joined(separator: ", ")): their config.json differs") }
        let report = CompareReport(runs: runs, floorJS: floor?.js, floorRareShare: floor?.rareShare, floorSelfBLEU4: floor?.selfBLEU4, settings: settings)
        try report.write(to: out)
        print("verdict: \(report.summary.verdict)")
        print("report: \(out)/report.html, \(out)/report.md, \(out)/summary.json")
    }

    /// Whether `config` trains as `first` (the first run of its preset) does but for the settings its
    /// `variant` varies (and the seed and logging schedule), on the same corpus: so a report
    /// never passes off a mixed comparison as a like-for-like one. A variant that leaves an
    /// option at its default cannot be checked against another run's value, and passes.
    func trainsAlike(_ config: RunConfiguration, _ first: RunConfiguration, as variant: RunVariant, _ variations: [Variation]) throws -> Bool {
        guard config.corpus == first.corpus && config.corpusPath == first.corpusPath else { return false }
        if variant.options.contains(where: { $0.value == "default" }) { return true }
        let flags = try variant.flags(variations)
        var expected = first.training
        flags.model.apply(to: &expected.model)
        flags.training.apply(to: &expected, newRun: false)
        if let penalty = flags.penaltyAndSeed.penalty { expected.penalty = penalty }
        return config.training.trainsLike(expected)
    }

    /// The scores of the run's held-out examples against its training examples.
    func floorQuality(_ run: RunDirectory, _ config: RunConfiguration) throws -> SampleQuality? {
        guard config.training.model.sequenceLength >= 4 else { return nil }
        let vocabulary = try Vocabulary.load(from: run.vocabularyPath)
        let full = try Corpus.load(path: config.corpusPath, options: config.corpus, vocabulary: vocabulary)
        let (train, held) = full.split(heldOut: config.heldOutCount, seed: config.training.seed)
        return Evaluator(training: train.ids, heldOut: held.ids, sequenceLength: train.sequenceLength, padID: vocabulary.padID, cache: .fromEnvironment()).floorQuality
    }
}
