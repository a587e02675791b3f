import Foundation
import Testing
import TextGAN
#if canImport(Glibc)
import Glibc
#endif

/// `mpirun -n 2 textgan train` and `compare`: data-parallel training equals one process at
/// the same seed and global batch (the check PyTorch's DDP tests make), resumes across
/// world sizes, and fails cleanly.
@Suite(.serialized) struct DataParallelTests {
    static let model = ["--dim", "8", "--blocks", "1", "--seq-len", "16", "--batch-size", "8", "--critic-iterations", "2",
                        "--threads", "1", "--quiet", "--eval-every", "0", "--log-every", "1"]

    static func train(_ dir: String, ranks: Int, _ extra: [String]) throws -> CLIRunner.Result {
        let arguments = ["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir] + model + extra
        return ranks == 1 ? try CLIRunner.run(arguments) : try CLIRunner.runMPI(ranks: ranks, arguments)
    }

    /// Two critic biases shift every score by one constant: the output bias, and the bias of
    /// the last block's second convolution (only linear maps follow it). `E[D(fake)] −
    /// E[D(real)]` and every penalty (a slope) cancel such a shift, so their exact gradients
    /// are 0, and what a run computes for them is rounding noise, which Adam scales up to
    /// steps of the learning rate's size, in one process as in two. They change no score
    /// difference, no critic loss and no generator gradient; every other weight is compared.
    static let constantShifts = ["critic.output.bias", "critic.block1.conv2.bias"]

    /// The largest relative difference between two checkpoints' tensors, over every tensor.
    static func largestDifference(_ a: String, _ b: String) throws -> Float {
        let x = try SafeTensors(data: Data(contentsOf: URL(fileURLWithPath: a)))
        let y = try SafeTensors(data: Data(contentsOf: URL(fileURLWithPath: b)))
        #expect(Set(x.entries.keys) == Set(y.entries.keys))
        var worst: Float = 0
        for name in x.entries.keys.sorted() where !constantShifts.contains(where: { name.hasSuffix($0) }) {
            let p = try x.tensor(named: name).scalars, q = try y.tensor(named: name).scalars
            let scale = max(p.map(abs).max() ?? 0, 1e-3)
            for (u, v) in zip(p, q) { worst = max(worst, abs(u - v) / scale) }
        }
        return worst
    }

    static func latest(_ dir: String) throws -> String {
        dir + "/" + (try String(contentsOfFile: dir + "/latest", encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Also with the hinge loss, R1, spectral normalisation of both networks (whose vectors
    /// every rank advances alike) and orthogonal regularisation (which every rank adds whole).
    @Test(arguments: [["--penalty", "gp"], ["--penalty", "fd"],
                      ["--penalty", "r1", "--loss", "hinge", "--spectral-norm", "both", "--ortho-reg", "1e-3"]])
    func twoRanksEqualOneProcess(settings: [String]) throws {
        let root = CLIRunner.temporaryDirectory()
        let one = try Self.train("\(root)/one", ranks: 1, ["--iterations", "5"] + settings)
        #expect(one.status == 0, "\(one.stderr)")
        let two = try Self.train("\(root)/two", ranks: 2, ["--iterations", "5"] + settings)
        #expect(two.status == 0, "\(two.stderr)")
        let difference = try Self.largestDifference(try Self.latest("\(root)/one"), try Self.latest("\(root)/two"))
        #expect(difference < 1e-5, "weights differ by \(difference) (relative to each tensor's largest)")
        // Rank 0 alone writes, and the metrics say how many ranks trained.
        let metrics = try String(contentsOfFile: "\(root)/two/metrics.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(metrics.count == 5, "\(metrics.count) metrics lines")
        #expect(metrics.allSatisfy { $0.contains("\"worldSize\":2") && $0.contains("allReduceSecondsPerIteration") })
    }

    /// The same training arguments with `--threads n` in place of the model's `--threads 1`.
    static func withThreads(_ n: Int, _ arguments: [String]) -> [String] {
        var copy = arguments
        if let i = copy.firstIndex(of: "--threads") { copy[i + 1] = "\(n)" }
        return copy
    }

    /// Two threads of one process (`--split batch`, the default) are two ranks in shared
    /// memory: the same slices, the same sums in the same order, so the same bits.
    @Test func twoThreadsTrainAsTwoRanksBitForBit() throws {
        let root = CLIRunner.temporaryDirectory()
        let arguments = { (dir: String) in ["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--iterations", "4"] + Self.model }
        let threads = try CLIRunner.run(Self.withThreads(2, arguments("\(root)/threads")))
        #expect(threads.status == 0, "\(threads.stderr)")
        let ranks = try CLIRunner.runMPI(ranks: 2, arguments("\(root)/ranks"))
        #expect(ranks.status == 0, "\(ranks.stderr)")
        let x = try SafeTensors(data: Data(contentsOf: URL(fileURLWithPath: try Self.latest("\(root)/threads"))))
        let y = try SafeTensors(data: Data(contentsOf: URL(fileURLWithPath: try Self.latest("\(root)/ranks"))))
        #expect(Set(x.entries.keys) == Set(y.entries.keys))
        for name in x.entries.keys.sorted() {
            #expect(try x.tensor(named: name).scalars == y.tensor(named: name).scalars, "\(name)")
        }
    }

    /// Two ranks of two threads each (four slices, summed within each process, then across
    /// them) train as one thread does, and a run started on one thread resumes on them.
    @Test func twoRanksOfTwoThreadsEqualOneThread() throws {
        let root = CLIRunner.temporaryDirectory()
        #expect(try Self.train("\(root)/one", ranks: 1, ["--iterations", "5"]).status == 0)
        #expect(try Self.train("\(root)/four", ranks: 1, ["--iterations", "2"]).status == 0)
        let resumed = try CLIRunner.runMPI(ranks: 2, ["train", "--resume", "\(root)/four", "--iterations", "5", "--quiet", "--threads", "2"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let difference = try Self.largestDifference(try Self.latest("\(root)/one"), try Self.latest("\(root)/four"))
        #expect(difference < 1e-5, "weights differ by \(difference)")
        let metrics = try String(contentsOfFile: "\(root)/four/metrics.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(metrics.last?.contains("\"worldSize\":4") == true, "\(metrics.last ?? "")")
    }

    /// A run begun in one process and resumed on two continues as the one-process continuation does.
    @Test func oneProcessResumedOnTwoRanks() throws {
        let root = CLIRunner.temporaryDirectory()
        #expect(try Self.train("\(root)/straight", ranks: 1, ["--iterations", "5", "--checkpoint-every", "3"]).status == 0)
        #expect(try Self.train("\(root)/split", ranks: 1, ["--iterations", "3"]).status == 0)
        let resumed = try CLIRunner.runMPI(ranks: 2, ["train", "--resume", "\(root)/split", "--iterations", "5", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let difference = try Self.largestDifference(try Self.latest("\(root)/straight"), try Self.latest("\(root)/split"))
        #expect(difference < 1e-5, "weights differ by \(difference)")
    }

    @Test func aBatchTheRanksCannotShareIsRefusedBeforeTraining() throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        let r = try Self.train(dir, ranks: 2, ["--iterations", "2", "--batch-size", "7"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("the batch of 7 examples does not split over 2 ranks"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/config.json"))
    }

    /// Ranks given different settings (an MPMD launch) are refused with one line naming the problem.
    @Test func ranksWithDifferentSettingsAreRefused() throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        let base = ["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--iterations", "2"] + Self.model
        let r = try CLIRunner.runMPI(
            ["--oversubscribe", "-n", "1", CLIRunner.executable.path] + base + ["--lr", "1e-3", ":", "-n", "1", CLIRunner.executable.path] + base + ["--lr", "2e-3"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("rank 1: this rank was started with other settings than rank 0"), "\(r.stderr)")
    }

    /// `kill -9` of a rank stops the job within seconds with a message naming the rank, and
    /// the last checkpoint loads.
    @Test func aKilledRankStopsTheJobAndTheLastCheckpointResumes() throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        var killedAt = Date()
        let job = try CLIRunner.runMPI(
            ranks: 2, ["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--iterations", "100000", "--checkpoint-every", "2"] + Self.model
        ) { mpirun in
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline && !FileManager.default.fileExists(atPath: dir + "/latest") { Thread.sleep(forTimeInterval: 0.05) }
            // Rank 1: the child of mpirun that has OMPI_COMM_WORLD_RANK=1.
            let children = (try? String(contentsOfFile: "/proc/\(mpirun.processIdentifier)/task/\(mpirun.processIdentifier)/children", encoding: .utf8)) ?? ""
            for pid in children.split(separator: " ").compactMap({ Int32($0) }) {
                let environment = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))) ?? Data()
                if environment.split(separator: 0).contains(where: { String(decoding: $0, as: UTF8.self) == "OMPI_COMM_WORLD_RANK=1" }) {
                    killedAt = Date()
                    kill(pid, SIGKILL)
                }
            }
        }
        #expect(job.status != 0)
        #expect(Date().timeIntervalSince(killedAt) < 30, "the job took \(Date().timeIntervalSince(killedAt)) s to stop")
        #expect(job.stderr.contains("rank 1"), "\(job.stderr)")
        let resumed = try CLIRunner.run(["train", "--resume", dir, "--iterations", "1", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
    }

    /// A stop request to mpirun, Ctrl-C (SIGINT: mpirun sends the ranks SIGTERM) or SIGUSR1
    /// (forwarded as it is): the ranks agree to stop after the same iteration, rank 0 saves a
    /// checkpoint, and a resume continues from it.
    @Test(arguments: [SIGINT, SIGUSR1])
    func aStopRequestToMpirunSavesACheckpoint(signal: Int32) throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        let job = try CLIRunner.runMPI(
            ranks: 2, ["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--iterations", "100000", "--checkpoint-every", "100000"] + Self.model
        ) { mpirun in
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline && ((try? String(contentsOfFile: dir + "/metrics.jsonl", encoding: .utf8))?.split(separator: "\n").count ?? 0) < 3 {
                Thread.sleep(forTimeInterval: 0.05)
            }
            kill(mpirun.processIdentifier, signal)
        }
        #expect(job.status != 0)
        let checkpoint = try Self.latest(dir)
        #expect(FileManager.default.fileExists(atPath: checkpoint), "no checkpoint after the stop: \(job.stderr)")
        let step = try #require(Int(checkpoint.split(separator: "-").last?.split(separator: ".").first ?? ""))
        let resumed = try CLIRunner.run(["train", "--resume", dir, "--iterations", "\(step + 2)", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
    }

    /// `mpirun -n 2 textgan compare` trains each run in one process: the same runs as a
    /// sequential compare, and one report.
    @Test func compareSpreadsItsRunsOverTheRanks() throws {
        let root = CLIRunner.temporaryDirectory()
        let common = ["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--seeds", "1", "--iterations", "3", "--penalties", "gp,fd"]
            + Self.model.filter { $0 != "--eval-every" && $0 != "0" } + ["--eval-every", "3"]
        let sequential = try CLIRunner.run(common + ["--out", "\(root)/one"])
        #expect(sequential.status == 0, "\(sequential.stderr)")
        let parallel = try CLIRunner.runMPI(ranks: 2, common + ["--out", "\(root)/two"])
        #expect(parallel.status == 0, "\(parallel.stderr)")
        for name in ["gp-seed1", "fd-seed1"] {
            let a = try CompareJobsTests.trajectory("\(root)/one/\(name)"), b = try CompareJobsTests.trajectory("\(root)/two/\(name)")
            #expect(!a.isEmpty && a == b, "\(name)")
        }
        #expect(try String(contentsOfFile: "\(root)/two/report.md", encoding: .utf8).contains("trained 2 runs at a time"))
    }
}
