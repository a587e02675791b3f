import ArgumentParser

/// The `textgan` command line: train, sample, evaluate and compare character-level text GANs.
@main
struct TextGANCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "textgan",
        abstract: "Train generative adversarial networks on text, one character at a time.",
        discussion: """
            A 1D-convolutional WGAN generator emits a softmax probability vector per \
            character; a critic scores them against one-hot real text. Penalties: the \
            analytic gradient penalty (gp) or the finite-difference penalty (fd).
            """,
        subcommands: [TrainCommand.self, SampleCommand.self, EvalCommand.self, CompareCommand.self, VocabCommand.self, DemoCommand.self, BenchCommand.self, BenchEngineCommand.self]
    )
}
