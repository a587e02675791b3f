// Functions built from primitives, with no hand-written backward: their
// gradients (first and second order) come from the primitives'.

extension Tensor {
    /// `softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m)` along `axis`, with `m = max x`.
    ///
    /// Subtracting the maximum keeps `exp` from overflowing; softmax does not
    /// change under a shift, so `m` is held constant (detached) and the
    /// gradient is exact.
    public func softmax(alongAxis axis: Int = -1) -> Tensor {
        let e = (self - detached().max(alongAxes: [axis], keepingDimensions: true)).exp()
        return e / e.sum(alongAxes: [axis], keepingDimensions: true)
    }

    /// `log softmax(x)ᵢ = (xᵢ − m) − log Σⱼ e^(xⱼ − m)` along `axis` (stable).
    public func logSoftmax(alongAxis axis: Int = -1) -> Tensor {
        let shifted = self - detached().max(alongAxes: [axis], keepingDimensions: true)
        return shifted - shifted.exp().sum(alongAxes: [axis], keepingDimensions: true).log()
    }

    /// Layer normalisation over the last axis:
    /// `γ ⊙ (x − μ) / √(σ² + ε) + β`, with `μ`, `σ²` the mean and (biased)
    /// variance of each row. `gamma` and `beta` are `[C]` for `x` `[..., C]`.
    /// Ba, Kiros & Hinton (2016), "Layer Normalization".
    public func layerNorm(gamma: Tensor, beta: Tensor, epsilon: Scalar = 1e-5) -> Tensor {
        let centered = self - mean(alongAxes: [-1], keepingDimensions: true)
        let variance = (centered * centered).mean(alongAxes: [-1], keepingDimensions: true)
        return centered / (variance + epsilon).sqrt() * gamma + beta
    }

    /// `softplus(x) = log(1 + eˣ)`, elementwise, written `max(x, 0) + log(1 + e^(−|x|))`
    /// so that `eˣ` never overflows. Its derivative is the logistic `1/(1 + e^(−x))`; at
    /// exactly `x = 0` the masks of `relu` and `abs` give 0 instead of ½ (a kink of the
    /// formula, not of the function), which no trained score hits.
    public func softplus() -> Tensor {
        relu() + ((-abs()).exp() + 1).log()
    }

    /// `‖x‖₂` over `axes` (kept as size 1 if asked): `√(Σ x² + ε)`. The tiny
    /// `ε` keeps the gradient `x/‖x‖` finite at `x = 0`.
    public func l2Norm(alongAxes axes: [Int], keepingDimensions: Bool = false, epsilon: Scalar = 0) -> Tensor {
        ((self * self).sum(alongAxes: axes, keepingDimensions: keepingDimensions) + epsilon).sqrt()
    }
}

/// Mean squared error `mean((ŷ − y)²)` over every element: a rank-0 tensor.
public func meanSquaredError<Scalar>(predicted: Tensor<Scalar>, expected: Tensor<Scalar>) -> Tensor<Scalar> {
    let d = predicted - expected
    return (d * d).mean()
}
