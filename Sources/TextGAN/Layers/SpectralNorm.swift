/// Spectral normalisation (Miyato et al., 2018): a network runs with every weight
/// matrix `W` replaced by `W / σ(W)`, `σ` its largest singular value, so that each
/// weight matrix has `σ = 1`; biases and layer-norm gains are left alone.
///
/// A weight of shape `[…, out]` (`Conv1d`'s `[K, Cin, Cout]`, `Linear`'s `[In, Out]`)
/// is read as the matrix `M` `[fanIn, out]` (``Tensor/asWeightMatrix()``), the
/// transpose of the reference implementations' `W̄` `[out, fanIn]`: the same singular
/// values. The weights are ``ParameterGroup/weightMatrixPaths``. `σ` is estimated by power iteration on stored vectors `u` `[out]` and
/// `v` `[fanIn]`, as in `torch.nn.utils.spectral_norm`:
///
///     v ← normalize(W̄ᵀu) = normalize(M·u),   u ← normalize(W̄·v) = normalize(Mᵀ·v),   σ = uᵀW̄v = vᵀM·u
///
/// one iteration per training step of the network. After the iteration `u` and `v`
/// are constants (no gradient flows through them), and `σ = vᵀMu` is differentiated
/// with respect to `W`, as the reference implementations do: `∂σ/∂M = v·uᵀ`.
///
/// With a ``convolutionLength`` T, a convolution of kernel K > 1 is normalised by the
/// largest singular value of the map it applies to T positions instead
/// (``ConvolutionOperator``, `--spectral-norm-conv operator`): the same iteration with
/// `u` `[T·Cout]`, `v` `[T·Cin]`, `A` in place of `M` and `σ = ⟨A(v), u⟩ = Σ W ⊙ G(v, u)`,
/// again differentiated with the vectors held constant. The reshaped matrix's σ bounds
/// that map's only up to `√K`, which a trained critic nearly reaches (docs/penalties.md).
///
/// The vectors are a deterministic function of the seed and of the weights' history,
/// so every rank of a data-parallel run (which all hold the same weights) holds the same
/// vectors; checkpoints save them so that a resumed run continues exactly.
public struct SpectralNorm<Scalar: TensorScalar> {
    /// The singular-vector estimates of one weight.
    public struct Vectors {
        /// `u` `[out]`, unit length: the estimate of `W̄`'s top left singular vector.
        public var u: Tensor<Scalar>
        /// `v` `[fanIn]`, unit length: the estimate of `W̄`'s top right singular vector.
        public var v: Tensor<Scalar>
    }

    /// The names of the normalised weights, in the network's ``ParameterGroup/parameterPaths`` order.
    public let names: [String]
    /// Each normalised weight's vectors, in the order of ``names``.
    public var vectors: [Vectors]
    /// The sequence length T at which convolutions of kernel K > 1 are normalised as
    /// operators, or nil: every weight as its reshaped matrix (Miyato et al.).
    public let convolutionLength: Int?

    /// Power iterations at the start, from random `u`, so that the first step's `σ` is
    /// already close (as `torch.nn.utils.parametrizations.spectral_norm` does, with 15).
    public static var initialIterations: Int { 15 }

    /// Vectors for every weight matrix of `network`: `u` drawn from `N(0, I)` with a
    /// generator seeded by `seed` and normalised, then ``initialIterations`` power iterations.
    /// With `convolutionLength`, convolutions of kernel K > 1 are normalised as operators.
    public init<Network: ParameterGroup>(of network: Network, seed: UInt64, convolutionLength: Int? = nil) where Network.Scalar == Scalar {
        var rng = SeededGenerator(seed: seed)
        let weights = network.weightMatrixPaths
        names = weights.map(\.name)
        self.convolutionLength = convolutionLength
        var vectors: [Vectors] = []
        for weight in weights {
            let w = network[keyPath: weight.path].detached()
            let (uCount, vCount) = Self.vectorSizes(of: w.shape, convolutionLength: convolutionLength)
            var pair = Vectors(u: Self.unit(Tensor.normal([uCount], using: &rng)), v: .zeros([vCount]))
            for _ in 0..<Self.initialIterations { pair = Self.powerIteration(weight: w, from: pair.u, convolutionLength: convolutionLength) }
            vectors.append(pair)
        }
        self.vectors = vectors
    }

    /// Vectors restored from a checkpoint (or made by hand).
    /// - Precondition: one pair per name.
    public init(names: [String], vectors: [Vectors], convolutionLength: Int? = nil) {
        precondition(names.count == vectors.count, "SpectralNorm: \(vectors.count) vector pairs for \(names.count) weights")
        self.names = names
        self.vectors = vectors
        self.convolutionLength = convolutionLength
    }

    /// Whether a weight of `shape` is normalised as a convolution operator: a kernel K > 1
    /// (`[K, Cin, Cout]`) with a ``convolutionLength``.
    static func isOperator(_ shape: [Int], convolutionLength: Int?) -> Bool {
        convolutionLength != nil && shape.count == 3 && shape[0] > 1
    }

    /// The lengths of `u` and `v` for a weight of `shape`: `[out]` and `[fanIn]`, or as an
    /// operator `[T·Cout]` and `[T·Cin]`.
    static func vectorSizes(of shape: [Int], convolutionLength: Int?) -> (u: Int, v: Int) {
        let out = shape[shape.count - 1], count = shape.reduce(1, *)
        guard let t = convolutionLength, isOperator(shape, convolutionLength: convolutionLength) else { return (out, count / out) }
        return (t * out, t * shape[1])
    }

