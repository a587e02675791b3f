import Testing
@testable import TextGAN

/// Spectral normalisation in `Double`: `σ` against matrices whose singular values are known
/// by construction (`U·diag(s)·Vᵀ` with Householder reflections for `U` and `V`), in both
/// weight layouts; one power iteration per step against a plain-array one; the gradient
/// through `σ` against finite differences and against its closed form `v·uᵀ`.
@Suite struct SpectralNormTests {
    typealias Matrix = [[Double]]

    /// The Householder reflection `I − 2wwᵀ/‖w‖²` `[n, n]`: orthogonal.
    static func reflection(_ w: [Double]) -> Matrix {
        let squared = w.reduce(0) { $0 + $1 * $1 }
        return w.indices.map { i in w.indices.map { j in (i == j ? 1 : 0) - 2 * w[i] * w[j] / squared } }
    }

    static func product(_ a: Matrix, _ b: Matrix) -> Matrix {
        a.map { row in b[0].indices.map { j in row.indices.reduce(0) { $0 + row[$1] * b[$1][j] } } }
    }

    static func transpose(_ a: Matrix) -> Matrix { a[0].indices.map { j in a.map { $0[j] } } }

    /// `U·diag(s)·Vᵀ` `[rows, columns]`, `U` and `V` reflections drawn from `seed`: its singular values are `s`.
    static func matrix(rows: Int, columns: Int, singularValues s: [Double], seed: UInt64) -> Matrix {
        var rng = SeededGenerator(seed: seed)
        let u = reflection(Tensor<Double>.normal([rows], using: &rng).scalars)
        let v = reflection(Tensor<Double>.normal([columns], using: &rng).scalars)
        let diagonal = (0..<rows).map { i in (0..<columns).map { j in i == j && i < s.count ? s[i] : 0 } }
        return product(product(u, diagonal), transpose(v))
    }

    /// `σ = vᵀMu` of the state's `index`-th weight of `network`.
    static func sigma<Network: ParameterGroup>(_ state: SpectralNorm<Double>, _ network: Network, _ index: Int) -> Double where Network.Scalar == Double {
        SpectralNorm.sigma(network[keyPath: network.weightMatrixPaths[index].path].asWeightMatrix(), state.vectors[index]).scalar
    }

    /// Singular values with a gap (0.4 between the first two), so that the 15 initial
    /// iterations leave `σ` within (0.4)³⁰ ≈ 1e-12 of the largest.
    @Test(arguments: [(3, 3), (5, 2), (2, 5), (4, 1), (1, 4), (6, 4)])
    func sigmaIsTheLargestSingularValueOfALinearWeight(rows: Int, columns: Int) {
        let s = Array([2.5, 1.0, 0.7, 0.3].prefix(min(rows, columns)))
        let m = Self.matrix(rows: rows, columns: columns, singularValues: s, seed: UInt64(rows * 10 + columns))
        var rng = SeededGenerator(seed: 1)
        var linear = Linear<Double>(inputSize: rows, outputSize: columns, using: &rng)
        linear.weight = Tensor(shape: [rows, columns], scalars: m.flatMap { $0 })
        var state = SpectralNorm<Double>(of: linear, seed: 3)
        #expect(state.names == ["weight"])
        #expect(abs(Self.sigma(state, linear, 0) - 2.5) < 1e-10, "\(Self.sigma(state, linear, 0))")
        // More iterations stay there; the normalised weight's largest singular value is 1.
        var normalized = linear
        for _ in 0..<5 { normalized = state.iterating(linear) }
        #expect(abs(Self.sigma(state, linear, 0) - 2.5) < 1e-12)
        let scaled = normalized.weight.scalars, original = linear.weight.scalars
        #expect(zip(scaled, original).allSatisfy { abs($0 * 2.5 - $1) < 1e-11 })
        #expect(normalized.bias.scalars == linear.bias.scalars, "biases are not normalised")
        // Unit vectors.
        for vector in [state.vectors[0].u, state.vectors[0].v] {
            #expect(abs(vector.scalars.reduce(0) { $0 + $1 * $1 } - 1) < 1e-12)
        }
    }

