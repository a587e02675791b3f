import Foundation
import Testing

/// `compare --vary` and the time budget `--minutes`, run as a user would.
@Suite struct VaryAndBudgetTests {
    static let tiny = ["--dim", "8", "--blocks", "1", "--seq-len", "16", "--batch-size", "8", "--threads", "1", "--quiet"]

    @Test func varyTrainsTheCrossProductInDirectoriesNamedAfterTheirValues() throws {
        let dir = CLIRunner.temporaryDirectory()
        let args = ["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--seeds", "1", "--iterations", "2",
                    "--log-every", "1", "--eval-every", "2", "--vary", "lr=1e-3,2e-3", "--vary", "critic-iterations=1,2"] + Self.tiny
        let r = try CLIRunner.run(args)
        #expect(r.status == 0, "\(r.stderr)")
        let expected = ["lr=1e-3_critic-iterations=1-seed1", "lr=1e-3_critic-iterations=2-seed1",
                        "lr=2e-3_critic-iterations=1-seed1", "lr=2e-3_critic-iterations=2-seed1"]
        let present = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix("-seed1") }.sorted()
        #expect(present == expected)
        // Each directory trained with its own values: they round-trip through config.json.
        for (name, lr, steps) in [(expected[1], 1e-3, 2), (expected[2], 2e-3, 1)] {
            let config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)/config.json"))) as? [String: Any]
            let training = try #require(config?["training"] as? [String: Any])
            #expect(training["criticLearningRate"] as? Double == lr && training["generatorLearningRate"] as? Double == lr, "\(name)")
            #expect(training["criticIterations"] as? Int == steps, "\(name)")
        }
        let report = try String(contentsOfFile: "\(dir)/report.md", encoding: .utf8)
        for name in expected { #expect(report.contains("| \(name.replacingOccurrences(of: "-seed1", with: "")) (1 seed) |"), "\(name)") }
        #expect(r.stdout.contains("verdict: Ranked by JS-4"), "\(r.stdout)")
        #expect(report.contains("varied: lr, critic-iterations"))
    }

    /// Options joined by `+` vary together: two configurations, each with its own length.
    @Test func optionsJoinedByPlusVaryTogether() throws {
        let dir = CLIRunner.temporaryDirectory()
        let r = try CLIRunner.run(["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--seeds", "1", "--eval-every", "1",
                                   "--vary", "lr+iterations=1e-3+1,2e-3+2"] + Self.tiny)
        #expect(r.status == 0, "\(r.stderr)")
        let present = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix("-seed1") }.sorted()
        #expect(present == ["lr=1e-3_iterations=1-seed1", "lr=2e-3_iterations=2-seed1"])
        for (name, lr, iterations) in [(present[0], 1e-3, 1), (present[1], 2e-3, 2)] {
            let config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)/config.json"))) as? [String: Any]
            let training = try #require(config?["training"] as? [String: Any])
            #expect(training["criticLearningRate"] as? Double == lr && training["iterations"] as? Int == iterations, "\(name)")
        }
        // Run again: both are finished at their own lengths, and nothing trains.
        let again = try CLIRunner.run(["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--seeds", "1", "--eval-every", "1",
                                       "--vary", "lr+iterations=1e-3+1,2e-3+2"] + Self.tiny.filter { $0 != "--quiet" })
        #expect(again.status == 0 && again.stdout.components(separatedBy: ": finished").count == 3, "\(again.stdout)")
    }

    /// Varying the preset changes many settings at once; each run is checked against the
    /// first of its own preset, so a rate varied within a preset is not "NOT shared".
    @Test func aVariedPresetIsNotReportedAsAMixedComparison() throws {
        let dir = CLIRunner.temporaryDirectory()
        let r = try CLIRunner.run(["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--seeds", "1", "--iterations", "1",
                                   "--eval-every", "1", "--vary", "preset+lr=reference+default,standard+default,standard+2e-3"] + Self.tiny)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try String(contentsOfFile: "\(dir)/report.md", encoding: .utf8)
        #expect(report.contains("| preset=standard_lr=2e-3 (1 seed) |"), "\(report)")
        #expect(!report.contains("NOT shared"), "\(report)")
    }

    /// `LABEL:VALUE` names a value: the label stands for it in the run directories and the
    /// report, and the value trains as without one.
    @Test func aLabelledValueNamesItsRunsAndItsRow() throws {
        let dir = CLIRunner.temporaryDirectory()
        let r = try CLIRunner.run(["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--seeds", "1", "--iterations", "1",
                                   "--eval-every", "1", "--vary", "penalty+spectral-norm=control:gp+default,sn:none+critic",
                                   "--vary", "lr=1e-3,fast:2e-3"] + Self.tiny)
        #expect(r.status == 0, "\(r.stderr)")
        let present = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix("-seed1") }.sorted()
        #expect(present == ["control_fast-seed1", "control_lr=1e-3-seed1", "sn_fast-seed1", "sn_lr=1e-3-seed1"])
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/sn_fast-seed1/config.json"))) as? [String: Any]
        let training = try #require(config?["training"] as? [String: Any])
        #expect(training["penalty"] as? String == "none" && training["spectralNorm"] as? String == "critic", "\(training)")
        #expect(training["criticLearningRate"] as? Double == 2e-3, "\(training)")
        let report = try String(contentsOfFile: "\(dir)/report.md", encoding: .utf8)
        #expect(report.contains("| sn_fast (1 seed) |"), "\(report)")
    }

    /// A value with a `/` (betas) names one directory, not a folder inside another.
    @Test func aSlashInAValueStaysInOneDirectory() throws {
        let dir = CLIRunner.temporaryDirectory()
        let r = try CLIRunner.run(["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--seeds", "1", "--iterations", "1",
                                   "--eval-every", "1", "--vary", "betas=0/0.9,0.5/0.9"] + Self.tiny)
        #expect(r.status == 0, "\(r.stderr)")
        let present = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("betas") }.sorted()
        #expect(present == ["betas=0,0.9-seed1", "betas=0.5,0.9-seed1"])
        let report = try String(contentsOfFile: "\(dir)/report.md", encoding: .utf8)
        #expect(report.contains("| betas=0/0.9 (1 seed) |"), "\(report)")
    }

    @Test(arguments: [
        (["--vary", "foo=1,2"], "--vary foo=1: Unknown option '--foo'"),
        (["--vary", "lr=abc"], "--vary lr=abc: The value 'abc' is invalid for '--lr <lr>'"),
        (["--vary", "lr=-1"], "--vary lr=-1: The value '-1' is invalid for '--lr <lr>': must be a finite number > 0"),
        (["--vary", "lr"], "--vary takes NAME=v1,v2,…"),
        (["--vary", "lr=1e-3,1e-3"], "a value is listed twice"),
        (["--vary", "seed=1,2"], "seeds come from --seeds"),
        (["--vary", "lr=1e-3", "--vary", "lr=2e-3"], "--vary lr is given twice"),
        (["--lr", "1e-3", "--vary", "lr=2e-3"], "--lr is given and varied"),
        (["--iterations", "3", "--vary", "lr+iterations=1e-3+2"], "--iterations is given and varied"),
        (["--vary", "lr+iterations=1e-3+2,2e-3"], "--vary lr+iterations=2e-3: give 2 values joined by +, one for each of lr, iterations"),
        (["--vary", "lr+lr=1e-3+2e-3"], "options varied together are distinct names"),
        (["--vary", "lr=1e-3", "--vary", "lr+iterations=1e-3+2"], "--vary lr is given twice"),
        (["--vary", "lr+iterations=1e-3+0"], "--vary lr+iterations=1e-3+0: The value '0' is invalid for '--iterations <iterations>'"),
        (["--penalties", "gp", "--vary", "penalty=fd"], "--penalties is short for --vary penalty"),
        (["--vary", "penalty=a/b:gp"], "--vary penalty: the label 'a/b' in 'a/b:gp' names run directories"),
        (["--vary", "penalty=x:gp,x:fd"], "--vary penalty: a label is given twice"),
        (["--vary", "penalty=gp,gp:fd"], "two configurations are both named gp"),
        (["--vary", "penalty=x:gpp"], "--vary penalty=gpp: The value 'gpp' is invalid"),
    ])
    func badVaryIsRefusedBeforeAnythingTrains(extra: [String], message: String) throws {
        let dir = CLIRunner.temporaryDirectory() + "/cmp"
        let r = try CLIRunner.run(["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir] + extra + Self.tiny)
        #expect(r.status != 0 && r.stderr.contains(message), "\(r.stderr)")
        #expect(!r.crashed)
        #expect(!FileManager.default.fileExists(atPath: dir), "a refused compare created \(dir)")
    }

    /// `--minutes` stops a run on its budget of training seconds, and `--resume` continues the budget.
    @Test func theBudgetStopsATinyRunAndResumeContinuesIt() throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        let budget = 0.005  // 0.3 s
        let first = try CLIRunner.run(["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--minutes", "\(budget)",
                                       "--log-every", "1000", "--eval-every", "0"] + Self.tiny)
        #expect(first.status == 0, "\(first.stderr)")
        func last() throws -> [String: Any] {
            let lines = try String(contentsOfFile: "\(dir)/metrics.jsonl", encoding: .utf8).split(separator: "\n")
            return try #require(try JSONSerialization.jsonObject(with: Data(lines.last!.utf8)) as? [String: Any])
        }
        let stopped = try last()
        let seconds = try #require(stopped["elapsedSeconds"] as? Double), step = try #require(stopped["step"] as? Int)
        #expect(seconds >= budget * 60, "stopped at \(seconds) s of a \(budget * 60) s budget")
        #expect(step > 1 && step < 1_000_000, "step \(step)")
        // Resumed with the same budget: nothing left to train.
        let again = try CLIRunner.run(["train", "--resume", dir, "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try last()["step"] as? Int == step)
        // A larger budget continues from where the first stopped, counting the seconds already spent.
        let more = try CLIRunner.run(["train", "--resume", dir, "--minutes", "\(2 * budget)", "--quiet"])
        #expect(more.status == 0, "\(more.stderr)")
        let continued = try last()
        #expect((continued["step"] as? Int ?? 0) > step)
        let total = try #require(continued["elapsedSeconds"] as? Double)
        #expect(total >= 2 * budget * 60 && total < 2 * budget * 60 + 5, "\(total) s for a budget of \(2 * budget * 60) s")
    }
}
