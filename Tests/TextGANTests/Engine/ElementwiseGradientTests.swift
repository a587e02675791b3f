import Testing
@testable import TextGAN

/// First- and second-order gradient checks of the elementwise primitives,
/// over several seeds and broadcasting shapes with odd sizes (1, 3, 7).
@Suite struct ElementwiseGradientTests {
    static let seeds: [UInt64] = [1, 2, 3]
    static let broadcastPairs: [([Int], [Int])] = [
        ([3, 7], [3, 7]), ([3, 7], [7]), ([1, 7], [3, 1]), ([3, 1, 7], [7]), ([7], []), ([1], [3, 7]),
    ]

    @Test(arguments: seeds)
    func arithmeticBroadcasts(seed: UInt64) {
        for (sa, sb) in Self.broadcastPairs {
            let xs = GradientChecking.normals([sa, sb], seed: seed)
            GradientChecking.checkFirstOrder("add \(sa) \(sb)", inputs: xs, seed: seed) { $0[0] + $0[1] }
            GradientChecking.checkFirstOrder("sub \(sa) \(sb)", inputs: xs, seed: seed) { $0[0] - $0[1] }
            GradientChecking.checkFirstOrder("mul \(sa) \(sb)", inputs: xs, seed: seed) { $0[0] * $0[1] }
            let positive = [xs[0], GradientChecking.uniforms([sb], in: 0.5..<2, seed: seed)[0]]
            GradientChecking.checkFirstOrder("div \(sa) \(sb)", inputs: positive, seed: seed) { $0[0] / $0[1] }
        }
    }

    @Test(arguments: seeds)
    func unaryFunctions(seed: UInt64) {
        let x = GradientChecking.normals([[3, 7]], seed: seed)
        let positive = GradientChecking.uniforms([[3, 7]], in: 0.5..<2, seed: seed)
        GradientChecking.checkFirstOrder("neg", inputs: x, seed: seed) { -$0[0] }
        GradientChecking.checkFirstOrder("exp", inputs: x, seed: seed) { $0[0].exp() }
        GradientChecking.checkFirstOrder("log", inputs: positive, seed: seed) { $0[0].log() }
        GradientChecking.checkFirstOrder("sqrt", inputs: positive, seed: seed) { $0[0].sqrt() }
        GradientChecking.checkFirstOrder("pow 3", inputs: x, seed: seed) { $0[0].pow(3) }
        GradientChecking.checkFirstOrder("pow 2", inputs: x, seed: seed) { $0[0].pow(2) }
        GradientChecking.checkFirstOrder("pow -1.5", inputs: positive, seed: seed) { $0[0].pow(-1.5) }
        GradientChecking.checkFirstOrder("abs", inputs: x, seed: seed) { $0[0].abs() }
        GradientChecking.checkFirstOrder("relu", inputs: x, seed: seed) { $0[0].relu() }
        GradientChecking.checkFirstOrder("clamp", inputs: x, seed: seed) { $0[0].clamped(to: -0.5...0.5) }
    }

    @Test(arguments: seeds)
    func maximumAndWhere(seed: UInt64) {
        for (sa, sb) in Self.broadcastPairs {
            let xs = GradientChecking.normals([sa, sb], seed: seed)
            GradientChecking.checkFirstOrder("maximum \(sa) \(sb)", inputs: xs, seed: seed) { maximum($0[0], $0[1]) }
            let condition = xs[0].isGreater(than: 0)
            GradientChecking.checkFirstOrder("where \(sa) \(sb)", inputs: xs, seed: seed) { `where`(condition, $0[0], $0[1]) }
        }
    }

