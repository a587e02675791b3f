import Foundation

/// Errors loading a checkpoint that is not from this run or this version.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    case notACheckpoint(path: String, reason: String)
    case unsupportedVersion(found: Int, supported: Int)
    case mismatch(String)
    /// The weight average was asked for, and the run kept none.
    case noWeightAverage

    public var description: String {
        switch self {
        case .notACheckpoint(let path, let reason): return "\(path) is not a textgan checkpoint: \(reason)"
        case .unsupportedVersion(let found, let supported):
            return "checkpoint format version \(found) is not supported (this textgan reads version \(supported)); retrain or use the textgan that wrote it"
        case .mismatch(let what): return "checkpoint does not match this run: \(what)"
        case .noWeightAverage: return "the run kept no moving average of the generator's weights"
        }
    }
}

/// What a checkpoint holds besides tensors, stored as JSON in the
/// safetensors `__metadata__` under the key `textgan`.
public struct CheckpointMetadata: Codable, Equatable, Sendable {
    public static let format = "textgan-checkpoint"
    public static let currentVersion = 1

    public var format: String = CheckpointMetadata.format
    public var version: Int = CheckpointMetadata.currentVersion
    /// Generator iterations completed.
    public var step: Int
    public var configuration: TrainingConfiguration
    /// The run's random generator state (xoshiro256**).
    public var rngState: [UInt64]
    /// The batch sampler's state, as JSON.
    public var samplerState: String
    public var generatorAdamStep: Int
    public var criticAdamStep: Int
    /// Seconds spent training, summed over every session of the run.
    public var trainingSeconds: Double
    /// Steps skipped for non-finite values so far (0 in checkpoints written before it was recorded).
    public var skippedSteps: Int = 0
}

extension CheckpointMetadata {
    private enum CodingKeys: String, CodingKey {
        case format, version, step, configuration, rngState, samplerState, generatorAdamStep, criticAdamStep, trainingSeconds, skippedSteps
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        version = try c.decode(Int.self, forKey: .version)
        step = try c.decode(Int.self, forKey: .step)
        configuration = try c.decode(TrainingConfiguration.self, forKey: .configuration)
        rngState = try c.decode([UInt64].self, forKey: .rngState)
        samplerState = try c.decode(String.self, forKey: .samplerState)
        generatorAdamStep = try c.decode(Int.self, forKey: .generatorAdamStep)
        criticAdamStep = try c.decode(Int.self, forKey: .criticAdamStep)
        trainingSeconds = try c.decodeIfPresent(Double.self, forKey: .trainingSeconds) ?? 0
        skippedSteps = try c.decodeIfPresent(Int.self, forKey: .skippedSteps) ?? 0
    }
}

/// Checkpoints: one safetensors file with every tensor of the training state.
///
/// Tensor names: the networks' parameters under their own names
/// (`generator.block1.conv1.weight`, `critic.output.bias`, …); Adam's moments
/// as `adam.m.<name>` and `adam.v.<name>`; the weight average as `ema.<name>`;
/// with spectral normalisation, each normalised weight's vectors as `sn.u.<name>` and
/// `sn.v.<name>`. Everything else (step, settings, random state, sampler state) is in
/// ``CheckpointMetadata``.
extension GANTrainer {
    /// The whole training state as a safetensors file.
    public func checkpointData() throws -> Data {
        var tensors: [(name: String, tensor: Tensor<Float>)] = generator.namedParameters() + critic.namedParameters()
        let generatorNames = generator.parameterPaths.map(\.name), criticNames = critic.parameterPaths.map(\.name)
        for (names, adam) in [(generatorNames, generatorOptimizer), (criticNames, criticOptimizer)] {
            tensors += zip(names, adam.firstMoments).map { ("adam.m.\($0)", $1) }
            tensors += zip(names, adam.secondMoments).map { ("adam.v.\($0)", $1) }
        }
        if let average { tensors += average.average.namedParameters().map { ("ema.\($0.name)", $0.tensor) } }
        for state in [generatorSpectralNorm, criticSpectralNorm].compactMap({ $0 }) { tensors += state.namedTensors }
        // Sorted keys: the same state writes the same bytes (checkpoints can be compared by hash).
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let metadata = CheckpointMetadata(
            step: step, configuration: configuration, rngState: rng.state,
            samplerState: String(decoding: try encoder.encode(sampler), as: UTF8.self),
            generatorAdamStep: generatorOptimizer.step, criticAdamStep: criticOptimizer.step,
            trainingSeconds: trainingSeconds, skippedSteps: skippedSteps)
        let json = String(decoding: try encoder.encode(metadata), as: UTF8.self)
        return SafeTensors.encode(tensors, metadata: ["textgan": json])
    }

