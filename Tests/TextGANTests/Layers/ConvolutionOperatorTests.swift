import Testing
@testable import TextGAN

/// A convolution as the linear map on T positions that `--spectral-norm-conv operator`
/// normalises, in `Double`: the map against the engine's convolution, its adjoint against
/// the inner-product identity, the gradient of the inner product against its definition,
/// and spectral normalisation's operator σ against the dense matrix of the map (a critic's
/// penalties through it: SpectralNormTests).
@Suite struct ConvolutionOperatorTests {
    static func inner(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double { zip(a.scalars, b.scalars).reduce(0) { $0 + $1.0 * $1.1 } }

    @Test(arguments: [(3, 2, 3, 5), (5, 3, 2, 4), (3, 1, 1, 2), (1, 3, 2, 4)])
    func theMapIsTheSamePaddedConvolutionAndItsAdjointIsItsTranspose(k: Int, cin: Int, cout: Int, t: Int) {
        var rng = SeededGenerator(seed: UInt64(k * 100 + cin * 10 + cout))
        let w = Tensor<Double>.normal([k, cin, cout], using: &rng)
        let x = Tensor<Double>.normal([t * cin], using: &rng), y = Tensor<Double>.normal([t * cout], using: &rng)
        let mapped = ConvolutionOperator.apply(w, to: x, length: t)
        let engine = x.reshaped([1, t, cin]).conv1d(w, padding: .same(kernelSize: k)).reshaped([t * cout])
        #expect(zip(mapped.scalars, engine.scalars).allSatisfy { abs($0 - $1) < 1e-12 }, "\(mapped.scalars) vs \(engine.scalars)")
        // ⟨A(x), y⟩ = ⟨x, Aᵀ(y)⟩ = Σ W ⊙ G(x, y).
        let forward = Self.inner(mapped, y)
        #expect(abs(forward - Self.inner(x, ConvolutionOperator.applyTransposed(w, to: y, length: t))) < 1e-12)
        let g = ConvolutionOperator.innerProductGradient(kernelShape: w.shape, x: x, y: y, length: t)
        #expect(abs(forward - Self.inner(w, g)) < 1e-12)
    }

    /// The dense matrix `[T·Cin, T·Cout]` of the map, built from its definition.
    static func denseMatrix(_ w: Tensor<Double>, length t: Int) -> [[Double]] {
        let (k, cin, cout) = (w.shape[0], w.shape[1], w.shape[2]), s = w.scalars
        var a = Array(repeating: Array(repeating: 0.0, count: t * cout), count: t * cin)
        for position in 0..<t {
            for tap in 0..<k where (0..<t).contains(position + tap - k / 2) {
                let source = position + tap - k / 2
                for c in 0..<cin { for o in 0..<cout { a[source * cin + c][position * cout + o] = s[(tap * cin + c) * cout + o] } }
            }
        }
        return a
    }

    /// The largest singular value of a dense matrix, by power iteration on `AᵀA` in plain arrays
    /// until it stops moving: independent of the convolution loops it checks.
    static func largestSingularValue(_ a: [[Double]]) -> Double {
        var u = Array(repeating: 1.0, count: a[0].count), sigma = 0.0
        for _ in 0..<5000 {
            let v = a.map { row in zip(row, u).reduce(0) { $0 + $1.0 * $1.1 } }
            var next = a[0].indices.map { j in a.indices.reduce(0) { $0 + a[$1][j] * v[$1] } }
            let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
            next = next.map { $0 / norm }
            let estimate = norm.squareRoot()
            if abs(estimate - sigma) < 1e-15 * estimate { return estimate }
            (u, sigma) = (next, estimate)
        }
        return sigma
    }

    /// A convolution of kernel 3 normalised as an operator: σ converges to the largest
    /// singular value of its dense matrix, above the reshaped matrix's, and the normalised
    /// map has norm 1; a kernel-1 convolution and a linear weight keep their matrix σ.
    @Test func operatorSigmaIsTheLargestSingularValueOfTheMap() {
        var rng = SeededGenerator(seed: 4)
        let t = 6
        let conv = Conv1d<Double>(inputChannels: 2, outputChannels: 3, kernelSize: 3, using: &rng)
        let exact = Self.largestSingularValue(Self.denseMatrix(conv.weight, length: t))
        let state = SpectralNorm<Double>(of: conv, seed: 2, convolutionLength: t).iterated(on: conv, iterations: 300)
        #expect(state.vectors[0].u.shape == [t * 3] && state.vectors[0].v.shape == [t * 2])
        let sigma = SpectralNorm.sigma(weight: conv.weight, state.vectors[0], convolutionLength: t).scalar
        #expect(abs(sigma - exact) < 1e-9 * exact, "\(sigma) vs \(exact)")
        let reshaped = SpectralNorm<Double>(of: conv, seed: 2).iterated(on: conv, iterations: 300)
        #expect(SpectralNorm.sigma(conv.weight.asWeightMatrix(), reshaped.vectors[0]).scalar < sigma)
        let normalized = state.normalized(conv)
        #expect(abs(Self.largestSingularValue(Self.denseMatrix(normalized.weight, length: t)) - 1) < 1e-9)

        let pointwise = Conv1d<Double>(inputChannels: 2, outputChannels: 3, kernelSize: 1, using: &rng)
        let kept = SpectralNorm<Double>(of: pointwise, seed: 2, convolutionLength: t)
        #expect(kept.vectors[0].u.shape == [3] && kept.vectors[0].v.shape == [2], "a kernel-1 convolution's norm is its matrix's")
    }

    /// `W / σ` with σ the operator's, first and second order with respect to `W`, against
    /// finite differences (the vectors constants, as in training).
    @Test(arguments: [UInt64(1), 2])
    func operatorNormalisedWeightsAgainstFiniteDifferences(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let conv = Conv1d<Double>(inputChannels: 2, outputChannels: 3, kernelSize: 3, using: &rng)
        let state = SpectralNorm<Double>(of: conv, seed: seed, convolutionLength: 4)
        let f: GradientChecking.Function = { w in
            var c = conv
            c.weight = w[0]
            return state.normalized(c).weight.reshaped([-1])
        }
        GradientChecking.checkFirstOrder("W/σ (operator)", inputs: [conv.weight], seed: seed, f)
        GradientChecking.checkSecondOrder("W/σ (operator)", inputs: [conv.weight], seed: seed, f)
    }
}
