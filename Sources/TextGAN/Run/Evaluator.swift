/// Sample quality of a generator beside the floor set by real text.
///
/// As in the WGAN-GP paper's language experiment, `N` (640) argmax samples
/// of length T, padding included, are compared with every training example;
/// the floor is the same comparison for `N` held-out real examples, so a
/// reader knows what "perfect" looks like at this sample size.
public struct Evaluation: Codable, Sendable, Equatable {
    /// Scores of the generator's samples.
    public let samples: SampleQuality
    /// Scores of held-out real examples (nil when the run held none out).
    public let floor: SampleQuality?
}

/// Everything needed to score generators against one training set, built
/// once (the n-gram counts of the whole corpus) and reused at every evaluation.
public struct Evaluator: Sendable {
    /// Samples per evaluation, as in the WGAN-GP language experiment.
    public static let sampleCount = 640

    public let reference: ReferenceCorpus
    public let sequenceLength: Int
    /// Held-out real examples, `[M, T]` rows.
    public let heldOut: [[Int32]]
    /// Scores of the held-out examples (nil with fewer than two).
    public let floorQuality: SampleQuality?
    /// The tokens that are not rare in the training text (``commonTokens(unigrams:threshold:)``).
    public let commonTokens: Set<Int32>

    /// - Parameters:
    ///   - training: the training examples, `[N·T]` row-major.
    ///   - heldOut: held-out examples, `[M·T]` row-major (may be empty).
    ///   - cache: where the training rows' n-gram counts are kept between
    ///     commands (none: counted here, every time).
    public init(training: [Int32], heldOut: [Int32], sequenceLength t: Int, padID: Int32?, cache: ReferenceCache = ReferenceCache(directory: nil)) {
        sequenceLength = t
        reference = cache.reference(training: training, rowLength: t, padID: padID).reference
        self.heldOut = [[Int32]](splitting: heldOut, rowLength: t)
        floorQuality = self.heldOut.count >= 2 ? SampleQuality(samples: self.heldOut, reference: reference) : nil
        commonTokens = TextGAN.commonTokens(unigrams: reference.ngrams)
    }

    /// How strongly `critic` reads the training text's rare characters compared with its common ones.
    public func criticInputNorms(_ critic: Critic<Float>) -> CriticInputNorms {
        CriticInputNorms(inputWeights: critic.input.weight, common: commonTokens)
    }

    /// The critic's slopes (``InterpolateSlopes``) at interpolates between the held-out
    /// examples (one-hot) and the generator's softmax outputs for `noise` `[N, Z]`, paired
    /// row by row (`min(M, N)` pairs), with `α ~ U(0, 1)` from `seed`; in batches of 64.
    public func criticSlopes(_ critic: Critic<Float>, generator: Generator<Float>, noise: Tensor<Float>, seed: UInt64) -> InterpolateSlopes {
        let count = min(heldOut.count, noise.shape[0])
        let vocabularySize = critic.input.weight.shape[1]
        var rng = SeededGenerator(seed: seed)
        var slopes = InterpolateSlopes(total: [], alongLine: [])
        let frozen = critic.detached().callAsFunction
        for start in stride(from: 0, to: count, by: 64) {
            let end = min(start + 64, count)
            let real = Tensor<Float>.oneHot(Array(heldOut[start..<end].joined()), shape: [end - start, sequenceLength], depth: vocabularySize)
            let fake = generator.detached()(noise.slice(axis: 0, start..<end))
            slopes = slopes.appending(InterpolateSlopes(critic: frozen, real: real, fake: fake, alpha: Tensor.uniform([end - start], using: &rng)))
        }
        return slopes
    }

    /// Scores argmax samples of `generator` for `noise` `[N, Z]`.
    public func evaluate(_ generator: Generator<Float>, noise: Tensor<Float>) -> Evaluation {
        let ids = generator.detached()(noise).argmaxLastAxis()
        return Evaluation(samples: score(ids), floor: floorQuality)
    }

    /// Scores token ids `[N·T]` row-major.
    public func score(_ ids: [Int32]) -> SampleQuality {
        SampleQuality(samples: [[Int32]](splitting: ids, rowLength: sequenceLength), reference: reference)
    }

    /// The seed of the `α` draws of ``criticSlopes(_:generator:noise:seed:)`` for an
    /// evaluation whose noise is seeded by `seed`: derived from it, so the interpolates are
    /// reproducible, and apart from the noise's stream.
    public static func alphaSeed(forNoiseSeed seed: UInt64) -> UInt64 {
        seed ^ 0xA1FA_A1FA
    }

    /// The fixed evaluation noise of a run: `count` draws seeded from the run's seed, from the
    /// standard normal truncated to `[−τ, τ]` when a `truncation` τ is given.
    public static func noise(configuration: TrainingConfiguration, count: Int, truncation: Float? = nil) -> Tensor<Float> {
        var rng = SeededGenerator(seed: configuration.seed ^ 0xE7A1_0A7E_E7A1_0A7E)
        let shape = [count, configuration.model.latentSize]
        return truncation.map { Tensor.truncatedNormal(shape, bound: $0, using: &rng) } ?? Tensor.normal(shape, using: &rng)
    }
}
