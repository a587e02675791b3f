import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `compare --jobs N`: runs trained as child processes, N at a time.
@Suite struct CompareJobsTests {
    static let tiny = VaryAndBudgetTests.tiny

    /// The losses and samples of a run directory: everything but timings.
    static func trajectory(_ run: String) throws -> [String] {
        let metrics = try String(contentsOfFile: "\(run)/metrics.jsonl", encoding: .utf8).split(separator: "\n").map { line in
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return ["step", "criticLoss", "generatorLoss", "gradientNormMean", "penalty"].map { "\($0)=\(row[$0] ?? "-")" }.joined(separator: " ")
        }
        let samples = try FileManager.default.contentsOfDirectory(atPath: run).filter { $0.hasPrefix("samples-") }.sorted()
            .map { try String(contentsOfFile: "\(run)/\($0)", encoding: .utf8) }
        return metrics + samples
    }

    @Test func twoJobsTrainTheSameRunsAsOneAfterAnother() throws {
        let root = CLIRunner.temporaryDirectory()
        let common = ["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--seeds", "1", "--iterations", "4",
                      "--log-every", "1", "--eval-every", "2", "--penalties", "gp,fd"] + Self.tiny
        let sequential = try CLIRunner.run(common + ["--out", "\(root)/one"])
        #expect(sequential.status == 0, "\(sequential.stderr)")
        let parallel = try CLIRunner.run(common + ["--out", "\(root)/two", "--jobs", "2"])
        #expect(parallel.status == 0, "\(parallel.stderr)")
        for name in ["gp-seed1", "fd-seed1"] {
            let a = try Self.trajectory("\(root)/one/\(name)"), b = try Self.trajectory("\(root)/two/\(name)")
            #expect(!a.isEmpty && a == b, "\(name) differs between --jobs 1 and --jobs 2")
        }
        let report = try String(contentsOfFile: "\(root)/two/report.md", encoding: .utf8)
        #expect(report.contains("trained 2 runs at a time"), "\(report)")
        #expect(try String(contentsOfFile: "\(root)/one/report.md", encoding: .utf8).contains("trained one run at a time"))
    }

    @Test func aFailingRunIsNamedAndTheOthersFinish() throws {
        let dir = CLIRunner.temporaryDirectory()
        // A learning rate of 1e30 diverges in its first step.
        let r = try CLIRunner.run(["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--seeds", "1", "--iterations", "3",
                                   "--eval-every", "3", "--jobs", "2", "--vary", "lr=1e-3,1e30"] + Self.tiny)
        #expect(r.status == 1 && !r.crashed, "\(r.stderr)")
        #expect(r.stderr.contains("1 run failed: lr=1e30-seed1 (exit status 1)"), "\(r.stderr)")
        #expect(r.stderr.contains("[lr=1e30-seed1] Error: training diverged"), "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(dir)/lr=1e-3-seed1/latest"))
        #expect(FileManager.default.fileExists(atPath: "\(dir)/report.md"))
    }

    /// Ctrl-C on the parent: every child checkpoints and stops, the parent exits 130, and
    /// the same command continues both runs.
    @Test func anInterruptStopsEveryChildWithACheckpoint() throws {
        let dir = CLIRunner.temporaryDirectory() + "/cmp"
        let args = ["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--seeds", "1", "--iterations", "100000",
                    "--log-every", "1", "--eval-every", "0", "--checkpoint-every", "100000", "--jobs", "2", "--penalties", "gp,fd"] + Self.tiny
        let r = try CLIRunner.run(args) { process in
            let deadline = Date().addingTimeInterval(60)
            func logged(_ name: String) -> Bool { !((try? String(contentsOfFile: "\(dir)/\(name)/metrics.jsonl", encoding: .utf8))?.isEmpty ?? true) }
            while Date() < deadline && !(logged("gp-seed1") && logged("fd-seed1")) { Thread.sleep(forTimeInterval: 0.05) }
            precondition(kill(process.processIdentifier, SIGINT) == 0, "kill failed")
        }
        #expect(r.status == 130, "\(r.stderr)")
        #expect(r.stderr.contains("compare stopped"), "\(r.stderr)")
        for name in ["gp-seed1", "fd-seed1"] {
            let latest = try String(contentsOfFile: "\(dir)/\(name)/latest", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(FileManager.default.fileExists(atPath: "\(dir)/\(name)/\(latest)"), "\(name)")
        }
        let again = try CLIRunner.run(args.map { $0 == "100000" ? "3" : $0 } )
        #expect(again.status == 0, "\(again.stderr)")
    }
}
