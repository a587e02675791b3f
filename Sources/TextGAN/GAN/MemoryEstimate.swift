/// A conservative estimate of the memory a training run needs, checked
/// before anything is allocated so that impossible settings are refused
/// with a message instead of an out-of-memory kill.
///
///     bytes ≈ 4 · (5·P + P_sn + A)
///
/// with `P` the parameters of both networks (weights, gradients, two Adam
/// moments and an EMA copy), `P_sn` those of the spectrally normalised networks
/// (a step runs on a copy of their weights divided by `σ`), and `A` the activations kept for the critic's
/// backward pass: `B′·T·C · blocks · 2 · (K + 8)` floats for `B′` examples
/// (``PenaltyKind/criticExamplesPerStep`` times B: 3B for gp and r1, 4B for fd, 2B otherwise) — im2col buffers, saved inputs and
/// outputs of each convolution. Measured peaks at C = 512, B = 64, T = 32:
/// 1.29 GiB (gp; estimate 2.06) and 1.83 GiB (fd; estimate 2.58), from `textgan bench`.
public struct MemoryEstimate {
    public let configuration: TrainingConfiguration

    public init(configuration: TrainingConfiguration) { self.configuration = configuration }

    public var parameterCount: Double { generatorParameterCount + criticParameterCount }

    /// The generator's parameters: `Z·T·C + T·C` (input), `2·N·(K·C² + C)` (blocks), `C·V + V` (output).
    public var generatorParameterCount: Double {
        let m = configuration.model
        let (t, v, c, z) = (Double(m.sequenceLength), Double(m.vocabularySize), Double(m.channels), Double(m.latentSize))
        return z * t * c + t * c + blockParameterCount + c * v + v
    }

    /// The critic's parameters: `V·C + C`, the blocks, their layer norms if any (γ and β
    /// before each relu, `4·C` per block), `T·C + 1`.
    public var criticParameterCount: Double {
        let m = configuration.model
        let (t, v, c) = (Double(m.sequenceLength), Double(m.vocabularySize), Double(m.channels))
        let layerNorms = m.criticLayerNorm ? Double(m.blocks) * 4 * c : 0
        return v * c + c + blockParameterCount + layerNorms + t * c + 1
    }

    var blockParameterCount: Double {
        let m = configuration.model
        let (c, k) = (Double(m.channels), Double(m.kernelSize))
        return Double(m.blocks) * 2 * (k * c * c + c)
    }

    /// The parameters of the networks that run spectrally normalised: each step runs on a copy of them.
    public var normalizedParameterCount: Double {
        let target = configuration.spectralNorm
        return (target.normalizesCritic ? criticParameterCount : 0) + (target.normalizesGenerator ? generatorParameterCount : 0)
    }

    public var activationFloats: Double {
        let m = configuration.model
        let b = Double(configuration.penalty.criticExamplesPerStep * configuration.batchSize)
        return b * Double(m.sequenceLength) * Double(m.channels) * Double(m.blocks) * 2 * Double(m.kernelSize + 8)
            + b * Double(m.sequenceLength) * Double(m.vocabularySize) * 4
    }

    /// Estimated peak bytes of one trainer.
    public var bytes: Double { bytes(replicas: 1) }

    /// Bytes each copy of the model takes (`4·(5·P + P_sn)`): a ``ThreadTeam`` keeps one
    /// per thread, while its members share the batch and so the activations between them.
    public var replicaBytes: Double { 4 * (5 * parameterCount + normalizedParameterCount) }

    /// Estimated peak bytes with `replicas` copies of the model splitting each batch.
    public func bytes(replicas: Int) -> Double { Double(replicas) * replicaBytes + 4 * activationFloats }
}

extension MemoryEstimate {
    /// The share of the machine's memory the estimate may take.
    static let usableShare = 0.9

    /// Throws when the estimate with `replicas` copies of the model exceeds 90% of
    /// `availableBytes` (the machine's memory).
    public func check(availableBytes: Int?, replicas: Int = 1) throws {
        guard let available = availableBytes else { return }
        let needed = bytes(replicas: replicas)
        if needed > Self.usableShare * Double(available) {
            throw MemoryEstimateError.tooLarge(estimatedBytes: needed, availableBytes: available)
        }
    }

    /// The most copies of the model that fit in 90% of `availableBytes` (at least 1:
    /// whether one fits is ``check(availableBytes:replicas:)``'s to say); unlimited when
    /// the memory is unknown.
    public func maxReplicas(availableBytes: Int?) -> Int {
        guard let available = availableBytes else { return .max }
        let room = Self.usableShare * Double(available) - 4 * activationFloats
        return max(1, Int(min(Double(Int.max / 2), (room / replicaBytes).rounded(.down))))
    }

    /// ``maxReplicas(availableBytes:)`` in this process's share of the machine's memory
    /// (``ParallelLaunch/memoryPerProcess``): the cap on a ``ThreadTeam``'s size.
    public var maxReplicasInThisProcess: Int { maxReplicas(availableBytes: ParallelLaunch.memoryPerProcess) }
}

/// Settings that cannot fit in memory.
public enum MemoryEstimateError: Error, CustomStringConvertible, Equatable {
    case tooLarge(estimatedBytes: Double, availableBytes: Int)

    public var description: String {
        switch self {
        case .tooLarge(let estimated, let available):
            return String(format: "these settings need about %.1f GiB but the machine has %.1f GiB",
                          estimated / 1_073_741_824, Double(available) / 1_073_741_824)
        }
    }
}
