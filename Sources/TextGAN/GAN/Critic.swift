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
