import Foundation
import Testing

/// Bad input on the command line: a non-zero exit and one clear line on
/// stderr, never a crash or a Swift runtime trace.
@Suite struct CommandLineErrorTests {
    static func expectCleanFailure(_ arguments: [String], mentions phrase: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.status != 0, "\(arguments) succeeded", sourceLocation: sourceLocation)
        #expect(!r.crashed, "\(arguments) crashed: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(phrase), "\(arguments): stderr was \(r.stderr)", sourceLocation: sourceLocation)
        for trap in ["Fatal error", "Stack dump", "Backtrace", "Precondition failed"] {
            #expect(!r.stderr.contains(trap), "\(arguments): \(r.stderr)", sourceLocation: sourceLocation)
        }
    }

    /// `--resume` refuses every option that changes what the run trains, by the names the user
    /// typed (derived from the properties), and lets the schedule change.
    @Test func resumeNamesEveryOptionItRefuses() throws {
        let refused: [(String, String?)] = [
            ("--dim", "8"), ("--blocks", "1"), ("--seq-len", "8"), ("--kernel-size", "3"), ("--critic-layer-norm", nil),
            ("--penalty", "fd"), ("--seed", "2"), ("--preset", "paper"), ("--critic-iterations", "2"), ("--batch-size", "4"),
            ("--batches", "replacement"), ("--lambda", "1"), ("--gamma", "1"), ("--loss", "hinge"), ("--spectral-norm", "critic"), ("--spectral-norm-conv", "operator"),
            ("--ortho-reg", "1e-4"), ("--clip", "0.1"), ("--lr", "1e-3"), ("--critic-lr", "1e-3"),
            ("--generator-lr", "1e-3"), ("--betas", "0,0.9"), ("--ema", "0.9")]
        let schedule = ["--iterations", "5", "--minutes", "1", "--log-every", "1", "--sample-every", "1", "--checkpoint-every", "1",
                        "--keep-checkpoints", "1", "--eval-every", "0", "--on-nan", "skip"]
        let arguments = ["train", "--resume", CLIRunner.temporaryDirectory()] + refused.flatMap { [$0.0] + ($0.1.map { [$0] } ?? []) } + schedule
        let names = refused.map(\.0).joined(separator: ", ")
        try Self.expectCleanFailure(arguments, mentions: "Error: \(names) cannot change on --resume")
    }

    @Test(arguments: [("--dim", "0", "must be at least 1"), ("--kernel-size", "4", "must be odd and positive"),
                      ("--lr", "inf", "not a finite number"), ("--lambda", "-1", "must be a finite number ≥ 0"),
                      ("--gamma", "-1", "must be a finite number ≥ 0"), ("--ortho-reg", "-0.1", "must be a finite number ≥ 0"),
                      ("--loss", "wgan", "The value 'wgan' is invalid"), ("--spectral-norm", "generator", "The value 'generator' is invalid"),
                      ("--ema", "1", "must lie in [0, 1) (0: none)"), ("--eval-every", "-1", "must be 0 or more"),
                      ("--threads", "x", "not a whole number")])
    func aBadValueNamesItsOption(option: String, value: String, problem: String) throws {
        let dir = CLIRunner.temporaryDirectory() + "/never"
        // Joined with =, so that -1 is read as a value.
        let arguments = ["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir, "\(option)=\(value)"]
        try Self.expectCleanFailure(arguments, mentions: "The value '\(value)' is invalid for '\(option) <")
        try Self.expectCleanFailure(arguments, mentions: problem)
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    /// A negative number after its option is that option's value, so the option's own check
    /// answers (ArgumentParser alone reads `-1` as a short option: "Missing value for '--gamma'").
    @Test(arguments: [("train", "--gamma", "-1", "must be a finite number ≥ 0"), ("train", "--lr", "-1e-3", "must be a finite number > 0"),
                      ("train", "--ortho-reg", "-.5", "must be a finite number ≥ 0"), ("train", "--lr", "-inf", "not a finite number"),
                      ("train", "--iterations", "-3", "must be at least 1"), ("sample", "--truncation", "-1", "must be a finite number > 0")])
    func aNegativeNumberIsTheValueOfTheOptionBeforeIt(command: String, option: String, value: String, problem: String) throws {
        let dir = CLIRunner.temporaryDirectory()
        let arguments = command == "train" ? ["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir + "/never", option, value]
                                           : ["sample", "--run", dir, option, value]
        try Self.expectCleanFailure(arguments, mentions: "The value '\(value)' is invalid for '\(option) <\(option.dropFirst(2))>': \(problem)")
    }

    @Test func helpListsTheCommands() throws {
        let r = try CLIRunner.run(["--help"])
        #expect(r.status == 0)
        for command in ["train", "sample", "eval", "vocab", "demo", "bench", "bench-engine"] { #expect(r.stdout.contains(command)) }
        let train = try CLIRunner.run(["train", "--help"])
        for flag in ["--corpus", "--out", "--resume", "--penalty", "--iterations", "--critic-iterations", "--dim", "--seq-len",
                     "--batch-size", "--lambda", "--lr", "--seed", "--threads", "--log-every", "--sample-every", "--checkpoint-every", "--ema"] {
            #expect(train.stdout.contains(flag), "train --help lacks \(flag)")
        }
    }

    @Test func trainRejectsBadInput() throws {
        let dir = CLIRunner.temporaryDirectory()
        try Self.expectCleanFailure(["train", "--corpus", "/nonexistent/corpus.txt", "--out", dir + "/a"], mentions: "/nonexistent/corpus.txt")
        // A run reads its corpus again on --resume, which a pipe or device cannot give.
        try Self.expectCleanFailure(["train", "--corpus", "/dev/null", "--out", dir + "/a"], mentions: "is a pipe or a device")
        try Self.expectCleanFailure(["compare", "--corpus", "/dev/null", "--out", dir + "/a"], mentions: "is a pipe or a device")
        try Self.expectCleanFailure(["train", "--out", dir + "/b"], mentions: "--corpus")
        try Self.expectCleanFailure(["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir + "/c", "--lr", "0"], mentions: "--lr")
        try Self.expectCleanFailure(["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir + "/c", "--lr", "nan"], mentions: "--lr")
        try Self.expectCleanFailure(["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir + "/c", "--lambda", "-1"], mentions: "--lambda")
        try Self.expectCleanFailure(["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir + "/c", "--batch-size", "0"], mentions: "--batch-size")
        try Self.expectCleanFailure(["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir + "/c", "--iterations", "-3"], mentions: "--iterations")
        try Self.expectCleanFailure(["train", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir + "/c", "--penalty", "wgan"], mentions: "--penalty")
        try Self.expectCleanFailure(["train", "--resume", dir + "/none"], mentions: "no run directory")
        try Self.expectCleanFailure(["train", "--resume", dir, "--dim", "64"], mentions: "--dim cannot change on --resume")
    }

    /// A corpus whose every line `--invalid-utf8 skip-line` drops is told the option that
    /// keeps them, and nothing about truncation, which skipped none.
    @Test func aCorpusOfSkippedLinesNamesTheOptionThatKeepsThem() throws {
        let dir = CLIRunner.temporaryDirectory()
        let corpus = dir + "/latin1.txt"
        try Data(Array("caf".utf8) + [0xE9] + Array("\n\nna".utf8) + [0xEF] + Array("ve\n".utf8)).write(to: URL(fileURLWithPath: corpus))
        let arguments = ["train", "--corpus", corpus, "--out", dir + "/run", "--invalid-utf8", "skip-line"]
        try Self.expectCleanFailure(arguments, mentions: "(3 read: 1 empty, 2 not valid UTF-8)")
        try Self.expectCleanFailure(arguments, mentions: "the option is --invalid-utf8 replace")
        #expect(try !CLIRunner.run(arguments).stderr.contains("truncation"))
    }

    @Test func sampleRejectsADirectoryThatIsNotARun() throws {
        let dir = CLIRunner.temporaryDirectory()
        try Self.expectCleanFailure(["sample", "--run", dir], mentions: "is not a textgan run")
        try Self.expectCleanFailure(["sample", "--run", dir + "/missing"], mentions: "no run directory")
        try Self.expectCleanFailure(["sample", "--run", dir, "--count", "0"], mentions: "--count")
        try Self.expectCleanFailure(["eval", "--run", dir], mentions: "is not a textgan run")
        try Self.expectCleanFailure(["eval", "--run", dir + "/missing"], mentions: "no run directory")
    }

    /// compare chooses each run's penalty and seed from --penalties and --seeds: its help
    /// does not offer --penalty or --seed, and --report-only creates nothing.
    @Test func compareOffersOnlyItsOwnPenaltyAndSeedFlags() throws {
        let help = try CLIRunner.run(["compare", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--penalties <penalties>") && help.stdout.contains("--seeds <seeds>"))
        #expect(!help.stdout.contains("--penalty <") && !help.stdout.contains("--seed <"), "\(help.stdout)")
        #expect(help.stdout.contains("--iterations <iterations>"), "compare takes every other train option")
        let dir = CLIRunner.temporaryDirectory()
        try Self.expectCleanFailure(["compare", "--corpus", CLIRunner.corpus("tiny.txt"), "--out", dir + "/a", "--seed", "2"], mentions: "--seed")
        try Self.expectCleanFailure(["compare", "--out", dir + "/missing", "--report-only"], mentions: "does not exist")
        #expect(!FileManager.default.fileExists(atPath: dir + "/missing"))
        try Self.expectCleanFailure(["train", "--resume", dir, "--seed", "2"], mentions: "--seed cannot change on --resume")
    }
}
