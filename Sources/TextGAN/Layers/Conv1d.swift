/// A 1D convolution over `[B, T, Cin]` with "same" padding and a bias:
/// `W [K, Cin, Cout]`, `b [Cout]` → `[B, T, Cout]`. He-uniform weights with
/// `fanIn = Cin·K`, `fanOut = Cout·K`, zero bias (the reference's `Conv1D`).
public struct Conv1d<Scalar: TensorScalar>: ParameterGroup {
    public var weight: Tensor<Scalar>
    public var bias: Tensor<Scalar>

    public init<G: RandomNumberGenerator>(inputChannels: Int, outputChannels: Int, kernelSize: Int, using rng: inout G) {
        precondition(kernelSize % 2 == 1, "Conv1d: kernel size \(kernelSize) must be odd for same padding")
        weight = Initializer.heUniform(
            [kernelSize, inputChannels, outputChannels],
            fanIn: inputChannels * kernelSize, fanOut: outputChannels * kernelSize, using: &rng)
        bias = .zeros([outputChannels])
    }

    public var kernelSize: Int { weight.shape[0] }

    public var parameterPaths: [(name: String, path: WritableKeyPath<Self, Tensor<Scalar>>)] {
        [("weight", \.weight), ("bias", \.bias)]
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        x.conv1d(weight, bias: bias, padding: .same(kernelSize: kernelSize))
    }
}