    /// One power iteration on the weight `w` (its matrix, or its operator), from `u`. Data only.
    static func powerIteration(weight w: Tensor<Scalar>, from u: Tensor<Scalar>, convolutionLength: Int?) -> Vectors {
        guard let t = convolutionLength, isOperator(w.shape, convolutionLength: convolutionLength) else {
            return powerIteration(w.asWeightMatrix(), from: u)
        }
        let v = unit(ConvolutionOperator.applyTransposed(w.detached(), to: u.detached(), length: t))
        return Vectors(u: unit(ConvolutionOperator.apply(w.detached(), to: v, length: t)), v: v)
    }

    /// `σ` of the weight `w` (its matrix's `vᵀMu`, or its operator's `Σ W ⊙ G(v, u)`), rank 0,
    /// on `w`'s tape; `u` and `v` are constants.
    static func sigma(weight w: Tensor<Scalar>, _ vectors: Vectors, convolutionLength: Int?) -> Tensor<Scalar> {
        guard let t = convolutionLength, isOperator(w.shape, convolutionLength: convolutionLength) else {
            return sigma(w.asWeightMatrix(), vectors)
        }
        let g = ConvolutionOperator.innerProductGradient(kernelShape: w.shape, x: vectors.v.detached(), y: vectors.u.detached(), length: t)
        return (w * g).sum()
    }

    /// `x / max(‖x‖₂, 1e-12)`, as data (PyTorch's `normalize`, whose `ε` keeps a zero vector finite).
    static func unit(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        let norm = x.detached().scalars.reduce(Scalar(0)) { $0 + $1 * $1 }.squareRoot()
        return x.detached() / Swift.max(norm, Scalar(1e-12))
    }

    /// One power iteration on the matrix `M` `[fanIn, out]` from `u` `[out]`:
    /// `v = normalize(M·u)`, then `u′ = normalize(Mᵀ·v)`. Data only: no tape.
    public static func powerIteration(_ m: Tensor<Scalar>, from u: Tensor<Scalar>) -> Vectors {
        let matrix = m.detached(), (fanIn, out) = (m.shape[0], m.shape[1])
        precondition(u.shape == [out], "powerIteration: u \(u.shape) for a matrix \(m.shape)")
        let v = unit(matrix.matmul(u.detached().reshaped([out, 1])).reshaped([fanIn]))
        let next = unit(matrix.matmul(v.reshaped([fanIn, 1]), transposeA: true).reshaped([out]))
        return Vectors(u: next, v: v)
    }

    /// `σ = vᵀ·M·u`, rank 0, on `M`'s tape; `u` and `v` are constants.
    public static func sigma(_ m: Tensor<Scalar>, _ vectors: Vectors) -> Tensor<Scalar> {
        let (fanIn, out) = (m.shape[0], m.shape[1])
        return vectors.v.detached().reshaped([1, fanIn]).matmul(m).matmul(vectors.u.detached().reshaped([out, 1])).sum()
    }

    /// `network` with every normalised weight `W` replaced by `W / σ`, after one power
    /// iteration per weight from the stored vectors, which this keeps for the next step:
    /// what a training step of the network runs. The division is on the tape of
    /// `network`'s weights (``ParameterGroup/trackingGradients()``), so gradients reach `W`
    /// through `σ`.
    public mutating func iterating<Network: ParameterGroup>(_ network: Network) -> Network where Network.Scalar == Scalar {
        let paths = checkedPaths(of: network)
        for (i, path) in paths.enumerated() {
            vectors[i] = Self.powerIteration(weight: network[keyPath: path].detached(), from: vectors[i].u, convolutionLength: convolutionLength)
        }
        return normalized(network)
    }

    /// `network` with every normalised weight `W` replaced by `W / σ`, `σ = vᵀMu` from the
    /// stored vectors, which stay as they are: the network as it scores or generates
    /// outside its own training step (PyTorch's `eval()` mode).
    public func normalized<Network: ParameterGroup>(_ network: Network) -> Network where Network.Scalar == Scalar {
        var copy = network
        for (i, path) in checkedPaths(of: network).enumerated() {
            let weight = network[keyPath: path]
            copy[keyPath: path] = weight / Self.sigma(weight: weight, vectors[i], convolutionLength: convolutionLength)
        }
        return copy
    }

    /// The vectors moved `iterations` power iterations on the weights of `network`,
    /// starting from these: for a network of the same shape whose weights are near
    /// this one's (the generator's moving average), whose `σ` they then estimate.
    public func iterated<Network: ParameterGroup>(on network: Network, iterations: Int) -> SpectralNorm where Network.Scalar == Scalar {
        var state = self
        for (i, path) in checkedPaths(of: network).enumerated() {
            let w = network[keyPath: path].detached()
            for _ in 0..<iterations { state.vectors[i] = Self.powerIteration(weight: w, from: state.vectors[i].u, convolutionLength: convolutionLength) }
        }
        return state
    }

    /// The key paths of the normalised weights of `network`.
    /// - Precondition: `network` has exactly the weights named in ``names``, of matching shapes.
    func checkedPaths<Network: ParameterGroup>(of network: Network) -> [WritableKeyPath<Network, Tensor<Scalar>>] where Network.Scalar == Scalar {
        let weights = network.weightMatrixPaths
        precondition(weights.map(\.name) == names, "SpectralNorm: the network's weights \(weights.map(\.name)) are not \(names)")
        for (weight, vectors) in zip(weights, vectors) {
            let shape = network[keyPath: weight.path].shape
            let (u, v) = Self.vectorSizes(of: shape, convolutionLength: convolutionLength)
            precondition(vectors.u.shape == [u] && vectors.v.shape == [v],
                         "SpectralNorm: \(weight.name) \(shape) takes vectors u [\(u)], v [\(v)], not u \(vectors.u.shape), v \(vectors.v.shape)")
        }
        return weights.map(\.path)
    }
}
