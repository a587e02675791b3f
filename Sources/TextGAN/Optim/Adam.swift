/// Adam (Kingma & Ba, 2015) with bias correction:
///
///     m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²
///     θ ← θ − lr · m̂ / (√v̂ + ε),   m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ)
///
/// The moments are kept per parameter, in the model's ``ParameterGroup/parameterPaths``
/// order, and saved in checkpoints so a resumed run continues exactly.
/// Updates run in place on raw buffers (no tape, no temporaries).
public struct Adam<Scalar: TensorScalar> {
    public var learningRate: Scalar
    public var beta1: Scalar
    public var beta2: Scalar
    public var epsilon: Scalar
    /// t: the number of updates made so far.
    public var step: Int = 0
    /// First moments `m`, one per parameter.
    public var firstMoments: [Tensor<Scalar>]
    /// Second moments `v`, one per parameter.
    public var secondMoments: [Tensor<Scalar>]

    /// An optimiser for parameters of the given shapes, moments at zero.
    /// WGAN-GP's settings: lr 1e-4, β = (0.5, 0.9).
    public init(shapes: [[Int]], learningRate: Scalar = 1e-4, beta1: Scalar = 0.5, beta2: Scalar = 0.9, epsilon: Scalar = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoments = shapes.map { Tensor.zeros($0) }
        secondMoments = shapes.map { Tensor.zeros($0) }
    }

    /// Applies one update to `model` with `gradients` in parameter order.
    /// - Precondition: one gradient per parameter, with its shape.
    public mutating func update<Model: ParameterGroup>(_ model: inout Model, gradients: [Tensor<Scalar>]) where Model.Scalar == Scalar {
        let paths = model.parameterPaths
        precondition(gradients.count == paths.count && firstMoments.count == paths.count,
                     "Adam: \(gradients.count) gradients for \(paths.count) parameters (\(firstMoments.count) moments)")
        step += 1
        let correction1 = 1 - Scalar.pow(beta1, step), correction2 = 1 - Scalar.pow(beta2, step)
        let (b1, b2, lr, eps) = (beta1, beta2, learningRate, epsilon)
        for (i, (name, path)) in paths.enumerated() {
            let g = gradients[i]
            precondition(g.shape == model[keyPath: path].shape, "Adam: gradient of \(name) has shape \(g.shape), parameter \(model[keyPath: path].shape)")
            g.withUnsafeBufferPointer { g in
                firstMoments[i].withUnsafeMutableBufferPointer { m in
                    secondMoments[i].withUnsafeMutableBufferPointer { v in
                        model[keyPath: path].withUnsafeMutableBufferPointer { p in
                            for j in 0..<p.count {
                                m[j] = b1 * m[j] + (1 - b1) * g[j]
                                v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j]
                                p[j] -= lr * (m[j] / correction1) / (Scalar.sqrt(v[j] / correction2) + eps)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// An exponential moving average of a model's weights:
/// `θ̄ ← d·θ̄ + (1 − d)·θ` after every update, for smoother samples.
public struct WeightAverage<Model: ParameterGroup> {
    public var decay: Model.Scalar
    public var average: Model

    public init(of model: Model, decay: Model.Scalar) {
        precondition(decay >= 0 && decay < 1, "WeightAverage: decay \(decay) outside [0, 1)")
        self.decay = decay
        self.average = model.detached()
    }

    /// Moves the average towards `model`.
    public mutating func update(towards model: Model) {
        let d = decay
        for (path, current) in zip(average.parameterPaths.map(\.path), model.parameters) {
            current.withUnsafeBufferPointer { x in
                average[keyPath: path].withUnsafeMutableBufferPointer { a in
                    for j in 0..<a.count { a[j] = d * a[j] + (1 - d) * x[j] }
                }
            }
        }
    }
}