    @Test(arguments: seeds)
    func secondOrderOfNonlinearFunctions(seed: UInt64) {
        let xs = GradientChecking.normals([[3, 7], [7]], seed: seed)
        let positive = GradientChecking.uniforms([[3, 7], [7]], in: 0.5..<2, seed: seed)
        GradientChecking.checkSecondOrder("mul", inputs: xs, seed: seed) { $0[0] * $0[1] }
        GradientChecking.checkSecondOrder("div", inputs: positive, seed: seed) { $0[0] / $0[1] }
        GradientChecking.checkSecondOrder("exp", inputs: [xs[0]], seed: seed) { $0[0].exp() }
        GradientChecking.checkSecondOrder("log", inputs: [positive[0]], seed: seed) { $0[0].log() }
        GradientChecking.checkSecondOrder("sqrt", inputs: [positive[0]], seed: seed) { $0[0].sqrt() }
        GradientChecking.checkSecondOrder("pow 3", inputs: [xs[0]], seed: seed) { $0[0].pow(3) }
        // relu's second derivative is 0 away from the kink; through a product
        // the mixed terms are not.
        GradientChecking.checkSecondOrder("relu·x", inputs: xs, seed: seed) { $0[0].relu() * $0[1] }
        GradientChecking.checkSecondOrder("abs·x", inputs: xs, seed: seed) { $0[0].abs() * $0[1] }
    }

    @Test(arguments: seeds)
    func scalingAndScaledSums(seed: UInt64) {
        let xs = GradientChecking.normals([[3, 7], [3, 7]], seed: seed)
        GradientChecking.checkFirstOrder("x·0.3", inputs: [xs[0]], seed: seed) { $0[0] * 0.3 }
        GradientChecking.checkFirstOrder("−2·x", inputs: [xs[0]], seed: seed) { -2 * $0[0] }
        GradientChecking.checkFirstOrder("x + 0.3·y", inputs: xs, seed: seed) { $0[0].adding($0[1], scaledBy: 0.3) }
        GradientChecking.checkSecondOrder("(x + 0.3·y)·x", inputs: xs, seed: seed) { $0[0].adding($0[1], scaledBy: 0.3) * $0[0] }
        GradientChecking.checkSecondOrder("relu(x)·0.3·y", inputs: xs, seed: seed) { ($0[0].relu() * 0.3) * $0[1] }
        #expect(xs[0].adding(xs[1], scaledBy: 0.3).scalars == (xs[0] + xs[1] * Tensor(0.3)).scalars)
    }

    @Test func secondDerivativeOfCubeIsTwelveAtTwo() {
        // d/dx x³ = 3x² = 12 at x = 2; d²/dx² x³ = 6x = 12 at x = 2.
        let x = Tensor<Double>(2).requiringGradient()
        let dy = gradient(of: x * x * x, wrt: [x], createGraph: true)[0]
        #expect(Swift.abs(dy.scalar - 12) < 1e-12)
        let d2y = gradient(of: dy, wrt: [x])[0]
        #expect(Swift.abs(d2y.scalar - 12) < 1e-12)
    }

    @Test func gradientsAccumulateWhenATensorIsUsedTwice() {
        // y = x·x + x → dy/dx = 2x + 1 = 7 at x = 3.
        let x = Tensor<Double>(3).requiringGradient()
        #expect(gradient(of: x * x + x, wrt: [x])[0].scalar == 7)
    }

    @Test func unrelatedInputGetsZeros() {
        let x = Tensor<Double>(shape: [2], scalars: [1, 2]).requiringGradient()
        let unused = Tensor<Double>.ones([3]).requiringGradient()
        let g = gradient(of: (x * x).sum(), wrt: [x, unused])
        #expect(g[0].scalars == [2, 4])
        #expect(g[1].scalars == [0, 0, 0])
    }

    @Test func withoutCreateGraphGradientsAreDetached() {
        let x = Tensor<Double>(2).requiringGradient()
        #expect(!gradient(of: x * x, wrt: [x])[0].requiresGradient)
        #expect(gradient(of: x * x, wrt: [x], createGraph: true)[0].requiresGradient)
    }

    @Test func independentGraphsDoNotInteract() async {
        // Two graphs built and differentiated concurrently give their own answers.
        async let a: Double = {
            let x = Tensor<Double>(shape: [64], scalars: (0..<64).map(Double.init)).requiringGradient()
            return gradient(of: (x * x).sum(), wrt: [x])[0].sum().scalar
        }()
        async let b: Double = {
            let x = Tensor<Double>(shape: [64], scalars: (0..<64).map(Double.init)).requiringGradient()
            return gradient(of: (x * 3).sum(), wrt: [x])[0].sum().scalar
        }()
        let (ga, gb) = await (a, b)
        #expect(ga == 2 * Double((0..<64).reduce(0, +)))
        #expect(gb == 3 * 64)
    }
}
