/// Values recorded from a known-good run; see the test that uses each.
enum GoldenValues {
    /// `TrainerTests.goldenTrajectory`: [critic loss, generator loss] for the
    /// first three iterations of the tiny gp GAN with seed 42.
    static let gpTrajectory: [[Double]] = [
        [2.712874174118042, 0.14704585075378418],
        [2.7100071907043457, 0.14500844478607178],
        [2.872797966003418, 0.235265851020813],
    ]
}
