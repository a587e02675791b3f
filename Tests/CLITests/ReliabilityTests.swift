import Foundation
import Testing
import TextGAN
@testable import Tokenize
#if canImport(Glibc)
import Glibc
#endif

/// Crashes, concurrent writers, full disks and impossible settings: textgan
/// says what happened in one line, exits non-zero, and loses nothing saved.
@Suite(.serialized) struct ReliabilityTests {
    static let tiny = ["--corpus", CLIRunner.corpus("tiny.txt")] + TrainAndSampleTests.tinyModel

    /// Starts `textgan` in the background with output discarded.
    static func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = CLIRunner.packageRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func waitForFile(_ path: String, timeout: TimeInterval = 60) {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline && !FileManager.default.fileExists(atPath: path) { Thread.sleep(forTimeInterval: 0.02) }
    }

    @Test func killNineAtRandomMomentsNeverLosesTheLatestCheckpoint() throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        let first = try CLIRunner.run(["train", "--out", dir, "--iterations", "2", "--checkpoint-every", "1", "--quiet"] + Self.tiny)
        #expect(first.status == 0, "\(first.stderr)")
        var rng = SplitMix64(seed: 20261124)
        let trials = 20
        let started = Date()
        for trial in 0..<trials {
            let p = try Self.launch(["train", "--resume", dir, "--iterations", "1000000", "--checkpoint-every", "1", "--log-every", "1", "--quiet"])
            Thread.sleep(forTimeInterval: Double(rng.next() % 700) / 1000 + 0.05)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            // The latest checkpoint loads: sampling reads it.
            let sample = try CLIRunner.run(["sample", "--run", dir, "--count", "1"])
            #expect(sample.status == 0, "trial \(trial): \(sample.stderr)")
            if sample.status != 0 { break }
            #expect(Date().timeIntervalSince(started) < 240, "kill -9 trials took too long")
        }
        let resumed = try CLIRunner.run(["train", "--resume", dir, "--iterations", "1", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        // No temporary files are left where a reader would see them as checkpoints.
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(names.filter { $0.hasPrefix("checkpoint-") && !$0.hasSuffix(".safetensors") }.isEmpty)
    }

    @Test func aSecondWriterIsRefusedAndAStaleLockIsTakenOver() throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        let owner = try Self.launch(["train", "--out", dir, "--iterations", "1000000", "--checkpoint-every", "1", "--log-every", "1", "--quiet"] + Self.tiny)
        Self.waitForFile(dir + "/latest")
        let second = try CLIRunner.run(["train", "--resume", dir, "--iterations", "5"])
        #expect(second.status != 0)
        #expect(second.stderr.contains("is being written by process \(owner.processIdentifier)"), "\(second.stderr)")
        kill(owner.processIdentifier, SIGKILL)
        owner.waitUntilExit()
        // The dead owner's lock file is still there, but its flock died with it.
        #expect(FileManager.default.fileExists(atPath: dir + "/.lock"))
        let after = try CLIRunner.run(["train", "--resume", dir, "--iterations", "1", "--quiet"])
        #expect(after.status == 0, "\(after.stderr)")
    }

    /// A run killed before its first checkpoint has only its config: `--resume` trains it
    /// again from step 0 (its seed makes that the same run) instead of refusing.
    @Test func aRunWithoutACheckpointResumesFromStepZeroAsTheSameRun() throws {
        let scratch = CLIRunner.temporaryDirectory()
        let whole = try CLIRunner.run(["train", "--out", scratch + "/whole", "--iterations", "4", "--log-every", "1", "--quiet"] + Self.tiny)
        #expect(whole.status == 0, "\(whole.stderr)")
        let dir = scratch + "/killed"
        let first = try CLIRunner.run(["train", "--out", dir, "--iterations", "2", "--log-every", "1", "--quiet"] + Self.tiny)
        #expect(first.status == 0, "\(first.stderr)")
        // What a kill before the first checkpoint leaves: config, vocabulary, some metrics.
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name.hasPrefix("checkpoint-") || name == "latest" {
            try FileManager.default.removeItem(atPath: dir + "/" + name)
        }
        let resumed = try CLIRunner.run(["train", "--resume", dir, "--iterations", "4", "--log-every", "1"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("has no checkpoint yet: starting it again from step 0 of 4"), "\(resumed.stdout)")
        let losses = { (run: String) in RunDirectory(path: run).readMetrics().map { "\($0.step) \($0.criticLoss) \($0.generatorLoss)" } }
        #expect(losses(dir).count == 4)
        #expect(losses(dir) == losses(scratch + "/whole"))
    }

    @Test func settingsThatCannotFitInMemoryAreRefusedBeforeAllocating() throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        let r = try CLIRunner.run(["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--dim", "8192", "--batch-size", "4096"])
        #expect(r.status != 0 && !r.crashed)
        #expect(r.stderr.contains("GiB but the machine has"), "\(r.stderr)")
        let bench = try CLIRunner.run(["bench", "--corpus", CLIRunner.corpus("tiny.txt"), "--dim", "8192", "--batch-size", "4096"])
        #expect(bench.status != 0 && bench.stderr.contains("GiB"), "\(bench.stderr)")
    }

    /// Needs root to mount a small tmpfs; skipped otherwise.
    @Test(.enabled(if: getuid() == 0)) func aFullDiskStopsTrainingAndKeepsThePreviousCheckpoint() throws {
        let scratch = CLIRunner.temporaryDirectory()
        // Measure one checkpoint of the tiny model.
        let probe = try CLIRunner.run(["train", "--out", scratch + "/probe", "--iterations", "1", "--quiet"] + Self.tiny)
        #expect(probe.status == 0, "\(probe.stderr)")
        let checkpointBytes = (try FileManager.default.attributesOfItem(atPath: scratch + "/probe/checkpoint-1.safetensors")[.size] as? Int) ?? 0
        let mountPoint = scratch + "/small"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let size = 64 * 1024 + checkpointBytes * 5 / 2
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", mountPoint]
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { return }  // no mount permission in this sandbox
        defer {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [mountPoint]
            try? umount.run()
            umount.waitUntilExit()
        }
        let dir = mountPoint + "/run"
        let r = try CLIRunner.run(["train", "--out", dir, "--iterations", "50", "--checkpoint-every", "1", "--keep-checkpoints", "5", "--quiet"] + Self.tiny)
        #expect(r.status != 0 && !r.crashed, "\(r.stderr)")
        #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        let sample = try CLIRunner.run(["sample", "--run", dir, "--count", "1"])
        #expect(sample.status == 0, "the previous checkpoint must survive: \(sample.stderr)")
    }
}