    /// Reads a checkpoint's metadata without building the networks.
    public static func checkpointMetadata(_ file: SafeTensors, path: String) throws -> CheckpointMetadata {
        guard let json = file.metadata["textgan"] else {
            throw CheckpointError.notACheckpoint(path: path, reason: "no textgan metadata")
        }
        struct Probe: Decodable { let format: String?; let version: Int? }
        guard let probe = try? JSONDecoder().decode(Probe.self, from: Data(json.utf8)), probe.format == CheckpointMetadata.format else {
            throw CheckpointError.notACheckpoint(path: path, reason: "metadata of another format")
        }
        guard probe.version == CheckpointMetadata.currentVersion else {
            throw CheckpointError.unsupportedVersion(found: probe.version ?? -1, supported: CheckpointMetadata.currentVersion)
        }
        let meta: CheckpointMetadata
        do {
            meta = try JSONDecoder().decode(CheckpointMetadata.self, from: Data(json.utf8))
        } catch {
            throw CheckpointError.notACheckpoint(path: path, reason: "unreadable metadata (\(error))")
        }
        do {
            try meta.configuration.validate()
        } catch {
            throw CheckpointError.notACheckpoint(path: path, reason: "invalid settings: \(error)")
        }
        guard meta.step >= 0, meta.generatorAdamStep >= 0, meta.criticAdamStep >= 0, meta.skippedSteps >= 0 else {
            throw CheckpointError.notACheckpoint(path: path, reason: "negative step counts")
        }
        // Every weight is in the file, so a model larger than the file is a lie:
        // refuse it before allocating anything of that size.
        let bytesNeeded = MemoryEstimate(configuration: meta.configuration).parameterCount * 4
        guard bytesNeeded <= Double(file.dataSize) else {
            throw CheckpointError.notACheckpoint(path: path, reason: "its settings describe \(Int(bytesNeeded)) bytes of weights but it holds \(file.dataSize)")
        }
        return meta
    }

    /// A trainer restored from a checkpoint, continuing exactly where it stopped.
    ///
    /// - Parameters:
    ///   - decodeSampler: rebuilds the batch sampler from its saved JSON.
    /// - Throws: ``SafeTensorsError``, ``CheckpointError`` on a file that is
    ///   corrupt, of another version, or of another shape.
    public init(
        checkpoint file: SafeTensors, path: String, data: TrainingData,
        decodeSampler: (Data) throws -> any BatchIndexSampler
    ) throws {
        let meta = try Self.checkpointMetadata(file, path: path)
        guard meta.configuration.model.sequenceLength == data.sequenceLength else {
            throw CheckpointError.mismatch("it was trained on sequences of \(meta.configuration.model.sequenceLength), the data has \(data.sequenceLength)")
        }
        guard meta.rngState.count == 4, meta.rngState.contains(where: { $0 != 0 }) else {
            throw CheckpointError.notACheckpoint(path: path, reason: "invalid random generator state")
        }
        let sampler: any BatchIndexSampler
        do {
            sampler = try decodeSampler(Data(meta.samplerState.utf8))
        } catch is DecodingError {
            throw CheckpointError.notACheckpoint(path: path, reason: "unreadable sampler state")
        } catch let error as CustomStringConvertible {
            // The caller's own check (for example: the corpus changed), already worded for the user.
            throw CheckpointError.mismatch(error.description)
        } catch {
            throw CheckpointError.notACheckpoint(path: path, reason: "unreadable sampler state")
        }
        guard sampler.exampleCount == data.count, sampler.batchSize == meta.configuration.batchSize else {
            throw CheckpointError.mismatch("its batch order is for \(sampler.exampleCount) examples in batches of \(sampler.batchSize), the data has \(data.count) examples and batch size \(meta.configuration.batchSize); the corpus changed since training")
        }
        self.init(configuration: meta.configuration, data: data, sampler: sampler)
        try generator.loadParameters(from: file)
        try critic.loadParameters(from: file)
        for (names, adam) in [(generator.namedParameters(), \GANTrainer.generatorOptimizer), (critic.namedParameters(), \GANTrainer.criticOptimizer)] {
            self[keyPath: adam].firstMoments = try names.map { try file.tensor(named: "adam.m.\($0.name)", shape: $0.tensor.shape) }
            self[keyPath: adam].secondMoments = try names.map { try file.tensor(named: "adam.v.\($0.name)", shape: $0.tensor.shape) }
        }
        generatorOptimizer.step = meta.generatorAdamStep
        criticOptimizer.step = meta.criticAdamStep
        warmAverageDecay()
        if var restored = average {
            try restored.average.loadParameters(from: file, prefix: "ema.")
            average = restored
        }
        if let state = generatorSpectralNorm { generatorSpectralNorm = try state.loaded(from: file) }
        if let state = criticSpectralNorm { criticSpectralNorm = try state.loaded(from: file) }
        rng = SeededGenerator(state: meta.rngState)
        step = meta.step
        trainingSeconds = meta.trainingSeconds
        skippedSteps = meta.skippedSteps
    }
}

