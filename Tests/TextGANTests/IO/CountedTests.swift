import Testing
@testable import TextGAN

/// Counts in the reports and headers read as English: 1 seed, 3 seeds, 0 threads
/// (the settings line's "1 block" is checked in TrainingConfigurationTests).
@Suite struct CountedTests {
    @Test func singularOnlyForOne() {
        #expect(counted(1, "seed") == "1 seed")
        #expect(counted(3, "seed") == "3 seeds")
        #expect(counted(0, "thread") == "0 threads")
    }
}
