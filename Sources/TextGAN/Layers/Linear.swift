/// A fully connected layer `y = x·W + b`.
/// Shapes: `x [B, In]`, `W [In, Out]`, `b [Out]` → `[B, Out]`.
/// Glorot-uniform weights, zero bias (the reference's `Linear`).
public struct Linear<Scalar: TensorScalar>: ParameterGroup {
    public var weight: Tensor<Scalar>
    public var bias: Tensor<Scalar>

    public init<G: RandomNumberGenerator>(inputSize: Int, outputSize: Int, using rng: inout G) {
        weight = Initializer.glorotUniform([inputSize, outputSize], fanIn: inputSize, fanOut: outputSize, using: &rng)
        bias = .zeros([outputSize])
    }

    public var parameterPaths: [(name: String, path: WritableKeyPath<Self, Tensor<Scalar>>)] {
        [("weight", \.weight), ("bias", \.bias)]
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        x.matmul(weight) + bias
    }
}

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

/// `γ ⊙ (x − μ)/√(σ² + ε) + β` over the last axis, `γ` ones and `β` zeros at first.
public struct LayerNorm<Scalar: TensorScalar>: ParameterGroup {
    public var gamma: Tensor<Scalar>
    public var beta: Tensor<Scalar>

    public init(channels: Int) {
        gamma = .ones([channels])
        beta = .zeros([channels])
    }

    public var parameterPaths: [(name: String, path: WritableKeyPath<Self, Tensor<Scalar>>)] {
        [("gamma", \.gamma), ("beta", \.beta)]
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        x.layerNorm(gamma: gamma, beta: beta)
    }
}
