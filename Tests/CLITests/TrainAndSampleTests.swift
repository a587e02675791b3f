import Foundation
import Testing

/// `textgan train`, `--resume` and `sample` end to end on the tiny corpus, at a tiny size.
@Suite(.serialized) struct TrainAndSampleTests {
    static let tinyModel = ["--dim", "8", "--blocks", "1", "--seq-len", "16", "--batch-size", "8", "--critic-iterations", "1"]

    @Test func trainWritesARunThatResumesAndSamples() throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        let train = try CLIRunner.run(["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--iterations", "4",
                                       "--log-every", "2", "--sample-every", "2", "--checkpoint-every", "2", "--eval-every", "4"] + Self.tinyModel)
        #expect(train.status == 0, "\(train.stderr)")
        for file in ["config.json", "vocab.json", "metrics.jsonl", "latest", "checkpoint-4.safetensors", "samples-4.txt", "samples-2.txt"] {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/\(file)"), "missing \(file)")
        }
        let metrics = try String(contentsOfFile: "\(dir)/metrics.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(metrics.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(metrics[0].utf8)) as? [String: Any]
        for key in ["step", "criticLoss", "wasserstein", "penalty", "generatorLoss", "secondsPerIteration", "gradientNormMean", "gradientNormMax", "lineSlopeMean"] {
            #expect(first?[key] != nil, "metrics.jsonl lacks \(key)")
        }
        #expect(train.stdout.contains("samples at step 4"))
        let last = try JSONSerialization.jsonObject(with: Data(metrics[1].utf8)) as? [String: Any]
        #expect((last?["js"] as? [Double])?.count == 4, "metrics at step 4 should hold JS-1…4")
        #expect(first?["js"] == nil)

        let resumed = try CLIRunner.run(["train", "--resume", dir, "--iterations", "6", "--log-every", "2", "--checkpoint-every", "2"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("resuming \(dir) at step 4 of 6"))
        #expect(FileManager.default.fileExists(atPath: "\(dir)/checkpoint-6.safetensors"))
        let steps = try String(contentsOfFile: "\(dir)/metrics.jsonl", encoding: .utf8).split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["step"] as? Int
        }
        #expect(steps == [2, 4, 6])

        let sample = try CLIRunner.run(["sample", "--run", dir, "--count", "3"])
        #expect(sample.status == 0, "\(sample.stderr)")
        #expect(sample.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().count == 3)
        // One OpenBLAS thread (for a machine whose other cores train) writes the same samples.
        let oneThread = try CLIRunner.run(["sample", "--run", dir, "--count", "3", "--threads", "1"])
        #expect(oneThread.status == 0 && oneThread.stdout == sample.stdout, "\(oneThread.stderr)")

        let json = try CLIRunner.run(["sample", "--run", dir, "--count", "2", "--json", "--decode", "sample", "--temperature", "0.7"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["samples"] as? [String])?.count == 2)

        let cache = CLIRunner.temporaryDirectory()
        let eval = try CLIRunner.run(["eval", "--run", dir, "--samples", "8"], environment: ["TEXTGAN_CACHE_DIR": cache])
        #expect(eval.status == 0, "\(eval.stderr)")
        for row in ["JS-1 (bits)", "JS-4 (bits)", "4-grams seen in training", "Self-BLEU-4", "distinct samples", "floor",
                    "critic input weights, mean row norm: rare characters", "critic slopes at 8 interpolates", "|∇D·u|"] {
            #expect(eval.stdout.contains(row), "eval lacks \(row): \(eval.stdout)")
        }
        // The first eval counted the corpus's n-grams and cached them; the second reads them back, same scores.
        let cached = try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasPrefix("reference-") }
        #expect(cached.count == 1, "cache holds \(cached)")
        let again = try CLIRunner.run(["eval", "--run", dir, "--samples", "8"], environment: ["TEXTGAN_CACHE_DIR": cache])
        #expect(again.status == 0 && again.stdout == eval.stdout)
        let evalOneThread = try CLIRunner.run(["eval", "--run", dir, "--samples", "8", "--threads", "1"], environment: ["TEXTGAN_CACHE_DIR": cache])
        #expect(evalOneThread.status == 0 && evalOneThread.stdout == eval.stdout, "\(evalOneThread.stderr)")
        let uncached = try CLIRunner.run(["eval", "--run", dir, "--samples", "8"], environment: ["TEXTGAN_CACHE_DIR": "off"])
        #expect(uncached.status == 0 && uncached.stdout == eval.stdout)
        let evalJSON = try CLIRunner.run(["eval", "--run", dir, "--samples", "8", "--json", "--checkpoint", "4"])
        let evaluation = (try JSONSerialization.jsonObject(with: Data(evalJSON.stdout.utf8)) as? [String: Any])?["evaluation"] as? [String: Any]
        #expect((evaluation?["samples"] as? [String: Any])?["js4"] is Double)
        #expect((evaluation?["floor"] as? [String: Any])?["js1"] is Double)
        let inputNorms = (try JSONSerialization.jsonObject(with: Data(evalJSON.stdout.utf8)) as? [String: Any])?["criticInputNorms"] as? [String: Any]
        #expect(inputNorms?["common"] is Double, "\(evalJSON.stdout)")
        let slopes = (try JSONSerialization.jsonObject(with: Data(evalJSON.stdout.utf8)) as? [String: Any])?["criticSlopes"] as? [String: Any]
        #expect(slopes?["lineSlopeMean"] is Double && slopes?["gradientNormMean"] is Double && slopes?["interpolates"] as? Int == 8, "\(evalJSON.stdout)")