    /// A convolution's `[K, Cin, Cout]` weight read as `[K·Cin, Cout]` has the singular values
    /// of PyTorch's `weight.view(Cout, Cin·K)`: the weight is built from such a matrix with
    /// known singular values, and `σ` is its largest.
    @Test func convolutionWeightsHaveThePyTorchLayoutsSingularValues() {
        let (k, cin, cout) = (3, 2, 4)
        let s = [2.0, 0.8, 0.5, 0.1]
        let torch = Self.matrix(rows: cout, columns: cin * k, singularValues: s, seed: 9)  // [Cout, Cin·K], column i·K + k
        var rng = SeededGenerator(seed: 2)
        var conv = Conv1d<Double>(inputChannels: cin, outputChannels: cout, kernelSize: k, using: &rng)
        conv.weight = Tensor(shape: [k, cin, cout], scalars: (0..<k).flatMap { kk in (0..<cin).flatMap { i in (0..<cout).map { o in torch[o][i * k + kk] } } })
        let state = SpectralNorm<Double>(of: conv, seed: 4)
        #expect(conv.weight.asWeightMatrix().shape == [k * cin, cout])
        #expect(abs(Self.sigma(state, conv, 0) - 2) < 1e-10, "\(Self.sigma(state, conv, 0))")
    }

