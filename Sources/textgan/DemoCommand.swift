import ArgumentParser
import Foundation
import TextGAN

/// `textgan demo`: the README's first command. Trains a small GAN on the
/// bundled English corpus for a few minutes, then prints what it writes.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Train a small text GAN on the bundled English corpus for a few minutes and print samples.",
        discussion: """
            Equivalent to `textgan train --corpus corpora/english.txt --out runs/demo --iterations 3000`: \
            the default recipe (the standard preset), stopped early, which learns letters, spaces \
            and short words in minutes on two cores. Run it again to continue an interrupted demo or \
            to see the finished demo's samples; delete the run directory to start over.
            """)

    @Option(help: "The corpus to train on.")
    var corpus = "corpora/english.txt"

    @Option(help: "The run directory.")
    var out = "runs/demo"

    @Option(help: "Generator iterations.", transform: OptionValue.positive)
    var iterations = 3000

    @OptionGroup(title: "Threads") var threading: ThreadFlags

    func run() throws {
        let run = RunDirectory(path: out)
        var arguments: [String]
        if FileManager.default.fileExists(atPath: run.configPath) {
            if let last = run.readMetrics().last, last.step >= iterations, run.latestCheckpointPath() != nil {
                print("The demo in \(out) has finished (\(last.step) iterations); its samples:")
                try SampleCommand.parse(["--run", out, "--count", "12"]).run()
                print("(delete \(out) to train it again)")
                return
            }
            print("Continuing the demo in \(out).")
            arguments = ["--resume", out, "--iterations", "\(iterations)"]
        } else {
            guard FileManager.default.fileExists(atPath: corpus) else {
                throw CommandError("\(corpus) not found; run the demo from the repository's top folder, or give --corpus FILE")
            }
            arguments = ["--corpus", corpus, "--out", out, "--iterations", "\(iterations)",
                         "--log-every", "20", "--sample-every", "250", "--checkpoint-every", "250"]
        }
        if let threads = threading.threads { arguments += ["--threads", "\(threads)"] }
        arguments += ["--split", threading.split.rawValue]
        let train = try TrainCommand.parse(arguments)
        try train.validate()
        try train.run()
        print("\nMore samples: textgan sample --run \(out) --count 20")
    }
}