        let old = try CLIRunner.run(["sample", "--run", dir, "--checkpoint", "4", "--count", "1"])
        #expect(old.status == 0, "\(old.stderr)")
        let missing = try CLIRunner.run(["sample", "--run", dir, "--checkpoint", "3"])
        #expect(missing.status != 0 && missing.stderr.contains("no checkpoint for step 3"))
    }

    /// A run started with a relative `--corpus` resumes, samples and evaluates from any directory:
    /// config.json records the corpus's absolute path.
    /// Two processes score one checkpoint to the same bits: every sum in the metrics runs
    /// in a fixed order, though Swift orders a dictionary differently in each process.
    @Test func evalGivesTheSameBitsInEveryProcess() throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        let train = try CLIRunner.run(["train", "--corpus", CLIRunner.corpus("english.txt"), "--out", dir, "--iterations", "2",
                                       "--eval-every", "0", "--quiet", "--threads", "1"] + Self.tinyModel)
        #expect(train.status == 0, "\(train.stderr)")
        let scores = try (0..<3).map { _ in
            let r = try CLIRunner.run(["eval", "--run", dir, "--json"])
            #expect(r.status == 0, "\(r.stderr)")
            let evaluation = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["evaluation"] as? [String: Any]
            return try #require(evaluation?["samples"] as? [String: Any]).filter { $0.key.hasPrefix("js") || $0.key == "selfBLEU4" }
                .mapValues { "\($0)" }
        }
        #expect(scores[0].count >= 5, "\(scores[0])")
        #expect(scores[0] == scores[1] && scores[1] == scores[2], "\(scores)")
    }

    @Test func aRunStartedWithARelativeCorpusPathResumesFromElsewhere() throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        let train = try CLIRunner.run(["train", "--corpus", "corpora/tiny.txt", "--out", dir, "--iterations", "2",
                                       "--checkpoint-every", "2", "--eval-every", "0"] + Self.tinyModel)
        #expect(train.status == 0, "\(train.stderr)")
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/config.json"))) as? [String: Any]
        #expect(config?["corpusPath"] as? String == CLIRunner.corpus("tiny.txt"))
        let elsewhere = URL(fileURLWithPath: CLIRunner.temporaryDirectory())
        let resumed = try CLIRunner.run(["train", "--resume", dir, "--iterations", "4", "--eval-every", "0"], in: elsewhere)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let eval = try CLIRunner.run(["eval", "--run", dir, "--samples", "8"], in: elsewhere)
        #expect(eval.status == 0 && eval.stdout.contains("on rare characters"), "\(eval.stderr)\(eval.stdout)")
    }

    /// `--batches replacement` is recorded in config.json and the checkpoints, kept on
    /// `--resume`, and cannot be changed there.
    @Test func batchesWithReplacementAreRecordedAndResume() throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        let train = try CLIRunner.run(["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--iterations", "2",
                                       "--checkpoint-every", "2", "--eval-every", "0", "--batches", "replacement"] + Self.tinyModel)
        #expect(train.status == 0, "\(train.stderr)")
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/config.json"))) as? [String: Any]
        #expect((config?["training"] as? [String: Any])?["batchesWithReplacement"] as? Bool == true, "\(String(describing: config))")
        let resumed = try CLIRunner.run(["train", "--resume", dir, "--iterations", "3", "--eval-every", "0"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        try CommandLineErrorTests.expectCleanFailure(["train", "--resume", dir, "--batches", "epochs"], mentions: "--batches cannot change on --resume")
        try CommandLineErrorTests.expectCleanFailure(["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir + "2", "--batches", "bootstrap"],
                                                     mentions: "--batches")
    }

    @Test func everyPenaltyRunsFromTheCommandLine() throws {
        for penalty in ["gp", "gp-one-sided", "fd", "fd-one-sided", "gp-directional", "r1", "r2", "clip", "none"] {
            let dir = CLIRunner.temporaryDirectory() + "/\(penalty)"
            let r = try CLIRunner.run(["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--iterations", "1",
                                       "--penalty", penalty, "--quiet"] + Self.tinyModel)
            #expect(r.status == 0, "\(penalty): \(r.stderr)")
        }
    }
}

/// `textgan compare` end to end at a tiny size: two penalties × two seeds.
@Suite(.serialized) struct CompareCommandTests {
    @Test func compareTrainsEveryRunWritesTheReportAndResumes() throws {
        let dir = CLIRunner.temporaryDirectory() + "/cmp"
        let args = ["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--penalties", "gp,fd", "--seeds", "2",
                    "--iterations", "4", "--log-every", "2", "--eval-every", "2", "--threads", "1", "--quiet"] + TrainAndSampleTests.tinyModel
        let r = try CLIRunner.run(args)
        #expect(r.status == 0, "\(r.stderr)")
        for run in ["gp-seed1", "gp-seed2", "fd-seed1", "fd-seed2"] {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/\(run)/checkpoint-4.safetensors"), "missing \(run)")
        }
        for file in ["report.html", "report.md", "summary.json"] { #expect(FileManager.default.fileExists(atPath: "\(dir)/\(file)")) }
        #expect(r.stdout.contains("verdict: "))
        let again = try CLIRunner.run(args.filter { $0 != "--quiet" })
        #expect(again.status == 0 && again.stdout.contains("finished (4 iterations)"), "\(again.stdout)")
        let reportOnly = try CLIRunner.run(["compare", "--out", dir, "--penalties", "gp,fd", "--seeds", "2", "--report-only"])
        #expect(reportOnly.status == 0, "\(reportOnly.stderr)")
        #expect(!reportOnly.stdout.contains("unfinished"), "\(reportOnly.stdout)")
        // A run that stopped before its iterations (as if interrupted) is named and left out of the means.
        let config = "\(dir)/fd-seed2/config.json"
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "\"iterations\" : 4", with: "\"iterations\" : 10").write(toFile: config, atomically: true, encoding: .utf8)
        let partial = try CLIRunner.run(["compare", "--out", dir, "--penalties", "gp,fd", "--seeds", "2", "--report-only"])
        #expect(partial.status == 0 && partial.stdout.contains("left out of the report, unfinished: fd-seed2 (step 4 of 10)"), "\(partial.stdout)")
        let summary = try String(contentsOfFile: "\(dir)/report.md", encoding: .utf8)
        #expect(summary.contains("fd (1 seed)") && summary.contains("gp (2 seeds)"), "\(summary)")
        #expect(summary.contains("**Settings.** corpus \(CLIRunner.corpus("tiny.txt")); C = 8, 1 block, kernel 3, T = 16"), "\(summary)")
        #expect(summary.contains("4 generator iterations, 1 critic step, batch 8 from shuffled epochs") && !summary.contains("NOT shared"))
        // A run trained otherwise is named in the settings line.
        let gpConfig = "\(dir)/gp-seed2/config.json"
        let gpText = try String(contentsOfFile: gpConfig, encoding: .utf8)
        try gpText.replacingOccurrences(of: "\"lambda\" : 10", with: "\"lambda\" : 5").write(toFile: gpConfig, atomically: true, encoding: .utf8)
        let mixed = try CLIRunner.run(["compare", "--out", dir, "--penalties", "gp,fd", "--seeds", "2", "--report-only"])
        #expect(mixed.status == 0, "\(mixed.stderr)")
        let mixedSummary = try String(contentsOfFile: "\(dir)/report.md", encoding: .utf8)
        #expect(mixedSummary.contains("NOT shared by gp-seed2: their config.json differs"), "\(mixedSummary)")
        // Runs trained by this textgan log the critic's input norms at each evaluation.
        let metrics = try String(contentsOfFile: "\(dir)/gp-seed1/metrics.jsonl", encoding: .utf8)
        #expect(metrics.contains("\"criticInputNorms\""), "\(metrics)")
        let bad = try CLIRunner.run(["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--penalties", "gp,wgan"])
        #expect(bad.status != 0 && bad.stderr.contains("--vary penalty=wgan: The value 'wgan' is invalid for '--penalty <penalty>'"), "\(bad.stderr)")
    }
}

/// `textgan demo` (the README's first command) at two iterations: it trains,
/// prints samples, and a second call shows the finished demo instead of retraining.
@Suite struct DemoCommandTests {
    @Test func demoTrainsThenShowsTheFinishedRun() throws {
        let dir = CLIRunner.temporaryDirectory() + "/demo"
        let first = try CLIRunner.run(["demo", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--iterations", "2", "--threads", "1"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("samples at step 2"), "\(first.stdout)")
        let second = try CLIRunner.run(["demo", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--iterations", "2"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("has finished (2 iterations)"), "\(second.stdout)")
        let missing = try CLIRunner.run(["demo", "--corpus", "/nonexistent.txt", "--out", dir + "-other"])
        #expect(missing.status != 0 && missing.stderr.contains("not found"), "\(missing.stderr)")
    }
}
