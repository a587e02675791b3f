import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM during training: a checkpoint is saved, the exit status
/// is 130 or 143, and `--resume` continues.
@Suite(.serialized) struct InterruptTests {
    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func signalSavesACheckpointAndExits(signal: Int32, status: Int32) throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        let metrics = dir + "/metrics.jsonl"
        let r = try CLIRunner.run(
            ["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--iterations", "100000", "--log-every", "1",
             "--checkpoint-every", "100000"] + TrainAndSampleTests.tinyModel
        ) { process in
            // Wait until training has logged a step, then interrupt.
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline && ((try? String(contentsOfFile: metrics, encoding: .utf8))?.isEmpty ?? true) {
                Thread.sleep(forTimeInterval: 0.05)
            }
            let sent = kill(process.processIdentifier, signal)
            precondition(sent == 0, "kill failed")
        }
        #expect(r.status == status, "\(r.stderr)")
        #expect(r.stderr.contains("checkpoint saved"), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
        let latest = try String(contentsOfFile: dir + "/latest", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(FileManager.default.fileExists(atPath: dir + "/" + latest))

        let resumed = try CLIRunner.run(["train", "--resume", dir, "--iterations", "3", "--quiet"])
        // The interrupted run may already be past step 3: then there is nothing left to do.
        #expect(resumed.status == 0, "\(resumed.stderr)")
    }

    /// Two signals at once (`pkill -f` reaching a process its parent also signals) are one
    /// request: the run still saves its checkpoint.
    @Test func twoSignalsAtOnceStillSaveACheckpoint() throws {
        let dir = CLIRunner.temporaryDirectory() + "/run"
        let r = try CLIRunner.run(
            ["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "--iterations", "100000", "--log-every", "1",
             "--checkpoint-every", "100000"] + TrainAndSampleTests.tinyModel
        ) { process in
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline && ((try? String(contentsOfFile: dir + "/metrics.jsonl", encoding: .utf8))?.isEmpty ?? true) {
                Thread.sleep(forTimeInterval: 0.05)
            }
            kill(process.processIdentifier, SIGINT)
            kill(process.processIdentifier, SIGINT)
        }
        #expect(r.status == 130, "\(r.stderr)")
        #expect(r.stderr.contains("checkpoint saved") && !r.stderr.contains("interrupted again"), "\(r.stderr)")
    }
}
