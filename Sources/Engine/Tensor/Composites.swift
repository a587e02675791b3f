// Functions built from primitives, with no hand-written backward: their
// gradients (first and second order) come from the primitives'. The one
// exception is `Float` softmax over the last axis, a primitive of its own on
// the vector kernels (`fusedSoftmax`) whose VJP is again tensor operations.

extension Tensor {
    /// `softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m)` along `axis`, with `m = max x`.
    ///
    /// Subtracting the maximum keeps `exp` from overflowing; softmax does not
    /// change under a shift, so `m` is held constant (detached) and the
    /// gradient is exact.
    ///
    /// For `Float` over the last axis this runs as one primitive on the
    /// vector kernels (``fusedSoftmax(_:)``, same values to roundoff);
    /// `Double`, other axes and the `.swift` kernel path run the composite.
    public func softmax(alongAxis axis: Int = -1) -> Tensor {
        if ShapeMath.normalize(axis: axis, rank: rank, op: "softmax") == rank - 1,
           let kernels = VectorKernels.active(for: Scalar.self) {
            return fusedSoftmax(kernels)
        }
        let e = (self - detached().max(alongAxes: [axis], keepingDimensions: true)).exp()
        return e / e.sum(alongAxes: [axis], keepingDimensions: true)
    }

    /// Softmax over the last axis as one primitive: the kernel computes each
    /// row in a few passes (max; exp and sum; times 1/sum), where the composite
    /// makes five tensors. VJP: `y ⊙ (g − Σ_last(g ⊙ y))` from the saved
    /// output `y`, in tensor operations, so it can be differentiated again;
    /// it is the composite's gradient, since `∂yᵢ/∂xⱼ = yᵢ(δᵢⱼ − yⱼ)`.
    /// Shapes: `[..., V] → [..., V]`.
    func fusedSoftmax(_ kernels: KernelTable) -> Tensor {
        let columns = shape.last ?? 1
        let rows = columns == 0 ? 0 : count / columns
        let src = storage.base
        let value = Tensor(shape: shape) { out in
            if let y = out.baseAddress, rows > 0 { kernels.softmaxRows(src, y, rows: rows, columns: columns) }
        }
        return Tensor.primitive("softmax", value, inputs: [self], savingOutput: true) { g, c in
            let y = c.output!
            return [y * (g - (g * y).sum(alongAxes: [-1], keepingDimensions: true))]
        }
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
