import Foundation
import Testing
import TextGAN

/// The losses, R1/R2, spectral normalisation, orthogonal regularisation and truncated
/// sampling from the command line, at a tiny size: they train, resume, sample and report
/// their settings, and bad combinations are refused with one line before anything is written.
@Suite(.serialized) struct ToolboxCommandTests {
    static let tiny = ["--dim", "8", "--blocks", "1", "--seq-len", "16", "--batch-size", "8", "--critic-iterations", "1", "--threads", "1"]

    static func train(_ dir: String, _ extra: [String]) throws -> CLIRunner.Result {
        try CLIRunner.run(["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--quiet"] + tiny + extra)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    @Test(arguments: [["--loss", "hinge", "--spectral-norm", "critic", "--penalty", "none"],
                      ["--loss", "ns", "--penalty", "r1", "--gamma", "1"],
                      ["--loss", "ls", "--penalty", "r2", "--spectral-norm", "both", "--ortho-reg", "1e-3"],
                      ["--loss", "wasserstein", "--penalty", "gp", "--spectral-norm", "both"]])
    func everyLossTrainsAndRecordsItsSettings(settings: [String]) throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        let r = try Self.train(dir, ["--iterations", "2", "--eval-every", "2", "--log-every", "1"] + settings)
        #expect(r.status == 0, "\(r.stderr)")
        let config = try Self.json(try String(contentsOfFile: dir + "/config.json", encoding: .utf8))
        let training = try #require(config["training"] as? [String: Any])
        let value = { (flag: String) in settings.firstIndex(of: flag).map { settings[$0 + 1] } }
        #expect(training["loss"] as? String == value("--loss"))
        #expect(training["spectralNorm"] as? String == value("--spectral-norm") ?? "none")
        #expect(training["gamma"] as? Double == value("--gamma").flatMap(Double.init) ?? 10)
        #expect(training["orthogonalRegularization"] as? Double == value("--ortho-reg").flatMap(Double.init) ?? 0)
        let metrics = try String(contentsOfFile: dir + "/metrics.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(metrics.count == 2 && metrics.allSatisfy { !$0.contains("NaN") })
        #expect(metrics.allSatisfy { $0.contains("orthogonalRegularization") } == settings.contains("--ortho-reg"))
    }

    /// `bench` times the toolbox's settings too, and says which it timed.
    @Test func benchTimesTheToolboxSettings() throws {
        let r = try CLIRunner.run(["bench", "--corpus", CLIRunner.corpus("tiny.txt"), "--dim", "8", "--blocks", "1", "--seq-len", "16",
                                   "--batch-size", "8", "--critic-iterations", "1", "--iterations", "2", "--warmup", "0", "--threads", "1",
                                   "--loss", "hinge", "--spectral-norm", "critic", "--penalty", "none", "--ortho-reg", "1e-3", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try Self.json(r.stdout)
        #expect(report["loss"] as? String == "hinge")
        #expect(report["spectralNorm"] as? String == "critic")
        #expect(report["orthoReg"] as? Double == 1e-3)
        let seconds = try #require((report["result"] as? [String: Any])?["secondsPerIteration"] as? [String: Any])
        #expect((seconds["median"] as? Double ?? 0) > 0)
    }

    /// `--spectral-norm-conv operator` records itself, saves vectors that span the T
    /// positions, and a run stopped and resumed ends as one trained straight through.
    @Test func operatorSpectralNormResumesExactly() throws {
        let root = CLIRunner.temporaryDirectory()
        let settings = ["--eval-every", "0", "--log-every", "1", "--spectral-norm", "critic", "--spectral-norm-conv", "operator", "--penalty", "none"]
        let straight = try Self.train(root + "/straight", ["--iterations", "3"] + settings)
        #expect(straight.status == 0, "\(straight.stderr)")
        let stopped = try Self.train(root + "/resumed", ["--iterations", "2", "--checkpoint-every", "2"] + settings)
        #expect(stopped.status == 0, "\(stopped.stderr)")
        let resumed = try CLIRunner.run(["train", "--resume", root + "/resumed", "--iterations", "3", "--quiet", "--threads", "1", "--eval-every", "0"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let (a, b) = try ["straight", "resumed"].map { run in
            try SafeTensors(data: Data(contentsOf: URL(fileURLWithPath: root + "/\(run)/checkpoint-3.safetensors")))
        }.pair()
        #expect(a.entries["sn.u.critic.block1.conv1.weight"]?.shape == [16 * 8], "u spans T = 16 positions of C = 8")
        #expect(a.entries.keys.sorted() == b.entries.keys.sorted())
        for name in a.entries.keys.sorted() where a.entries[name]?.dtype == "F32" {
            #expect(try a.tensor(named: name).scalars == b.tensor(named: name).scalars, "\(name) differs after the resume")
        }
        let config = try Self.json(try String(contentsOfFile: root + "/straight/config.json", encoding: .utf8))
        #expect((config["training"] as? [String: Any])?["spectralNormConvolutions"] as? String == "operator")
        let plain = try Self.train(root + "/plain", ["--iterations", "1", "--eval-every", "0", "--spectral-norm", "critic"])
        #expect(plain.status == 0)
        try CommandLineErrorTests.expectCleanFailure(["train", "--resume", root + "/plain", "--spectral-norm-conv", "operator"],
                                                     mentions: "--spectral-norm-conv cannot change on --resume")
    }

    /// `bench --preset` times a preset's settings, the options given overriding them; without
    /// it, the reference's model with the paper's 10 critic steps.
    @Test func benchTimesAPresetUnderTheOptionsGiven() throws {
        let tiny = ["bench", "--corpus", CLIRunner.corpus("tiny.txt"), "--dim", "8", "--seq-len", "16", "--batch-size", "8",
                    "--iterations", "1", "--warmup", "0", "--threads", "1", "--json"]
        let standard = try CLIRunner.run(tiny + ["--preset", "standard"])
        #expect(standard.status == 0, "\(standard.stderr)")
        let timed = try Self.json(standard.stdout)
        #expect(timed["dim"] as? Int == 8 && timed["blocks"] as? Int == 3 && timed["kernelSize"] as? Int == 3, "\(timed)")
        #expect(timed["criticIterations"] as? Int == 1 && timed["ema"] as? Double == 0.9999, "\(timed)")
        let unpreset = try Self.json(try CLIRunner.run(tiny).stdout)
        #expect(unpreset["blocks"] as? Int == 5 && unpreset["kernelSize"] as? Int == 5 && unpreset["criticIterations"] as? Int == 10, "\(unpreset)")
        #expect(unpreset["ema"] == nil || unpreset["ema"] is NSNull, "\(unpreset)")
    }

    /// A spectrally normalised run resumes with its vectors; `--spectral-norm` (like every
    /// setting of the method) cannot be added on `--resume` to a run trained without it,
    /// and `eval` and `sample` read the vectors back.
    @Test func spectralNormResumesAndCannotBeAddedOnResume() throws {
        let root = CLIRunner.temporaryDirectory()
        let normalized = try Self.train(root + "/sn", ["--iterations", "2", "--eval-every", "0", "--spectral-norm", "both", "--loss", "hinge"])
        #expect(normalized.status == 0, "\(normalized.stderr)")
        let checkpoint = try SafeTensors(data: Data(contentsOf: URL(fileURLWithPath: root + "/sn/checkpoint-2.safetensors")))
        #expect(checkpoint.entries.keys.contains("sn.u.critic.input.weight") && checkpoint.entries.keys.contains("sn.v.generator.output.weight"))
        let resumed = try CLIRunner.run(["train", "--resume", root + "/sn", "--iterations", "3", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")

        let plain = try Self.train(root + "/plain", ["--iterations", "1", "--eval-every", "0"])
        #expect(plain.status == 0, "\(plain.stderr)")
        try CommandLineErrorTests.expectCleanFailure(["train", "--resume", root + "/plain", "--spectral-norm", "critic"],
                                                     mentions: "Error: --spectral-norm cannot change on --resume")
        try CommandLineErrorTests.expectCleanFailure(["train", "--resume", root + "/sn", "--spectral-norm", "none"],
                                                     mentions: "Error: --spectral-norm cannot change on --resume")

        let eval = try CLIRunner.run(["eval", "--run", root + "/sn", "--samples", "8"])
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.stdout.contains("settings: penalty gp, C = 8, 1 block") && eval.stdout.contains("hinge loss, λ = 10")
                && eval.stdout.contains("spectral norm on both networks"), "\(eval.stdout)")
        let sample = try CLIRunner.run(["sample", "--run", root + "/sn", "--count", "2"])
        #expect(sample.status == 0, "\(sample.stderr)")
    }

    @Test func theHingeLossWithWeightClippingIsRefused() throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        try CommandLineErrorTests.expectCleanFailure(["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--loss", "hinge", "--penalty", "clip"],
                                                     mentions: "Error: --loss hinge and --penalty clip do not go together: the hinge loss with weight clipping")
        let r = try CLIRunner.run(["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--loss", "hinge", "--penalty", "clip"])
        #expect(r.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }.count == 1, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir))
        // In a comparison, before any run trains.
        try CommandLineErrorTests.expectCleanFailure(["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--loss", "hinge",
                                                      "--vary", "penalty=gp,clip"],
                                                     mentions: "Error: the configuration clip: --loss hinge and --penalty clip do not go together")
        #expect(!FileManager.default.fileExists(atPath: dir))
        // Clipping with the other losses, and the hinge with any other penalty, are methods.
        let ns = try Self.train(dir, ["--iterations", "1", "--eval-every", "0", "--loss", "ns", "--penalty", "clip"])
        #expect(ns.status == 0, "\(ns.stderr)")
    }

    /// `sample --truncation τ` keeps every noise component within τ (so the samples change),
    /// records τ in `--json`, and refuses τ ≤ 0; `eval --truncation` scores such samples.
    @Test func truncatedSamplingIsRecordedAndBadValuesAreRefused() throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        #expect(try Self.train(dir, ["--iterations", "2", "--eval-every", "0"]).status == 0)
        let plain = try Self.json(try CLIRunner.run(["sample", "--run", dir, "--count", "16", "--json"]).stdout)
        #expect(plain["truncation"] is NSNull, "\(plain)")
        let result = try CLIRunner.run(["sample", "--run", dir, "--count", "16", "--json", "--truncation", "0.5"])
        #expect(result.status == 0, "\(result.stderr)")
        let truncated = try Self.json(result.stdout)
        #expect(truncated["truncation"] as? Double == 0.5)
        #expect((truncated["samples"] as? [String])?.count == 16)
        #expect(truncated["samples"] as? [String] != plain["samples"] as? [String])
        for bad in ["0", "-1", "nan"] {
            try CommandLineErrorTests.expectCleanFailure(["sample", "--run", dir, "--truncation=\(bad)"],
                                                         mentions: "The value '\(bad)' is invalid for '--truncation <truncation>'")
            try CommandLineErrorTests.expectCleanFailure(["eval", "--run", dir, "--truncation=\(bad)"], mentions: "--truncation")
        }
        let eval = try CLIRunner.run(["eval", "--run", dir, "--samples", "8", "--json", "--truncation", "1"])
        #expect(eval.status == 0, "\(eval.stderr)")
        let evaluation = try Self.json(eval.stdout)
        #expect(evaluation["truncation"] as? Double == 1)
        #expect((evaluation["settings"] as? String)?.hasSuffix("samples of noise truncated at τ = 1.0") == true, "\(evaluation)")
    }

    /// `compare` varies the new options by name and reports the shared ones in its settings
    /// line (report.md and summary.json).
    @Test func compareVariesAndReportsTheNewSettings() throws {
        let dir = CLIRunner.temporaryDirectory() + "/cmp"
        let r = try CLIRunner.run(["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--seeds", "1", "--iterations", "1",
                                   "--eval-every", "1", "--spectral-norm", "critic", "--ortho-reg", "1e-3",
                                   "--vary", "loss=wasserstein,hinge", "--vary", "penalty=gp,r1", "--quiet"] + Self.tiny)
        #expect(r.status == 0, "\(r.stderr)")
        let present = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix("-seed1") }.sorted()
        #expect(present == ["loss=hinge_penalty=gp-seed1", "loss=hinge_penalty=r1-seed1", "loss=wasserstein_penalty=gp-seed1", "loss=wasserstein_penalty=r1-seed1"])
        let report = try String(contentsOfFile: dir + "/report.md", encoding: .utf8)
        for phrase in ["λ = 10, γ = 10", "spectral norm on the critic", "orthogonal regularisation β = 0.001", "varied: loss, penalty"] {
            #expect(report.contains(phrase), "report.md lacks '\(phrase)'")
        }
        // The loss varies, so the settings line, which states what the runs share, leaves it out.
        #expect(!report.contains("Wasserstein loss, λ"), "\(report)")
        #expect(!report.contains("NOT shared"), "\(report)")
        let summary = try Self.json(try String(contentsOfFile: dir + "/summary.json", encoding: .utf8))
        #expect((summary["settings"] as? String)?.contains("spectral norm on the critic, orthogonal regularisation β = 0.001") == true, "\(summary)")
    }

    /// A penalty weight that the run's penalty never reads trains anyway, with a note on
    /// stderr: in `train`, and in `compare` when no configuration reads a shared one or a
    /// configuration's own penalty ignores a varied one.
    @Test func penaltyWeightsThatNoPenaltyReadsAreNoted() throws {
        let dir = CLIRunner.temporaryDirectory()
        let train = ["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--iterations", "1", "--eval-every", "0"] + Self.tiny
        let unread = try CLIRunner.run(train + ["--out", dir + "/gp", "--gamma", "3", "--clip", "0.1"])
        #expect(unread.status == 0, "\(unread.stderr)")
        #expect(unread.stderr.contains("textgan: note: --gamma has no effect with --penalty gp: it weights r1 and r2"), "\(unread.stderr)")
        #expect(unread.stderr.contains("textgan: note: --clip has no effect with --penalty gp: it is the weight bound of --penalty clip"))
        let read = try CLIRunner.run(train + ["--out", dir + "/r1", "--penalty", "r1", "--gamma", "3"])
        #expect(read.status == 0 && !read.stderr.contains("note:"), "\(read.stderr)")

        let compare = ["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--seeds", "1", "--iterations", "1", "--eval-every", "0"] + Self.tiny
        let shared = try CLIRunner.run(compare + ["--out", dir + "/shared", "--penalties", "gp,r1", "--gamma", "3", "--lambda", "2"])
        #expect(shared.status == 0 && !shared.stderr.contains("note:"), "each weight is read by one configuration: \(shared.stderr)")
        let varied = try CLIRunner.run(compare + ["--out", dir + "/varied", "--vary", "penalty+gamma=gp+2,r1+default", "--clip", "0.1"])
        #expect(varied.status == 0, "\(varied.stderr)")
        #expect(varied.stderr.contains("note: --clip has no effect with --penalty gp, r1: it is the weight bound of --penalty clip"), "\(varied.stderr)")
        #expect(varied.stderr.contains("note: the configuration penalty=gp_gamma=2: --gamma has no effect with --penalty gp"), "\(varied.stderr)")
    }
}

private extension Array {
    /// The two elements of a two-element array.
    func pair() -> (Element, Element) {
        precondition(count == 2, "pair() of \(count) elements")
        return (self[0], self[1])
    }
}
