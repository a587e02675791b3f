import Testing
@testable import TextGAN

/// Two named parameters, so that moments are checked per parameter and in order.
struct AdamTestModel: ParameterGroup {
    var a: Tensor<Double>
    var b: Tensor<Double>

    var parameterPaths: [(name: String, path: WritableKeyPath<Self, Tensor<Double>>)] {
        [("a", \.a), ("b", \.b)]
    }
}

/// One hand-computed Adam step of one scalar: the moments after the step, the
/// bias corrections `1 − βᵗ`, and the parameter after the step.
struct AdamLedgerStep {
    var gradient: Double
    var m: Double
    var v: Double
    var correction1: Double
    var correction2: Double
    var theta: Double
}

/// Adam and the weight average against values written out by hand, in `Double`.
///
/// The expected parameters are also given as decimals; they were checked with
///
///     def adam(th, gs, lr, b1, b2, eps):
///         m = v = 0.0
///         for t, g in enumerate(gs, 1):
///             m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g*g
///             th -= lr * (m/(1-b1**t)) / (math.sqrt(v/(1-b2**t)) + eps)
///             print(t, m, v, th)
@Suite struct AdamTests {
    static let tolerance = 1e-12

    /// Runs `steps` on a single-scalar parameter starting at `theta0` and checks
    /// `m`, `v`, the step count and `θ` after every step.
    static func expectSteps(
        _ steps: [AdamLedgerStep], theta0: Double, learningRate: Double, beta1: Double, beta2: Double, epsilon: Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var model = AdamTestModel(a: Tensor(shape: [1], scalars: [theta0]), b: .zeros([0]))
        var adam = Adam<Double>(shapes: [[1], [0]], learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
        var previous = theta0
        for (t, s) in steps.enumerated() {
            // The step written out from the ledger's own numbers: θₜ = θₜ₋₁ − lr·(m/c₁)/(√(v/c₂) + ε).
            let expected = previous - learningRate * (s.m / s.correction1) / ((s.v / s.correction2).squareRoot() + epsilon)
            #expect(abs(expected - s.theta) <= tolerance, "ledger step \(t + 1) is inconsistent: \(expected) vs \(s.theta)", sourceLocation: sourceLocation)
            adam.update(&model, gradients: [Tensor(shape: [1], scalars: [s.gradient]), .zeros([0])])
            #expect(adam.step == t + 1, sourceLocation: sourceLocation)
            #expect(abs(adam.firstMoments[0].scalars[0] - s.m) <= tolerance, "m after step \(t + 1): \(adam.firstMoments[0].scalars[0]), expected \(s.m)", sourceLocation: sourceLocation)
            #expect(abs(adam.secondMoments[0].scalars[0] - s.v) <= tolerance, "v after step \(t + 1): \(adam.secondMoments[0].scalars[0]), expected \(s.v)", sourceLocation: sourceLocation)
            #expect(abs(model.a.scalars[0] - s.theta) <= tolerance, "θ after step \(t + 1): \(model.a.scalars[0]), expected \(s.theta)", sourceLocation: sourceLocation)
            previous = model.a.scalars[0]
        }
    }

    /// WGAN-GP's β = (0.5, 0.9), lr 0.1, ε 1e-8; gradients 2, then 0, then −1.
    ///
    ///     t=1  m = 0.5·0 + 0.5·2 = 1        v = 0.9·0 + 0.1·4 = 0.4
    ///          c₁ = 0.5, c₂ = 0.1, m̂ = 2, v̂ = 4: θ = 1 − 0.1·2/(2 + 1e-8)
    ///     t=2  m = 0.5·1 = 0.5 (g = 0)      v = 0.9·0.4 = 0.36
    ///          c₁ = 0.75, c₂ = 0.19: the zero gradient still moves θ down (momentum)
    ///     t=3  m = 0.25 − 0.5 = −0.25       v = 0.324 + 0.1 = 0.424
    ///          c₁ = 0.875, c₂ = 0.271: the sign flip turns m negative, θ goes back up
    @Test func wganGPBetasMatchHandComputedStepsWithAZeroGradientAndASignFlip() {
        Self.expectSteps([
            AdamLedgerStep(gradient: 2, m: 1, v: 0.4, correction1: 0.5, correction2: 0.1,
                 theta: 1 - 0.1 * 2 / (2 + 1e-8)),  // 0.9000000005
            AdamLedgerStep(gradient: 0, m: 0.5, v: 0.36, correction1: 0.75, correction2: 0.19,
                 theta: 0.8515677903680665),
            AdamLedgerStep(gradient: -1, m: -0.25, v: 0.424, correction1: 0.875, correction2: 0.271,
                 theta: 0.8744097662856098),
        ], theta0: 1, learningRate: 0.1, beta1: 0.5, beta2: 0.9, epsilon: 1e-8)
    }

    /// Kingma & Ba's β = (0.9, 0.999), lr 0.01, and a large ε = 1e-3 so that ε
    /// visibly shrinks the step; gradients 0.2, 0.5, −0.3.
    ///
    ///     t=1  m = 0.1·0.2 = 0.02           v = 0.001·0.04 = 4e-5
    ///          c₁ = 0.1, c₂ = 0.001, m̂ = 0.2, √v̂ = 0.2: θ = 0.5 − 0.01·0.2/0.201
    ///     t=2  m = 0.018 + 0.05 = 0.068     v = 3.996e-5 + 2.5e-4 = 2.8996e-4
    ///          c₁ = 0.19, c₂ = 0.001999
    ///     t=3  m = 0.0612 − 0.03 = 0.0312   v = 2.8967004e-4 + 9e-5 = 3.7967004e-4
    ///          c₁ = 0.271, c₂ = 0.002997001: the sign flip has not yet turned m, θ keeps falling
    @Test func kingmaBaBetasMatchHandComputedSteps() {
        Self.expectSteps([
            AdamLedgerStep(gradient: 0.2, m: 0.02, v: 4e-5, correction1: 0.1, correction2: 0.001,
                 theta: 0.5 - 0.01 * 0.2 / 0.201),  // 0.4900497512437811
            AdamLedgerStep(gradient: 0.5, m: 0.068, v: 2.8996e-4, correction1: 0.19, correction2: 0.001999,
                 theta: 0.4806772857317798),
            AdamLedgerStep(gradient: -0.3, m: 0.0312, v: 3.7967004e-4, correction1: 0.271, correction2: 0.002997001,
                 theta: 0.4774517109725183),
        ], theta0: 0.5, learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-3)
    }

    /// With bias correction the first step is `lr · g / (|g| + ε)` whatever β is:
    /// every element moves by almost exactly lr against its gradient's sign, a zero
    /// gradient not at all, and each parameter keeps its own moments.
    @Test(arguments: [(0.5, 0.9), (0.9, 0.999), (0.0, 0.99)])
    func firstStepMovesEveryElementByTheLearningRate(beta1: Double, beta2: Double) {
        var model = AdamTestModel(a: Tensor(shape: [2, 2], scalars: [1, -2, 3, 0.5]), b: Tensor(shape: [3], scalars: [0, 0, 0]))
        let ga: [Double] = [1e-3, -40, 0, 7], gb: [Double] = [-0.25, 0.25, 1e6]
        var adam = Adam<Double>(shapes: [[2, 2], [3]], learningRate: 1e-2, beta1: beta1, beta2: beta2, epsilon: 1e-8)
        adam.update(&model, gradients: [Tensor(shape: [2, 2], scalars: ga), Tensor(shape: [3], scalars: gb)])
        for (before, (g, after)) in zip([1, -2, 3, 0.5] as [Double], zip(ga, model.a.scalars)) {
            #expect(abs(after - (before - 1e-2 * g / (abs(g) + 1e-8))) <= Self.tolerance, "a: \(before) − step(g = \(g)) gave \(after)")
        }
        for (g, after) in zip(gb, model.b.scalars) {
            #expect(abs(after - (-1e-2 * g / (abs(g) + 1e-8))) <= Self.tolerance, "b: step(g = \(g)) gave \(after)")
        }
        #expect(adam.firstMoments[0].scalars.enumerated().allSatisfy { abs($0.element - (1 - beta1) * ga[$0.offset]) <= Self.tolerance })
        #expect(adam.secondMoments[1].scalars.enumerated().allSatisfy { abs($0.element - (1 - beta2) * gb[$0.offset] * gb[$0.offset]) <= 1e-12 * max(1, gb[$0.offset] * gb[$0.offset]) })
        #expect(adam.firstMoments.map(\.shape) == [[2, 2], [3]] && adam.secondMoments.map(\.shape) == [[2, 2], [3]])
    }

    @Test func freshOptimizerHasZeroMomentsAndWGANGPDefaults() {
        let adam = Adam<Double>(shapes: [[2, 3], [4]])
        #expect(adam.step == 0)
        #expect(adam.learningRate == 1e-4 && adam.beta1 == 0.5 && adam.beta2 == 0.9 && adam.epsilon == 1e-8)
        #expect(adam.firstMoments.map(\.shape) == [[2, 3], [4]])
        #expect((adam.firstMoments + adam.secondMoments).allSatisfy { $0.scalars.allSatisfy { $0 == 0 } })
    }
}

/// The exponential moving average of weights, `θ̄ ← d·θ̄ + (1 − d)·θ`.
/// As the code defines it: it starts at the model's weights (not at zero), so
/// there is no bias correction, and each update uses the weights passed in.
@Suite struct WeightAverageTests {
    static func model(_ a: [Double], _ b: [Double]) -> AdamTestModel {
        AdamTestModel(a: Tensor(shape: [a.count], scalars: a), b: Tensor(shape: [b.count], scalars: b))
    }

