/// The shape of a generator–critic pair. Defaults follow DESIGN.md's
/// reference architecture with the fast default width C = 128.
public struct ModelConfiguration: Codable, Equatable, Sendable {
    /// V: the vocabulary size, including pad and `<unk>`.
    public var vocabularySize: Int
    /// T: characters per sequence.
    public var sequenceLength: Int = 32
    /// C: channels of every residual block (512 in the paper).
    public var channels: Int = 128
    /// Residual blocks in each network.
    public var blocks: Int = 5
    /// Z: the size of the generator's noise vector.
    public var latentSize: Int = 128
    /// K: the kernel size of the residual convolutions (odd).
    public var kernelSize: Int = 5
    /// Layer norm inside the critic's residual blocks (no batch norm: it
    /// would couple the examples of the per-example penalty).
    public var criticLayerNorm: Bool = false

    public init(
        vocabularySize: Int, sequenceLength: Int = 32, channels: Int = 128, blocks: Int = 5,
        latentSize: Int = 128, kernelSize: Int = 5, criticLayerNorm: Bool = false
    ) {
        self.vocabularySize = vocabularySize
        self.sequenceLength = sequenceLength
        self.channels = channels
        self.blocks = blocks
        self.latentSize = latentSize
        self.kernelSize = kernelSize
        self.criticLayerNorm = criticLayerNorm
    }
}

/// `z [B, Z] → Linear → [B, T, C] → N × ResBlock → Conv1d 1×1 C→V → softmax over V → [B, T, V]`.
public struct Generator<Scalar: TensorScalar>: ParameterGroup {
    public var input: Linear<Scalar>
    public var blocks: [ResBlock<Scalar>]
    public var output: Conv1d<Scalar>
    public let configuration: ModelConfiguration

    public init<G: RandomNumberGenerator>(_ c: ModelConfiguration, using rng: inout G) {
        configuration = c
        input = Linear(inputSize: c.latentSize, outputSize: c.sequenceLength * c.channels, using: &rng)
        blocks = (0..<c.blocks).map { _ in ResBlock(channels: c.channels, kernelSize: c.kernelSize, layerNorm: false, using: &rng) }
        output = Conv1d(inputChannels: c.channels, outputChannels: c.vocabularySize, kernelSize: 1, using: &rng)
    }

    public var parameterPaths: [(name: String, path: WritableKeyPath<Self, Tensor<Scalar>>)] {
        var paths = Self.paths(of: input, at: \.input, prefix: "generator.input")
        for i in blocks.indices { paths += Self.paths(of: blocks[i], at: \.blocks[i], prefix: "generator.block\(i + 1)") }
        return paths + Self.paths(of: output, at: \.output, prefix: "generator.output")
    }

    /// The probability vectors `[B, T, V]` for noise `z` `[B, Z]`.
    public func callAsFunction(_ z: Tensor<Scalar>) -> Tensor<Scalar> {
        precondition(z.rank == 2 && z.shape[1] == configuration.latentSize, "Generator: noise \(z.shape), expected [B, \(configuration.latentSize)]")
        var h = input(z).reshaped([z.shape[0], configuration.sequenceLength, configuration.channels])
        for block in blocks { h = block(h) }
        return output(h).softmax(alongAxis: -1)
    }

    /// Standard normal noise `[B, Z]`.
    public func noise<G: RandomNumberGenerator>(batchSize: Int, using rng: inout G) -> Tensor<Scalar> {
        Tensor.normal([batchSize, configuration.latentSize], using: &rng)
    }
}

/// `[B, T, V] → Conv1d 1×1 V→C → N × ResBlock → flatten → Linear T·C→1 → [B]`.
public struct Critic<Scalar: TensorScalar>: ParameterGroup {
    public var input: Conv1d<Scalar>
    public var blocks: [ResBlock<Scalar>]
    public var output: Linear<Scalar>
    public let configuration: ModelConfiguration

    public init<G: RandomNumberGenerator>(_ c: ModelConfiguration, using rng: inout G) {
        configuration = c
        input = Conv1d(inputChannels: c.vocabularySize, outputChannels: c.channels, kernelSize: 1, using: &rng)
        blocks = (0..<c.blocks).map { _ in
            ResBlock(channels: c.channels, kernelSize: c.kernelSize, layerNorm: c.criticLayerNorm, using: &rng)
        }
        output = Linear(inputSize: c.sequenceLength * c.channels, outputSize: 1, using: &rng)
    }

    public var parameterPaths: [(name: String, path: WritableKeyPath<Self, Tensor<Scalar>>)] {
        var paths = Self.paths(of: input, at: \.input, prefix: "critic.input")
        for i in blocks.indices { paths += Self.paths(of: blocks[i], at: \.blocks[i], prefix: "critic.block\(i + 1)") }
        return paths + Self.paths(of: output, at: \.output, prefix: "critic.output")
    }

    /// Scores `[B]` for sequences of probability vectors `[B, T, V]`.
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        let c = configuration
        precondition(
            x.rank == 3 && x.shape[1] == c.sequenceLength && x.shape[2] == c.vocabularySize,
            "Critic: input \(x.shape), expected [B, \(c.sequenceLength), \(c.vocabularySize)]")
        var h = input(x)
        for block in blocks { h = block(h) }
        return output(h.reshaped([x.shape[0], c.sequenceLength * c.channels])).reshaped([x.shape[0]])
    }
}
