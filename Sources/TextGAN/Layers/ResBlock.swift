/// The residual block of the WGAN-GP language model:
/// `ResBlock(x) = x + 0.3 · conv₂(relu(conv₁(relu(x))))`, both convolutions
/// `C → C` with kernel K and same padding; optionally layer-normalised
/// before each relu. Shapes: `[B, T, C] → [B, T, C]`.
public struct ResBlock<Scalar: TensorScalar>: ParameterGroup {
    public var conv1: Conv1d<Scalar>
    public var conv2: Conv1d<Scalar>
    public var norm1: LayerNorm<Scalar>?
    public var norm2: LayerNorm<Scalar>?

    /// The residual branch's weight, 0.3 in the reference.
    public static var residualScale: Scalar { 0.3 }

    public init<G: RandomNumberGenerator>(channels: Int, kernelSize: Int, layerNorm: Bool, using rng: inout G) {
        conv1 = Conv1d(inputChannels: channels, outputChannels: channels, kernelSize: kernelSize, using: &rng)
        conv2 = Conv1d(inputChannels: channels, outputChannels: channels, kernelSize: kernelSize, using: &rng)
        norm1 = layerNorm ? LayerNorm(channels: channels) : nil
        norm2 = layerNorm ? LayerNorm(channels: channels) : nil
    }

    public var parameterPaths: [(name: String, path: WritableKeyPath<Self, Tensor<Scalar>>)] {
        var paths = Self.paths(of: conv1, at: \.conv1, prefix: "conv1") + Self.paths(of: conv2, at: \.conv2, prefix: "conv2")
        if let norm1 { paths += Self.paths(of: norm1, at: \.norm1!, prefix: "norm1") }
        if let norm2 { paths += Self.paths(of: norm2, at: \.norm2!, prefix: "norm2") }
        return paths
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        var h = norm1.map { $0(x) } ?? x
        h = conv1(h.relu())
        if let norm2 { h = norm2(h) }
        h = conv2(h.relu())
        return x.adding(h, scaledBy: Self.residualScale)
    }
}
