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
