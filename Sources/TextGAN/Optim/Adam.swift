/// Adam (Kingma & Ba, 2015) with bias correction:
///
///     m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²
///     θ ← θ − lr · m̂ / (√v̂ + ε),   m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ)
///
/// The moments are kept per parameter, in the model's ``ParameterGroup/parameterPaths``
/// order, and saved in checkpoints so a resumed run continues exactly.
/// Updates run in place on raw buffers (no tape, no temporaries), one pass
/// per parameter (``OptimizerKernels/adam(parameter:firstMoment:secondMoment:gradient:count:hyperparameters:average:decay:)``:
/// the vector kernels for `Float`, the same bits as the Swift loop).
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
        let h = nextStep(model, gradients)
        for (i, (name, path)) in model.parameterPaths.enumerated() {
            let g = gradients[i]
            precondition(g.shape == model[keyPath: path].shape, "Adam: gradient of \(name) has shape \(g.shape), parameter \(model[keyPath: path].shape)")
            g.withUnsafeBufferPointer { g in
                firstMoments[i].withUnsafeMutableBufferPointer { m in
                    secondMoments[i].withUnsafeMutableBufferPointer { v in
                        model[keyPath: path].withUnsafeMutableBufferPointer { p in
                            guard let pp = p.baseAddress, let pm = m.baseAddress, let pv = v.baseAddress, let pg = g.baseAddress else { return }
                            OptimizerKernels.adam(parameter: pp, firstMoment: pm, secondMoment: pv, gradient: pg, count: p.count, hyperparameters: h)
                        }
                    }
                }
            }
        }
    }

    /// ``update(_:gradients:)`` followed by `average.update(towards: model)`,
    /// in one pass over each parameter (the same values: the average moves
    /// towards each weight as soon as it is updated).
    /// - Precondition: one gradient per parameter, with its shape; `average` averages a model of the same shapes.
    public mutating func update<Model: ParameterGroup>(
        _ model: inout Model, gradients: [Tensor<Scalar>], average: inout WeightAverage<Model>
    ) where Model.Scalar == Scalar {
        let h = nextStep(model, gradients)
        let decay = average.decay
        let averagePaths = average.average.parameterPaths.map(\.path)
        precondition(averagePaths.count == gradients.count, "Adam: an average of \(averagePaths.count) parameters for \(gradients.count)")
        for (i, (name, path)) in model.parameterPaths.enumerated() {
            let g = gradients[i]
            precondition(g.shape == model[keyPath: path].shape && g.shape == average.average[keyPath: averagePaths[i]].shape,
                         "Adam: gradient of \(name) has shape \(g.shape), parameter \(model[keyPath: path].shape), average \(average.average[keyPath: averagePaths[i]].shape)")
            g.withUnsafeBufferPointer { g in
                firstMoments[i].withUnsafeMutableBufferPointer { m in
                    secondMoments[i].withUnsafeMutableBufferPointer { v in
                        model[keyPath: path].withUnsafeMutableBufferPointer { p in
                            average.average[keyPath: averagePaths[i]].withUnsafeMutableBufferPointer { a in
                                guard let pp = p.baseAddress, let pm = m.baseAddress, let pv = v.baseAddress, let pg = g.baseAddress,
                                      let pa = a.baseAddress else { return }
                                OptimizerKernels.adam(parameter: pp, firstMoment: pm, secondMoment: pv, gradient: pg, count: p.count,
                                                      hyperparameters: h, average: pa, decay: decay)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Counts the step and returns its constants, after checking the counts.
    private mutating func nextStep<Model: ParameterGroup>(_ model: Model, _ gradients: [Tensor<Scalar>]) -> AdamHyperparameters<Scalar> {
        let count = model.parameterPaths.count
        precondition(gradients.count == count && firstMoments.count == count,
                     "Adam: \(gradients.count) gradients for \(count) parameters (\(firstMoments.count) moments)")
        step += 1
        return AdamHyperparameters(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, step: step)
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
                    guard let pa = a.baseAddress, let px = x.baseAddress else { return }
                    OptimizerKernels.movingAverage(pa, towards: px, count: a.count, decay: d)
                }
            }
        }
    }
}
