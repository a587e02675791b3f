/// The constants of one Adam step (Kingma & Ba, 2015), bias corrections
/// included: `cₖ = 1 − βₖᵗ` at step `t`.
public struct AdamHyperparameters<Scalar: TensorScalar>: Sendable {
    public var learningRate, beta1, beta2, epsilon: Scalar
    /// `1 − β₁ᵗ` and `1 − β₂ᵗ`.
    public var correction1, correction2: Scalar

    public init(learningRate: Scalar, beta1: Scalar, beta2: Scalar, epsilon: Scalar, step: Int) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        correction1 = 1 - Scalar.pow(beta1, step)
        correction2 = 1 - Scalar.pow(beta2, step)
    }

    /// The same constants in `Float` (exact when `Scalar` is `Float`).
    var inFloat: AdamHyperparameters<Float> {
        var h = AdamHyperparameters<Float>(learningRate: Float(learningRate), beta1: Float(beta1), beta2: Float(beta2), epsilon: Float(epsilon), step: 0)
        h.correction1 = Float(correction1)
        h.correction2 = Float(correction2)
        return h
    }
}

/// The optimisers' loops over raw parameter buffers, in place: Adam's update
/// and the moving average of weights. The Swift loops are the reference and
/// run for `Double` and the `.swift` kernel path; `Float` runs the vector
/// kernels, which perform the same operations in the same order (no fused
/// multiply-add), so they give the same bits.
public enum OptimizerKernels {
    /// One Adam step of one parameter of `count` scalars:
    ///
    ///     m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²
    ///     θ ← θ − lr · (m/c₁) / (√(v/c₂) + ε)
    ///
    /// and, when `average` is given, `θ̄ ← d·θ̄ + (1 − d)·θ` with the new `θ`
    /// in the same pass (``WeightAverage``'s update, without a second sweep).
    /// Every buffer holds `count` scalars.
    public static func adam<Scalar: TensorScalar>(
        parameter p: UnsafeMutablePointer<Scalar>, firstMoment m: UnsafeMutablePointer<Scalar>,
        secondMoment v: UnsafeMutablePointer<Scalar>, gradient g: UnsafePointer<Scalar>, count: Int,
        hyperparameters h: AdamHyperparameters<Scalar>, average: UnsafeMutablePointer<Scalar>? = nil, decay: Scalar = 0
    ) {
        guard count > 0 else { return }
        if let kernels = VectorKernels.active(for: Scalar.self) {
            kernels.adam(p, m, v, g, count: count, h.inFloat, average: average, decay: Float(decay))
            return
        }
        let (b1, b2, lr, eps, c1, c2) = (h.beta1, h.beta2, h.learningRate, h.epsilon, h.correction1, h.correction2)
        for j in 0..<count {
            m[j] = b1 * m[j] + (1 - b1) * g[j]
            v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j]
            p[j] -= lr * (m[j] / c1) / (Scalar.sqrt(v[j] / c2) + eps)
        }
        if let average { movingAverage(average, towards: UnsafePointer(p), count: count, decay: decay) }
    }

    /// `θ̄ ← d·θ̄ + (1 − d)·θ` over `count` scalars.
    public static func movingAverage<Scalar: TensorScalar>(
        _ average: UnsafeMutablePointer<Scalar>, towards x: UnsafePointer<Scalar>, count: Int, decay d: Scalar
    ) {
        guard count > 0 else { return }
        if let kernels = VectorKernels.active(for: Scalar.self) {
            kernels.movingAverage(average, x, count: count, decay: Float(d))
            return
        }
        for j in 0..<count { average[j] = d * average[j] + (1 - d) * x[j] }
    }
}
