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

    /// Noise `[B, Z]` for sampling: standard normal, or with a truncation `τ` the standard
    /// normal truncated to `[−τ, τ]` (``Tensor/truncatedNormal(_:bound:using:)``), BigGAN's
    /// truncation trick, which trades the samples' variety for their fidelity.
    /// - Precondition: `τ > 0`.
    public func noise<G: RandomNumberGenerator>(batchSize: Int, truncation: Scalar?, using rng: inout G) -> Tensor<Scalar> {
        guard let truncation else { return noise(batchSize: batchSize, using: &rng) }
        return Tensor.truncatedNormal([batchSize, configuration.latentSize], bound: truncation, using: &rng)
    }
}
