/// A value made of named parameter tensors, listed explicitly (no
/// reflection) with dotted paths such as `critic.block1.conv1.weight`; the
/// names are also the checkpoint keys.
public protocol ParameterGroup {
    associatedtype Scalar: TensorScalar
    /// Every parameter's name and where it lives, in a fixed order.
    var parameterPaths: [(name: String, path: WritableKeyPath<Self, Tensor<Scalar>>)] { get }
}

extension ParameterGroup {
    /// `(name, tensor)` for every parameter, in ``parameterPaths`` order.
    public func namedParameters() -> [(name: String, tensor: Tensor<Scalar>)] {
        parameterPaths.map { ($0.name, self[keyPath: $0.path]) }
    }

    /// The parameters' tensors in ``parameterPaths`` order.
    public var parameters: [Tensor<Scalar>] { parameterPaths.map { self[keyPath: $0.path] } }

    /// The total number of scalars in all parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// A copy whose parameters are fresh leaves of the tape, ready for
    /// ``gradient(of:wrt:createGraph:)`` with respect to ``parameters``.
    public func trackingGradients() -> Self {
        var copy = self
        for (_, path) in parameterPaths { copy[keyPath: path] = copy[keyPath: path].requiringGradient() }
        return copy
    }

    /// A copy whose parameters are detached: running it records nothing on the
    /// tape (inference, or a network that receives no gradient in this step).
    public func detached() -> Self {
        var copy = self
        for (_, path) in parameterPaths { copy[keyPath: path] = copy[keyPath: path].detached() }
        return copy
    }

    /// Replaces the parameters with `tensors`, in ``parameterPaths`` order.
    /// - Precondition: same count and shapes.
    public mutating func setParameters(_ tensors: [Tensor<Scalar>]) {
        let paths = parameterPaths
        precondition(tensors.count == paths.count, "setParameters: \(tensors.count) tensors for \(paths.count) parameters")
        for ((name, path), t) in zip(paths, tensors) {
            precondition(self[keyPath: path].shape == t.shape, "setParameters: \(name) has shape \(self[keyPath: path].shape), got \(t.shape)")
            self[keyPath: path] = t
        }
    }

    /// `parameterPaths` of a member group, renamed with `prefix.` and re-rooted at `member`.
    public static func paths<Member: ParameterGroup>(
        of member: Member, at memberPath: WritableKeyPath<Self, Member>, prefix: String
    ) -> [(name: String, path: WritableKeyPath<Self, Tensor<Scalar>>)] where Member.Scalar == Scalar {
        member.parameterPaths.map { ("\(prefix).\($0.name)", memberPath.appending(path: $0.path)) }
    }
}

/// Weight initialisers of the WGAN-GP reference code (`tflib`): uniform with
/// the standard deviation of the named scheme (bound = √3 · std).
public enum Initializer {
    /// Glorot (Xavier) uniform: `std = √(2 / (fanIn + fanOut))`.
    public static func glorotUniform<Scalar, G: RandomNumberGenerator>(
        _ shape: [Int], fanIn: Int, fanOut: Int, using rng: inout G
    ) -> Tensor<Scalar> {
        uniform(shape, standardDeviation: Scalar.sqrt(2 / Scalar(fanIn + fanOut)), using: &rng)
    }

    /// He uniform as in the reference's convolutions: `std = √(4 / (fanIn + fanOut))`,
    /// with `fanIn = Cin·K`, `fanOut = Cout·K`.
    public static func heUniform<Scalar, G: RandomNumberGenerator>(
        _ shape: [Int], fanIn: Int, fanOut: Int, using rng: inout G
    ) -> Tensor<Scalar> {
        uniform(shape, standardDeviation: Scalar.sqrt(4 / Scalar(fanIn + fanOut)), using: &rng)
    }

    static func uniform<Scalar, G: RandomNumberGenerator>(
        _ shape: [Int], standardDeviation std: Scalar, using rng: inout G
    ) -> Tensor<Scalar> {
        let bound = std * Scalar.sqrt(3)
        return Tensor.uniform(shape, in: -bound..<bound, using: &rng)
    }
}

extension ParameterGroup {
    /// The parameters that are weight matrices, in ``parameterPaths`` order: those of rank 2
    /// or more (convolution and linear weights), not biases or layer-norm gains. What
    /// spectral normalisation divides and orthogonal regularisation holds.
    public var weightMatrixPaths: [(name: String, path: WritableKeyPath<Self, Tensor<Scalar>>)] {
        parameterPaths.filter { self[keyPath: $0.path].rank >= 2 }
    }
}

extension Tensor {
    /// A weight `[…, out]` (`Conv1d`'s `[K, Cin, Cout]`, `Linear`'s `[In, Out]`) as the
    /// matrix `[fanIn, out]`: its row-major scalars, no copy (a reshape, on the tape if
    /// the weight is). One column per output channel; the transpose of PyTorch's
    /// `weight.view(out, -1)` up to the order of its columns, so the same singular values.
    public func asWeightMatrix() -> Tensor {
        let out = shape[rank - 1]
        return reshaped([count / out, out])
    }
}
