import ArgumentParser
import Foundation
import TextGAN
import Tokenize

/// `textgan compare`: the analytic against the finite-difference penalty, on
/// the same data and seeds, with a report.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Train every penalty × seed on one corpus and report quality, Lipschitzness, speed and memory.",
        discussion: """
            Each run is an ordinary run directory DIR/<penalty>-seed<k>, trained one after \
            another so that timings do not compete for cores; runs with the same seed see \
            the same batches. Run the same command again to continue an interrupted \
            comparison. Writes DIR/report.html (charts), DIR/report.md and DIR/summary.json.

            Example:
              textgan compare --corpus corpora/english.txt --out runs/cmp --penalties gp,fd --seeds 3 --iterations 2000
            """)

    @Option(help: "The corpus (not needed with --report-only).")
    var corpus: String?

    @Option(help: "The comparison's directory.")
    var out: String

    @Option(help: "Comma-separated penalties: \(PenaltyKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var penalties = "gp,fd"

    @Option(help: "Seeds 1…N for every penalty.")
    var seeds = 3

    @OptionGroup(title: "Model") var model: ModelFlags
    @OptionGroup(title: "Training") var training: TrainingFlags
    @OptionGroup(title: "Corpus") var corpusFlags: CorpusFlags

    @Option(help: "Threads for matrix products (default: all cores).")
    var threads: Int?

    @Flag(help: "Only re-render the report from the runs already in --out.")
    var reportOnly = false

    @Flag(help: "No progress lines.")
    var quiet = false

    var penaltyKinds: [PenaltyKind] {
        penalties.split(separator: ",").compactMap { PenaltyKind(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    }

    func validate() throws {
        let names = penalties.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for name in names where PenaltyKind(rawValue: name) == nil {
            throw ValidationError("unknown penalty '\(name)' in --penalties; choose from \(PenaltyKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard !names.isEmpty, Set(names).count == names.count else { throw ValidationError("--penalties must list distinct penalties, e.g. gp,fd") }
        guard (1...100).contains(seeds) else { throw ValidationError("--seeds must be between 1 and 100, got \(seeds)") }
        if !reportOnly && corpus == nil { throw ValidationError("give the corpus with --corpus FILE (or --report-only)") }
        try requirePositive(threads, "--threads")
    }

    func run() throws {
        StopSignal.install()
        BLASRuntime.setThreadCount(threads)
        BLASRuntime.keepFreedMemoryForReuse()
        if reportOnly {
            guard FileManager.default.fileExists(atPath: out) else {
                throw CommandError("\(out) does not exist; run compare without --report-only first")
            }
        } else {
            try RunDirectory(path: out).create()
            let target = training.iterations ?? TrainingConfiguration(model: ModelConfiguration(vocabularySize: 3)).iterations
            for seed in 1...seeds {
                for penalty in penaltyKinds {
                    let run = RunDirectory(path: "\(out)/\(penalty.rawValue)-seed\(seed)")
                    let done = run.readMetrics().last?.step ?? 0
                    if FileManager.default.fileExists(atPath: run.configPath) && done >= target && run.latestCheckpointPath() != nil {
                        if !quiet { print("\(run.path): finished (\(done) iterations)") }
                        continue
                    }
                    let session = FileManager.default.fileExists(atPath: run.configPath)
                        ? try TrainingSession.resume(run, schedule: training)
                        : try TrainingSession.start(corpusPath: corpus ?? "", run: run, model: model, training: training, penalty: penalty, seed: UInt64(seed),
                                                   corpus: corpusFlags)
                    if case .interrupted(let step) = try session.train(quiet: quiet, evalEvery: training.evalEvery ?? 100) {
                        try writeReport()
                        FileHandle.standardError.write(Data("textgan: compare stopped in \(run.path) at step \(step); run the same command again to continue\n".utf8))
                        throw ExitCode(StopSignal.exitCode)
                    }
                }
            }
        }
        try writeReport()
    }

    /// Renders the report from every finished run directory present; runs
    /// that stopped before their configured iterations are named and left out,
    /// so "final" always means the same step.
    func writeReport() throws {
        var runs: [CompareReport.Run] = []
        var unfinished: [String] = []
        var floor: SampleQuality?
        var configs: [(name: String, config: RunConfiguration)] = []
        for penalty in penaltyKinds {
            for seed in 1...seeds {
                let run = RunDirectory(path: "\(out)/\(penalty.rawValue)-seed\(seed)")
                let metrics = run.readMetrics()
                guard !metrics.isEmpty else { continue }
                let last = metrics.map(\.step).max() ?? 0
                let config = try? RunConfiguration.load(run)
                if let target = config?.training.iterations, last < target {
                    unfinished.append("\(penalty.rawValue)-seed\(seed) (step \(last) of \(target))")
                    continue
                }
                let samples = (try? String(contentsOfFile: run.samplesPath(step: last), encoding: .utf8))?
                    .split(separator: "\n", omittingEmptySubsequences: false).map(String.init) ?? []
                runs.append(CompareReport.Run(penalty: penalty.rawValue, seed: UInt64(seed), metrics: metrics, samples: samples))
                if let config { configs.append(("\(penalty.rawValue)-seed\(seed)", config)) }
                if floor == nil, let config { floor = try? floorQuality(run, config) }
            }
        }
        if !unfinished.isEmpty && !quiet { print("left out of the report, unfinished: \(unfinished.joined(separator: ", "))") }
        guard !runs.isEmpty else {
            throw CommandError("\(out) holds no finished runs yet; run compare without --report-only first")
        }
        let report = CompareReport(runs: runs, floorJS: floor?.js, floorRareShare: floor?.rareShare, settings: Self.settings(configs))
        try report.write(to: out)
        print("verdict: \(report.summary.verdict)")
        print("report: \(out)/report.html, \(out)/report.md, \(out)/summary.json")
    }

    /// The report's settings line: the first run's corpus and settings, and the runs
    /// (if any) that were trained otherwise, so a report never passes off a mixed
    /// comparison as a like-for-like one.
    static func settings(_ configs: [(name: String, config: RunConfiguration)]) -> String? {
        guard let first = configs.first?.config else { return nil }
        let others = configs.filter { $0.config.corpusPath != first.corpusPath || $0.config.corpus != first.corpus
            || !$0.config.training.trainsLike(first.training) }.map(\.name)
        let line = "corpus \(first.corpusPath); " + first.training.sharedSettingsDescription
        return others.isEmpty ? line : line + ". NOT shared by \(others.joined(separator: ", ")): their config.json differs"
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