    /// Every weight matrix of a network is normalised, in parameter order, and nothing else.
    @Test func theNormalisedWeightsAreTheWeightMatrices() {
        var rng = SeededGenerator(seed: 1)
        let config = ModelConfiguration(vocabularySize: 5, sequenceLength: 4, channels: 3, blocks: 2, latentSize: 2, kernelSize: 3, criticLayerNorm: true)
        let critic = Critic<Double>(config, using: &rng)
        let state = SpectralNorm<Double>(of: critic, seed: 1)
        #expect(state.names == ["critic.input.weight", "critic.block1.conv1.weight", "critic.block1.conv2.weight",
                                "critic.block2.conv1.weight", "critic.block2.conv2.weight", "critic.output.weight"])
        #expect(state.vectors.map { $0.u.shape } == [[3], [3], [3], [3], [3], [1]])
        #expect(state.vectors.map { $0.v.shape } == [[5], [9], [9], [9], [9], [12]])
        // Drawn from the seed alone: the same seed gives the same vectors.
        let again = SpectralNorm<Double>(of: critic, seed: 1)
        #expect(zip(state.vectors, again.vectors).allSatisfy { $0.u.scalars == $1.u.scalars && $0.v.scalars == $1.v.scalars })
        let normalized = state.normalized(critic)
        for (name, path) in critic.parameterPaths where !state.names.contains(name) {
            #expect(normalized[keyPath: path].scalars == critic[keyPath: path].scalars, "\(name) changed")
        }
        // A linear layer with one output is normalised by its weight's Euclidean norm.
        let output = critic.output.weight.scalars
        let norm = output.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(zip(normalized.output.weight.scalars, output).allSatisfy { abs($0 - $1 / norm) < 1e-12 })
    }

    /// `iterating` is one power iteration from the stored `u`, `v = normalize(M·u)` then
    /// `u = normalize(Mᵀ·v)`, here in plain arrays, and `normalized` uses the vectors as they are.
    @Test func eachStepIsOnePowerIteration() {
        var rng = SeededGenerator(seed: 8)
        let conv = Conv1d<Double>(inputChannels: 3, outputChannels: 2, kernelSize: 3, using: &rng)
        var state = SpectralNorm<Double>(of: conv, seed: 5)
        state.vectors[0].u = Tensor(shape: [2], scalars: [0.6, 0.8])  // far from converged
        let m = conv.weight.scalars, (rows, columns) = (9, 2)
        func unit(_ x: [Double]) -> [Double] { let n = x.reduce(0) { $0 + $1 * $1 }.squareRoot(); return x.map { $0 / n } }
        let v = unit((0..<rows).map { i in (0..<columns).reduce(0) { $0 + m[i * columns + $1] * [0.6, 0.8][$1] } })
        let u = unit((0..<columns).map { j in (0..<rows).reduce(0) { $0 + m[$1 * columns + j] * v[$1] } })
        let normalized = state.iterating(conv)
        #expect(zip(state.vectors[0].u.scalars, u).allSatisfy { abs($0 - $1) < 1e-14 })
        #expect(zip(state.vectors[0].v.scalars, v).allSatisfy { abs($0 - $1) < 1e-14 })
        let sigma = (0..<rows).reduce(0.0) { sum, i in sum + v[i] * (0..<columns).reduce(0) { $0 + m[i * columns + $1] * u[$1] } }
        #expect(zip(normalized.weight.scalars, m).allSatisfy { abs($0 - $1 / sigma) < 1e-13 })
        // `normalized` (a non-mutating call) divides by the same σ.
        #expect(state.normalized(conv).weight.scalars == normalized.weight.scalars)
    }

    /// With `u` and `v` constants, `∂σ/∂M = v·uᵀ`: the tape's gradient of `σ` is that
    /// outer product, reshaped to the weight.
    @Test func theGradientOfSigmaIsTheOuterProductOfTheVectors() {
        var rng = SeededGenerator(seed: 3)
        let conv = Conv1d<Double>(inputChannels: 2, outputChannels: 3, kernelSize: 3, using: &rng)
        let state = SpectralNorm<Double>(of: conv, seed: 2)
        let (u, v) = (state.vectors[0].u.scalars, state.vectors[0].v.scalars)
        let g = valueWithGradient(at: conv.weight) { SpectralNorm.sigma($0.asWeightMatrix(), state.vectors[0]) }.gradient
        #expect(g.shape == conv.weight.shape)
        let expected = v.flatMap { vi in u.map { vi * $0 } }
        #expect(zip(g.scalars, expected).allSatisfy { abs($0 - $1) < 1e-14 })
    }

    /// `W / σ(W)` with the vectors held as constants, first and second order with respect
    /// to `W` (each layout), against finite differences.
    @Test(arguments: [UInt64(1), 2])
    func normalisedWeightsAgainstFiniteDifferences(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let conv = Conv1d<Double>(inputChannels: 2, outputChannels: 3, kernelSize: 3, using: &rng)
        let linear = Linear<Double>(inputSize: 4, outputSize: 2, using: &rng)
        let convState = SpectralNorm<Double>(of: conv, seed: seed), linearState = SpectralNorm<Double>(of: linear, seed: seed)
        let inputs = [conv.weight, linear.weight]
        let f: GradientChecking.Function = { w in
            var (c, l) = (conv, linear)
            (c.weight, l.weight) = (w[0], w[1])
            return Tensor.concat([convState.normalized(c).weight.reshaped([-1]), linearState.normalized(l).weight.reshaped([-1])], axis: 0)
        }
        GradientChecking.checkFirstOrder("W/σ", inputs: inputs, seed: seed, f)
        GradientChecking.checkSecondOrder("W/σ", inputs: inputs, seed: seed, f)
    }

    /// The gp and R1 losses of a spectrally normalised critic, with respect to its raw
    /// weights, through `σ` (the vectors constants, as in training): the double backward
    /// of the penalty runs through every `W / σ`, with the convolutions normalised as
    /// reshaped matrices or as operators on the T positions.
    @Test(arguments: [PenaltyKind.gp, .r1], [SpectralNormConvolutions.reshaped, .operator])
    func penaltyOfANormalisedCriticAgainstFiniteDifferences(penalty: PenaltyKind, convolutions: SpectralNormConvolutions) {
        var rng = SeededGenerator(seed: 7)
        let config = ModelConfiguration(vocabularySize: 3, sequenceLength: 4, channels: 2, blocks: 1, latentSize: 2, kernelSize: 3)
        let critic = Critic<Double>(config, using: &rng).withRandomBiases(seed: 1)
        let state = SpectralNorm<Double>(of: critic, seed: 7, convolutionLength: convolutions == .operator ? config.sequenceLength : nil)
        let real = Tensor<Double>.oneHot([0, 1, 2, 1, 2, 2, 0, 1], shape: [2, 4], depth: 3)
        let fake = Tensor<Double>.uniform([2, 4, 3], using: &rng)
        let alphas = Array(repeating: Tensor<Double>(shape: [2], scalars: [0.4, 0.7]), count: penalty.interpolateCount)
        GradientChecking.checkFirstOrder("\(penalty.rawValue) of a Critic normalised (\(convolutions.rawValue)) wrt raw weights", inputs: critic.parameters) { weights in
            var c = critic
            c.setParameters(weights)
            return CriticObjective(critic: state.normalized(c), real: real, fake: fake, alphas: alphas, penalty: penalty, lambda: 10, loss: .hinge).loss
        }
    }

    /// The vectors moved on another network of the same shape (the moving average) estimate
    /// that network's `σ`.
    @Test func iteratedVectorsEstimateAnotherNetworksSigma() {
        let s = [1.7, 0.6, 0.2]
        var rng = SeededGenerator(seed: 1)
        var linear = Linear<Double>(inputSize: 3, outputSize: 3, using: &rng)
        let state = SpectralNorm<Double>(of: linear, seed: 1)
        linear.weight = Tensor(shape: [3, 3], scalars: Self.matrix(rows: 3, columns: 3, singularValues: s, seed: 5).flatMap { $0 })
        let moved = state.iterated(on: linear, iterations: 20)
        #expect(abs(Self.sigma(moved, linear, 0) - 1.7) < 1e-12)
        #expect(state.vectors[0].u.scalars != moved.vectors[0].u.scalars)
    }
}