extension ParameterGroup where Scalar == Float {
    /// Replaces every parameter with the checkpoint's tensor named `prefix + name`.
    /// - Throws: if one is missing or has another shape.
    mutating func loadParameters(from file: SafeTensors, prefix: String = "") throws {
        try setParameters(namedParameters().map { try file.tensor(named: prefix + $0.name, shape: $0.tensor.shape) })
    }
}

extension SpectralNorm where Scalar == Float {
    /// The vectors as checkpoint tensors: `sn.u.<name>` and `sn.v.<name>` for each weight.
    var namedTensors: [(name: String, tensor: Tensor<Float>)] {
        zip(names, vectors).flatMap { [("sn.u.\($0)", $1.u), ("sn.v.\($0)", $1.v)] }
    }

    /// The same weights' vectors read from a checkpoint (the shapes are this state's).
    /// - Throws: if one is missing or has another shape.
    func loaded(from file: SafeTensors) throws -> SpectralNorm {
        SpectralNorm(names: names, vectors: try zip(names, vectors).map { name, vectors in
            Vectors(u: try file.tensor(named: "sn.u.\(name)", shape: vectors.u.shape),
                    v: try file.tensor(named: "sn.v.\(name)", shape: vectors.v.shape))
        }, convolutionLength: convolutionLength)
    }

    /// The vectors of `network`'s weight matrices saved in a checkpoint of a run whose
    /// configuration is `configuration`.
    static func load<Network: ParameterGroup>(for network: Network, from file: SafeTensors,
                                               configuration: TrainingConfiguration) throws -> SpectralNorm where Network.Scalar == Float {
        try SpectralNorm(of: network, seed: 0, convolutionLength: configuration.spectralNormConvolutionLength).loaded(from: file)
    }
}

extension Critic where Scalar == Float {
    /// The critic of a checkpoint, as it scores: with spectral normalisation, each weight
    /// matrix divided by its `σ` from the saved vectors.
    /// - Throws: if the file is not a checkpoint.
    public static func load(checkpoint file: SafeTensors, path: String) throws -> Critic<Float> {
        let meta = try GANTrainer.checkpointMetadata(file, path: path)
        var rng = SeededGenerator(seed: 0)
        var critic = Critic(meta.configuration.model, using: &rng)
        try critic.loadParameters(from: file)
        guard meta.configuration.spectralNorm.normalizesCritic else { return critic }
        return try SpectralNorm.load(for: critic, from: file, configuration: meta.configuration).normalized(critic)
    }
}

extension Generator where Scalar == Float {
    /// The generator of a checkpoint, or its weight average with `useAverage`, as it
    /// generates: with spectral normalisation, each weight matrix divided by its `σ`, as
    /// ``GANTrainer/effectiveGenerator(useAverage:)`` does.
    /// - Throws: if the file is not a checkpoint, or has no average when one is asked for.
    public static func load(checkpoint file: SafeTensors, path: String, useAverage: Bool) throws -> Generator<Float> {
        let meta = try GANTrainer.checkpointMetadata(file, path: path)
        var rng = SeededGenerator(seed: 0)
        var generator = Generator(meta.configuration.model, using: &rng)
        if useAverage && meta.configuration.ema == nil {
            throw CheckpointError.noWeightAverage
        }
        try generator.loadParameters(from: file, prefix: useAverage ? "ema." : "")
        guard meta.configuration.spectralNorm.normalizesGenerator else { return generator }
        let state = try SpectralNorm.load(for: generator, from: file, configuration: meta.configuration)
        return useAverage
            ? state.iterated(on: generator, iterations: GANTrainer.averageSpectralNormIterations).normalized(generator)
            : state.normalized(generator)
    }
}
