/// Values recorded from a known-good run; see the test that uses each.
enum GoldenValues {
    /// `TrainerTests.goldenTrajectory`: [critic loss, generator loss] for the
    /// first three iterations of the tiny gp GAN with seed 42.
    static let gpTrajectory: [[Double]] = [
        [2.7128751277923584, 0.14692158997058868],
        [2.710007429122925, 0.14488784968852997],
        [2.8727974891662598, 0.23510105907917023],
    ]
}
