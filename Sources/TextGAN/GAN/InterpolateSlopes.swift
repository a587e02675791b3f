/// The critic's slopes at interpolates `x̂ = real + α·(fake − real)`, one value per
/// example: the Lipschitz diagnostic that training logs (``GANTrainer/interpolateSlopes()``)
/// and `textgan eval` measures on held-out text.
///
/// - `total[b] = ‖∇ₓ̂ D(x̂_b)‖₂`: the steepest slope in any direction of the `[T, V]`
///   input, what `gp` drives to 1;
/// - `alongLine[b] = |∇ₓ̂ D(x̂_b) · u_b|`, `u = (fake − real)/‖fake − real‖₂`
///   (``Penalty/lineDirection(real:fake:)``): the slope along the line the
///   interpolate lies on, what `fd`'s difference quotient and `gp-directional`
///   drive to 1. `alongLine[b] ≤ total[b]` (Cauchy–Schwarz).
public struct InterpolateSlopes: Sendable {
    public let total: [Float]
    public let alongLine: [Float]

    /// One forward and one backward of `critic` `[B, T, V] → [B]`; pass a frozen
    /// critic (`critic.detached()`) so that no weight gradient is recorded.
    /// - Parameters: `real`, `fake` `[B, T, V]`; `alpha` `[B]` in [0, 1].
    public init(critic: (Tensor<Float>) -> Tensor<Float>, real: Tensor<Float>, fake: Tensor<Float>, alpha: Tensor<Float>) {
        let x = Penalty.interpolate(real: real, fake: fake, alpha: alpha).requiringGradient()
        let g = gradient(of: critic(x).sum(), wrt: [x])[0]
        let u = Penalty.lineDirection(real: real, fake: fake)
        total = g.l2Norm(alongAxes: [1, 2]).scalars
        alongLine = (g * u).sum(alongAxes: [1, 2]).abs().scalars
    }

    init(total: [Float], alongLine: [Float]) {
        (self.total, self.alongLine) = (total, alongLine)
    }

    /// The examples of both, one after the other.
    func appending(_ other: InterpolateSlopes) -> InterpolateSlopes {
        InterpolateSlopes(total: total + other.total, alongLine: alongLine + other.alongLine)
    }

    /// Mean of ``total`` over the examples.
    public var totalMean: Double { total.map(Double.init).reduce(0, +) / Double(max(total.count, 1)) }
    /// Mean of ``alongLine`` over the examples.
    public var alongLineMean: Double { alongLine.map(Double.init).reduce(0, +) / Double(max(alongLine.count, 1)) }
}
