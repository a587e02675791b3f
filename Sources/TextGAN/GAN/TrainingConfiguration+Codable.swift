extension TrainingConfiguration {
    private enum CodingKeys: String, CodingKey {
        case model, penalty, lambda, gamma, loss, spectralNorm, spectralNormConvolutions, orthogonalRegularization, clip, criticIterations, batchSize, batchesWithReplacement, criticLearningRate, generatorLearningRate,
             learningRateDecay, beta1, beta2, iterations, minutes, seed, ema, logEvery, sampleEvery, checkpointEvery, keepCheckpoints, skipNonFiniteSteps, sampleCount
        /// One learning rate for both networks, as runs before `criticLearningRate` were written.
        case learningRate
    }

    /// Decodes a configuration. A setting the file lacks (one added after it was written)
    /// takes the value a run of that time had, which for every setting so far is the
    /// ``reference`` preset's: the defaults of this textgan may differ. (The loss, spectral
    /// normalisation and orthogonal regularisation came later: absent, they are off; an
    /// absent `spectralNormConvolutions` is `reshaped`, the only kind there was.)
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self = .reference(model: try c.decode(ModelConfiguration.self, forKey: .model))
        func decode<T: Decodable>(_ key: CodingKeys, into value: inout T) throws {
            if let decoded = try c.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try decode(.penalty, into: &penalty)
        try decode(.lambda, into: &lambda)
        try decode(.gamma, into: &gamma)
        try decode(.loss, into: &loss)
        try decode(.spectralNorm, into: &spectralNorm)
        try decode(.spectralNormConvolutions, into: &spectralNormConvolutions)
        try decode(.orthogonalRegularization, into: &orthogonalRegularization)
        try decode(.clip, into: &clip)
        try decode(.criticIterations, into: &criticIterations)
        try decode(.batchSize, into: &batchSize)
        try decode(.batchesWithReplacement, into: &batchesWithReplacement)
        try decode(.learningRate, into: &criticLearningRate)
        try decode(.learningRate, into: &generatorLearningRate)
        try decode(.criticLearningRate, into: &criticLearningRate)
        try decode(.generatorLearningRate, into: &generatorLearningRate)
        try decode(.learningRateDecay, into: &learningRateDecay)
        try decode(.beta1, into: &beta1)
        try decode(.beta2, into: &beta2)
        try decode(.iterations, into: &iterations)
        minutes = try c.decodeIfPresent(Double.self, forKey: .minutes)
        try decode(.seed, into: &seed)
        ema = try c.decodeIfPresent(Double.self, forKey: .ema)
        try decode(.logEvery, into: &logEvery)
        try decode(.sampleEvery, into: &sampleEvery)
        try decode(.checkpointEvery, into: &checkpointEvery)
        try decode(.keepCheckpoints, into: &keepCheckpoints)
        try decode(.skipNonFiniteSteps, into: &skipNonFiniteSteps)
        try decode(.sampleCount, into: &sampleCount)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(penalty, forKey: .penalty)
        try c.encode(lambda, forKey: .lambda)
        try c.encode(gamma, forKey: .gamma)
        try c.encode(loss, forKey: .loss)
        try c.encode(spectralNorm, forKey: .spectralNorm)
        try c.encode(spectralNormConvolutions, forKey: .spectralNormConvolutions)
        try c.encode(orthogonalRegularization, forKey: .orthogonalRegularization)
        try c.encode(clip, forKey: .clip)
        try c.encode(criticIterations, forKey: .criticIterations)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(batchesWithReplacement, forKey: .batchesWithReplacement)
        try c.encode(criticLearningRate, forKey: .criticLearningRate)
        try c.encode(generatorLearningRate, forKey: .generatorLearningRate)
        try c.encode(learningRateDecay, forKey: .learningRateDecay)
        try c.encode(beta1, forKey: .beta1)
        try c.encode(beta2, forKey: .beta2)
        try c.encode(iterations, forKey: .iterations)
        try c.encodeIfPresent(minutes, forKey: .minutes)
        try c.encode(seed, forKey: .seed)
        try c.encodeIfPresent(ema, forKey: .ema)
        try c.encode(logEvery, forKey: .logEvery)
        try c.encode(sampleEvery, forKey: .sampleEvery)
        try c.encode(checkpointEvery, forKey: .checkpointEvery)
        try c.encode(keepCheckpoints, forKey: .keepCheckpoints)
        try c.encode(skipNonFiniteSteps, forKey: .skipNonFiniteSteps)
        try c.encode(sampleCount, forKey: .sampleCount)
    }
}
