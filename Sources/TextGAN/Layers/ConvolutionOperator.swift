/// A same-padded convolution with weight `W` `[K, Cin, Cout]` as the linear map it applies
/// to a sequence of `T` positions, `x` `[T·Cin]` ↦ `y` `[T·Cout]`:
///
///     y[t] = Σ_k x[t + k − ⌊K/2⌋]·W[k]     (x is zero outside 0..<T)
///
/// the map whose largest singular value `--spectral-norm-conv operator` divides by. Its
/// norm can exceed the reshaped matrix `[K·Cin, Cout]`'s by up to `√K`. Data only: these
/// functions record nothing on a tape.
enum ConvolutionOperator {
    /// `y = A(x)`: the convolution of `x` `[T·Cin]`, as above. `[T·Cout]`.
    static func apply<Scalar: TensorScalar>(_ w: Tensor<Scalar>, to x: Tensor<Scalar>, length t: Int) -> Tensor<Scalar> {
        let (k, cin, cout) = (w.shape[0], w.shape[1], w.shape[2])
        precondition(x.count == t * cin, "ConvolutionOperator.apply: x has \(x.count) values for \(t) positions × \(cin) channels")
        let (weights, input) = (w.scalars, x.scalars)
        var y = [Scalar](repeating: 0, count: t * cout)
        forEachTap(kernelSize: k, length: t) { position, tap, source in
            for c in 0..<cin {
                let a = input[source * cin + c], row = (tap * cin + c) * cout
                for o in 0..<cout { y[position * cout + o] += a * weights[row + o] }
            }
        }
        return Tensor(shape: [t * cout], scalars: y)
    }

    /// `x = Aᵀ(y)`: the adjoint, `x[s] = Σ_k W[k]·y[s − k + ⌊K/2⌋]`. `[T·Cin]`.
    static func applyTransposed<Scalar: TensorScalar>(_ w: Tensor<Scalar>, to y: Tensor<Scalar>, length t: Int) -> Tensor<Scalar> {
        let (k, cin, cout) = (w.shape[0], w.shape[1], w.shape[2])
        precondition(y.count == t * cout, "ConvolutionOperator.applyTransposed: y has \(y.count) values for \(t) positions × \(cout) channels")
        let (weights, output) = (w.scalars, y.scalars)
        var x = [Scalar](repeating: 0, count: t * cin)
        forEachTap(kernelSize: k, length: t) { position, tap, source in
            for c in 0..<cin {
                let row = (tap * cin + c) * cout
                var sum: Scalar = 0
                for o in 0..<cout { sum += weights[row + o] * output[position * cout + o] }
                x[source * cin + c] += sum
            }
        }
        return Tensor(shape: [t * cin], scalars: x)
    }

    /// `G = ∂⟨A(x), y⟩/∂W`, `G[k] = Σ_t x[t + k − ⌊K/2⌋] ⊗ y[t]` `[K, Cin, Cout]`: the inner
    /// product is `Σ W ⊙ G`, linear in `W`, which is how `σ = ⟨A(v), u⟩` reaches the tape.
    static func innerProductGradient<Scalar: TensorScalar>(kernelShape shape: [Int], x: Tensor<Scalar>, y: Tensor<Scalar>, length t: Int) -> Tensor<Scalar> {
        let (k, cin, cout) = (shape[0], shape[1], shape[2])
        let (input, output) = (x.scalars, y.scalars)
        var g = [Scalar](repeating: 0, count: k * cin * cout)
        forEachTap(kernelSize: k, length: t) { position, tap, source in
            for c in 0..<cin {
                let a = input[source * cin + c], row = (tap * cin + c) * cout
                for o in 0..<cout { g[row + o] += a * output[position * cout + o] }
            }
        }
        return Tensor(shape: shape, scalars: g)
    }

    /// `body(position, tap, source)` for every output position and tap whose input
    /// position `source = position + tap − ⌊K/2⌋` lies inside the sequence (same padding).
    private static func forEachTap(kernelSize k: Int, length t: Int, _ body: (_ position: Int, _ tap: Int, _ source: Int) -> Void) {
        for position in 0..<t {
            for tap in 0..<k where (0..<t).contains(position + tap - k / 2) {
                body(position, tap, position + tap - k / 2)
            }
        }
    }
}
