import Testing
@testable import TextGAN

/// Finite-difference checks of the tape's gradients, in `Double`.
///
/// A function with a non-scalar output is contracted with a fixed random
/// tensor `R` (`L = Σ f(x) ⊙ R`), which checks the whole vector–Jacobian
/// product rather than one row of it.
enum GradientChecking {
    static let epsilon = 1e-6
    static let absoluteTolerance = 1e-5
    static let relativeTolerance = 1e-3

    typealias Function = ([Tensor<Double>]) -> Tensor<Double>

    /// `f` contracted to a scalar with a seeded random weight of its output's shape.
    static func scalarized(_ f: @escaping Function, inputs: [Tensor<Double>], seed: UInt64) -> Function {
        var rng = SeededGenerator(seed: seed &+ 7919)
        let probe = f(inputs.map { $0.detached() })
        let weight = Tensor<Double>.normal(probe.shape, using: &rng)
        return { xs in (f(xs) * weight).sum() }
    }

    /// Central differences `(L(x + εeⱼ) − L(x − εeⱼ)) / 2ε` for every element of input `i`.
    static func numericalGradient(_ loss: Function, at inputs: [Tensor<Double>], input i: Int) -> Tensor<Double> {
        var result = Tensor<Double>.zeros(inputs[i].shape)
        for j in 0..<inputs[i].count {
            var plus = inputs.map { $0.detached() }, minus = plus
            plus[i].withUnsafeMutableBufferPointer { $0[j] += epsilon }
            minus[i].withUnsafeMutableBufferPointer { $0[j] -= epsilon }
            let d = (loss(plus).scalar - loss(minus).scalar) / (2 * epsilon)
            result.withUnsafeMutableBufferPointer { $0[j] = d }
        }
        return result
    }

    /// The tape's gradient of `loss` with respect to every input.
    static func analyticGradient(_ loss: Function, at inputs: [Tensor<Double>], createGraph: Bool = false) -> [Tensor<Double>] {
        let leaves = inputs.map { $0.requiringGradient() }
        return gradient(of: loss(leaves), wrt: leaves, createGraph: createGraph)
    }

    /// Expects `actual ≈ expected` elementwise: `|a − e| ≤ atol + rtol·|e|`.
    static func expectClose(
        _ actual: Tensor<Double>, _ expected: Tensor<Double>, _ label: String,
        atol: Double = absoluteTolerance, rtol: Double = relativeTolerance,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(actual.shape == expected.shape, "\(label): shape \(actual.shape) vs \(expected.shape)", sourceLocation: sourceLocation)
        guard actual.shape == expected.shape else { return }
        var worst = 0.0, worstIndex = -1
        for (j, (a, e)) in zip(actual.scalars, expected.scalars).enumerated() {
            let excess = Swift.abs(a - e) - (atol + rtol * Swift.abs(e))
            if excess > worst || !a.isFinite { worst = a.isFinite ? excess : .infinity; worstIndex = j }
        }
        #expect(
            worstIndex < 0,
            "\(label): element \(worstIndex): \(worstIndex >= 0 ? actual.scalars[worstIndex] : 0) vs \(worstIndex >= 0 ? expected.scalars[worstIndex] : 0)",
            sourceLocation: sourceLocation)
    }

    /// First order: the tape's gradient of `Σ f(x) ⊙ R` equals central differences.
    static func checkFirstOrder(
        _ label: String, inputs: [Tensor<Double>], seed: UInt64 = 0,
        sourceLocation: SourceLocation = #_sourceLocation, _ f: @escaping Function
    ) {
        let loss = scalarized(f, inputs: inputs, seed: seed)
        let analytic = analyticGradient(loss, at: inputs)
        for i in inputs.indices {
            expectClose(analytic[i], numericalGradient(loss, at: inputs, input: i), "\(label) ∂/∂x\(i)", sourceLocation: sourceLocation)
        }
    }

    /// Second order: with `h(x) = Σᵢ ⟨∇ᵢL(x), Sᵢ⟩` built with `createGraph`,
    /// the tape's `∇h` equals central differences of `h` (each evaluated by a
    /// first-order backward pass).
    static func checkSecondOrder(
        _ label: String, inputs: [Tensor<Double>], seed: UInt64 = 0,
        sourceLocation: SourceLocation = #_sourceLocation, _ f: @escaping Function
    ) {
        let loss = scalarized(f, inputs: inputs, seed: seed)
        var rng = SeededGenerator(seed: seed &+ 104_729)
        let directions = inputs.map { Tensor<Double>.normal($0.shape, using: &rng) }
        let h: Function = { xs in
            let leaves = xs.map { $0.requiresGradient ? $0 : $0.requiringGradient() }
            let grads = gradient(of: loss(leaves), wrt: leaves, createGraph: true)
            return zip(grads, directions).map { ($0 * $1).sum() }.reduce(Tensor(0), +)
        }
        let analytic = analyticGradient(h, at: inputs)
        for i in inputs.indices {
            expectClose(analytic[i], numericalGradient(h, at: inputs, input: i), "\(label) ∂²/∂x\(i)", sourceLocation: sourceLocation)
        }
    }

    /// Seeded normal inputs of the given shapes.
    static func normals(_ shapes: [[Int]], seed: UInt64) -> [Tensor<Double>] {
        var rng = SeededGenerator(seed: seed)
        return shapes.map { Tensor<Double>.normal($0, using: &rng) }
    }

    /// Seeded inputs drawn from `U(range)`, for functions defined on part of the line.
    static func uniforms(_ shapes: [[Int]], in range: Range<Double>, seed: UInt64) -> [Tensor<Double>] {
        var rng = SeededGenerator(seed: seed)
        return shapes.map { Tensor<Double>.uniform($0, in: range, using: &rng) }
    }
}
