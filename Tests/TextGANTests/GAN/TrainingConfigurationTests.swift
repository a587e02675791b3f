import Foundation
import Testing
@testable import TextGAN

/// The one-line settings of a comparison and what counts as "the same training".
@Suite struct TrainingConfigurationTests {
    static let base = TrainingConfiguration(model: ModelConfiguration(vocabularySize: 113))

    @Test func sharedSettingsNameEverySettingThatChangesTraining() {
        #expect(Self.base.sharedSettingsDescription == "C = 128, 5 blocks, kernel 5, T = 32, V = 113, 1000 generator iterations, 5 critic steps, "
                + "batch 64 from shuffled epochs, λ = 10, lr 0.0001, Adam β = (0.5, 0.9)")
        var other = Self.base
        other.batchesWithReplacement = true
        other.ema = 0.999
        other.model.blocks = 1
        other.model.criticLayerNorm = true
        #expect(other.sharedSettingsDescription == "C = 128, 1 block, kernel 5, T = 32, V = 113, critic layer norm, 1000 generator iterations, 5 critic steps, "
                + "batch 64 drawn with replacement, λ = 10, lr 0.0001, Adam β = (0.5, 0.9), EMA 0.999")
    }

    /// A comparison's report states the settings its runs share, not the first run's value
    /// of a varied one.
    @Test func sharedSettingsOfSeveralLeaveOutWhatDiffers() {
        var faster = Self.base
        (faster.criticLearningRate, faster.generatorLearningRate) = (1e-3, 1e-3)
        faster.model.kernelSize = 3
        #expect(TrainingConfiguration.sharedSettingsDescription(of: [Self.base, faster])
                == "C = 128, 5 blocks, T = 32, V = 113, 1000 generator iterations, 5 critic steps, batch 64 from shuffled epochs, λ = 10, Adam β = (0.5, 0.9)")
        #expect(TrainingConfiguration.sharedSettingsDescription(of: [Self.base]) == Self.base.sharedSettingsDescription)
    }

    @Test func penaltySeedAndScheduleDoNotChangeTraining() {
        var sibling = Self.base
        sibling.penalty = .fd
        sibling.seed = 3
        sibling.logEvery = 20
        sibling.checkpointEvery = 100
        #expect(Self.base.trainsLike(sibling) && sibling.trainsLike(Self.base))
        for change in [{ (c: inout TrainingConfiguration) in c.lambda = 5 }, { $0.batchesWithReplacement = true }, { $0.iterations = 2000 },
                       { $0.model.channels = 64 }, { $0.criticIterations = 10 }] {
            var different = Self.base
            change(&different)
            #expect(!Self.base.trainsLike(different))
        }
    }
}