    static func expectClose(_ actual: [Double], _ expected: [Double], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (x, y) in zip(actual, expected) {
            #expect(abs(x - y) <= 1e-12, "\(what): \(actual), expected \(expected)", sourceLocation: sourceLocation)
        }
    }

    /// d = 0.9, starting at a = [1, −2], b = [10]:
    ///
    ///     θ₁ = [2, 0], [0]:   ā = [0.9 + 0.2, −1.8 + 0]   = [1.1, −1.8],    b̄ = [9]
    ///     θ₂ = [2, 0], [0]:   ā = [0.99 + 0.2, −1.62]      = [1.19, −1.62],  b̄ = [8.1]
    ///     θ₃ = [−1, 4], [20]: ā = [1.071 − 0.1, −1.458 + 0.4] = [0.971, −1.058], b̄ = [7.29 + 2] = [9.29]
    @Test func averageMatchesHandComputedUpdates() {
        var average = WeightAverage(of: Self.model([1, -2], [10]), decay: 0.9)
        // Before any update the average is the model itself: no zero start, no bias correction.
        Self.expectClose(average.average.a.scalars, [1, -2], "initial a")
        Self.expectClose(average.average.b.scalars, [10], "initial b")

        average.update(towards: Self.model([2, 0], [0]))
        Self.expectClose(average.average.a.scalars, [1.1, -1.8], "a after 1")
        Self.expectClose(average.average.b.scalars, [9], "b after 1")
        average.update(towards: Self.model([2, 0], [0]))
        Self.expectClose(average.average.a.scalars, [1.19, -1.62], "a after 2")
        Self.expectClose(average.average.b.scalars, [8.1], "b after 2")
        average.update(towards: Self.model([-1, 4], [20]))
        Self.expectClose(average.average.a.scalars, [0.971, -1.058], "a after 3")
        Self.expectClose(average.average.b.scalars, [9.29], "b after 3")
    }

    /// Decay 0 follows the model exactly; the average is a copy, so changing the
    /// model afterwards (in place, as Adam does) leaves it alone.
    @Test func zeroDecayTracksTheModelAndTheAverageIsACopy() {
        var model = Self.model([1, 2], [3])
        var average = WeightAverage(of: model, decay: 0)
        model.a.withUnsafeMutableBufferPointer { $0[0] = 100 }
        Self.expectClose(average.average.a.scalars, [1, 2], "average after the model changed in place")
        average.update(towards: model)
        Self.expectClose(average.average.a.scalars, [100, 2], "a after a decay-0 update")
        model.b.withUnsafeMutableBufferPointer { $0[0] = -5 }
        Self.expectClose(average.average.b.scalars, [3], "b after the model changed again")
    }

    @Test func decayOutsideTheUnitIntervalTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = WeightAverage(of: AdamTestModel(a: .zeros([1]), b: .zeros([1])), decay: 1)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("WeightAverage: decay 1.0 outside [0, 1)"), "\(stderr)")
    }
}
