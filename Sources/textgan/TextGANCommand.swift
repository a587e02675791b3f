import ArgumentParser

/// The `textgan` command line: train, sample, evaluate and compare character-level text GANs.
@main
struct TextGANCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "textgan",
        abstract: "Train generative adversarial networks on text, one character at a time.",
        discussion: """
            A 1D-convolutional WGAN generator emits a softmax probability vector per \
            character; a critic scores them against one-hot real text. The critic's slope \
            is held by a penalty (the analytic gradient penalty gp, the finite-difference \
            penalty fd, R1/R2, weight clipping) or by spectral normalisation, under the \
            Wasserstein, hinge, non-saturating or least-squares loss; `compare` puts \
            settings side by side over seeds.

            Start with: textgan train --corpus corpora/english.txt --out runs/en
            """,
        subcommands: [TrainCommand.self, SampleCommand.self, EvalCommand.self, CompareCommand.self, VocabCommand.self, DemoCommand.self, BenchCommand.self, BenchEngineCommand.self]
    )
}
