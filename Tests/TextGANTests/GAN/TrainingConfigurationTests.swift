import Foundation
import Testing
@testable import TextGAN

/// The one-line settings of a comparison and what counts as "the same training".
@Suite struct TrainingConfigurationTests {
    static let base = TrainingConfiguration(model: ModelConfiguration(vocabularySize: 113))

    @Test func sharedSettingsNameEverySettingThatChangesTraining() {
        #expect(Self.base.sharedSettingsDescription == "C = 128, 5 blocks, kernel 5, T = 32, V = 113, 1000 generator iterations, 5 critic steps, "
                + "batch 64 from shuffled epochs, Wasserstein loss, λ = 10, lr 0.0001, Adam β = (0.5, 0.9)")
        var other = Self.base
        other.batchesWithReplacement = true
        other.ema = 0.999
        other.model.blocks = 1
        other.model.criticLayerNorm = true
        #expect(other.sharedSettingsDescription == "C = 128, 1 block, kernel 5, T = 32, V = 113, critic layer norm, 1000 generator iterations, 5 critic steps, "
                + "batch 64 drawn with replacement, Wasserstein loss, λ = 10, lr 0.0001, Adam β = (0.5, 0.9), EMA 0.999")
        other.loss = .hinge
        other.penalty = .r1
        other.gamma = 1
        other.spectralNorm = .both
        other.orthogonalRegularization = 1e-4
        #expect(other.sharedSettingsDescription.hasSuffix("batch 64 drawn with replacement, hinge loss, γ = 1, lr 0.0001, "
                + "Adam β = (0.5, 0.9), spectral norm on both networks, orthogonal regularisation β = 0.0001, EMA 0.999"), "\(other.sharedSettingsDescription)")
        other.loss = .ns
        other.spectralNorm = .critic
        #expect(other.sharedSettingsDescription.contains("non-saturating loss") && other.sharedSettingsDescription.contains("spectral norm on the critic"))
    }

    /// A config.json or checkpoint written before the loss, γ, spectral normalisation and
    /// orthogonal regularisation existed loads with them off (γ at its reference 10), and a
    /// new one round-trips them.
    @Test func settingsAddedLaterDecodeAsOffWhenAbsent() throws {
        var full = Self.base
        (full.loss, full.gamma, full.spectralNorm, full.orthogonalRegularization) = (.ls, 2.5, .critic, 3e-4)
        let data = try JSONEncoder().encode(full)
        #expect(try JSONDecoder().decode(TrainingConfiguration.self, from: data) == full)
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["loss", "gamma", "spectralNorm", "orthogonalRegularization"] {
            #expect(object.removeValue(forKey: key) != nil, "config.json lacks \(key)")
        }
        let old = try JSONDecoder().decode(TrainingConfiguration.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(old.loss == .wasserstein && old.gamma == 10 && old.spectralNorm == .none && old.orthogonalRegularization == 0)
        #expect(old == Self.base)
    }

    @Test func badValuesAndTheHingeWithClippingAreRefused() throws {
        for change in [{ (c: inout TrainingConfiguration) in c.gamma = -1 }, { $0.gamma = .infinity }, { $0.orthogonalRegularization = -1e-4 }] {
            var c = Self.base
            change(&c)
            #expect(throws: ConfigurationError.self) { try c.validate() }
        }
        var c = Self.base
        (c.loss, c.penalty) = (.hinge, .clip)
        #expect(c.conflict?.contains("hinge loss with weight clipping") == true)
        #expect(throws: ConfigurationError.self) { try c.validate() }
        for (loss, penalty) in [(AdversarialLoss.ns, PenaltyKind.clip), (.ls, .clip), (.hinge, .none), (.hinge, .gp), (.wasserstein, .clip)] {
            (c.loss, c.penalty) = (loss, penalty)
            #expect(c.conflict == nil, "\(loss) with \(penalty)")
            try c.validate()
        }
    }

    /// A comparison's report states the settings its runs share, not the first run's value
    /// of a varied one.
    @Test func sharedSettingsOfSeveralLeaveOutWhatDiffers() {
        var faster = Self.base
        (faster.criticLearningRate, faster.generatorLearningRate) = (1e-3, 1e-3)
        faster.model.kernelSize = 3
        #expect(TrainingConfiguration.sharedSettingsDescription(of: [Self.base, faster])
                == "C = 128, 5 blocks, T = 32, V = 113, 1000 generator iterations, 5 critic steps, batch 64 from shuffled epochs, Wasserstein loss, λ = 10, Adam β = (0.5, 0.9)")
        #expect(TrainingConfiguration.sharedSettingsDescription(of: [Self.base]) == Self.base.sharedSettingsDescription)
        // Each penalty's weight is stated once if every run that uses it agrees on it.
        var r1 = Self.base, clipped = Self.base, weaker = Self.base
        r1.penalty = .r1
        clipped.penalty = .clip
        weaker.lambda = 5
        #expect(TrainingConfiguration.sharedSettingsDescription(of: [Self.base, r1, clipped]).contains("Wasserstein loss, λ = 10, γ = 10, clip 0.01, lr"))
        #expect(!TrainingConfiguration.sharedSettingsDescription(of: [Self.base, weaker]).contains("λ"))
    }

    @Test func penaltySeedAndScheduleDoNotChangeTraining() {
        var sibling = Self.base
        sibling.penalty = .fd
        sibling.seed = 3
        sibling.logEvery = 20
        sibling.checkpointEvery = 100
        #expect(Self.base.trainsLike(sibling) && sibling.trainsLike(Self.base))
        for change in [{ (c: inout TrainingConfiguration) in c.lambda = 5 }, { $0.batchesWithReplacement = true }, { $0.iterations = 2000 },
                       { $0.model.channels = 64 }, { $0.criticIterations = 10 }, { $0.loss = .hinge }, { $0.gamma = 1 },
                       { $0.spectralNorm = .critic }, { $0.orthogonalRegularization = 1e-4 }] {
            var different = Self.base
            change(&different)
            #expect(!Self.base.trainsLike(different))
        }
    }

    /// The weight average's warm-up: `min(d, (1 + t)/(10 + t))` after `t` updates.
    @Test func theAverageWarmsUpToItsDecay() throws {
        var c = Self.base
        #expect(c.averageDecay(afterUpdates: 5) == 0)
        c.ema = 0.999
        #expect(c.averageDecay(afterUpdates: 0) == 0.1)
        #expect(c.averageDecay(afterUpdates: 1) == 2.0 / 11)
        #expect(c.averageDecay(afterUpdates: 9000) == 0.999)  // (1 + t)/(10 + t) reaches d at t = 8990
        #expect(c.averageDecay(afterUpdates: 100) < 0.92)
        var trainer = TrainerTests.trainer(.gp, ema: 0.999)
        #expect(trainer.average?.decay == 0.1)
        let initial = trainer.average!.average.parameters.map(\.scalars)
        _ = try trainer.trainIteration()
        #expect(trainer.average?.decay == Float(2.0 / 11))
        // The first update moved the average 90% of the way to the new weights.
        for (a, (w, a0)) in zip(trainer.average!.average.parameters.map(\.scalars), zip(trainer.generator.parameters.map(\.scalars), initial)) {
            for (x, (y, z)) in zip(a, zip(w, a0)) { #expect(abs(x - (0.1 * z + 0.9 * y)) <= 1e-6 * max(1, abs(y))) }
        }
    }
}
