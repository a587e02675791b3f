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
