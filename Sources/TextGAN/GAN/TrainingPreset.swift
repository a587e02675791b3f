/// A named set of settings to start from; explicit settings override it.
public enum TrainingPreset: String, CaseIterable, Codable, Sendable {
    /// textgan's default recipe, chosen by measuring text quality per hour of training on
    /// this project's CPUs (docs/recipes.md): C = 64, 3 blocks, kernel 3, 1 critic step,
    /// lr 1e-3 for both networks, β = (0.5, 0.9), B = 64, gp with λ = 10, sampled from an
    /// EMA of the generator's weights (decay 0.9999, which the warm-up caps at (1 + t)/(10 + t)
    /// for the first 90 000 updates: an average over about the last t/9 updates), 20000 iterations.
    case standard
    /// The settings textgan's PyTorch reference runs used: C = 128, 5 blocks, kernel 5,
    /// 5 critic steps, lr 1e-4, β = (0.5, 0.9), B = 64.
    case reference
    /// The WGAN-GP paper's language model (Gulrajani et al. 2017): the reference with
    /// C = 512 and 10 critic steps.
    case paper
}

extension TrainingPreset {
    /// The preset's settings that differ between presets, one line, e.g. "C = 64, 3 blocks,
    /// kernel 3, 1 critic step, lr 0.001, β = (0.5, 0.9), B = 64, EMA 0.9999" (for `--help`).
    public var summary: String {
        let c = TrainingConfiguration.preset(self, vocabularySize: 3)
        return ["C = \(c.model.channels)", counted(c.model.blocks, "block"), "kernel \(c.model.kernelSize)", counted(c.criticIterations, "critic step"),
                c.learningRateDescription, "β = (\(c.beta1.settingText), \(c.beta2.settingText))", "B = \(c.batchSize)",
                c.ema.map { "EMA \($0.settingText)" } ?? "no EMA"].joined(separator: ", ")
    }
}

extension TrainingConfiguration {
    /// The preset's settings for a model of `vocabularySize` characters.
    public static func preset(_ preset: TrainingPreset, vocabularySize: Int) -> TrainingConfiguration {
        var model = ModelConfiguration(vocabularySize: vocabularySize)
        switch preset {
        case .standard:
            (model.channels, model.blocks, model.kernelSize) = (64, 3, 3)
            var c = TrainingConfiguration.reference(model: model)
            c.criticIterations = 1
            (c.criticLearningRate, c.generatorLearningRate) = (1e-3, 1e-3)
            c.ema = 0.9999
            c.iterations = 20000
            return c
        case .reference:
            return .reference(model: model)
        case .paper:
            model.channels = 512
            var c = TrainingConfiguration.reference(model: model)
            c.criticIterations = 10
            return c
        }
    }

    /// The reference's settings around `model` (whose shape is kept as given).
    static func reference(model: ModelConfiguration) -> TrainingConfiguration {
        var c = TrainingConfiguration(model: model)
        c.criticIterations = 5
        c.batchSize = 64
        c.criticLearningRate = 1e-4
        c.generatorLearningRate = 1e-4
        c.beta1 = 0.5
        c.beta2 = 0.9
        c.lambda = 10
        c.penalty = .gp
        c.gamma = 10
        c.loss = .wasserstein
        c.spectralNorm = .none
        c.orthogonalRegularization = 0
        return c
    }

    /// The default of every setting, for `--help` texts and documentation: the
    /// ``TrainingPreset/standard`` preset (its vocabulary size is a placeholder).
    public static let defaults = TrainingConfiguration.preset(.standard, vocabularySize: 3)
}
