import Foundation
import Testing
@testable import TextGAN

/// Composites (softmax, log-softmax, layer norm, losses): values against
/// closed forms, gradients against finite differences, first and second order.
@Suite struct CompositeGradientTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func softmaxFamily(seed: UInt64) {
        let x = GradientChecking.normals([[3, 7]], seed: seed)
        GradientChecking.checkFirstOrder("softmax", inputs: x, seed: seed) { $0[0].softmax(alongAxis: -1) }
        GradientChecking.checkFirstOrder("softmax axis 0", inputs: x, seed: seed) { $0[0].softmax(alongAxis: 0) }
        GradientChecking.checkFirstOrder("logSoftmax", inputs: x, seed: seed) { $0[0].logSoftmax() }
        GradientChecking.checkSecondOrder("softmax²", inputs: x, seed: seed) { $0[0].softmax() }
        GradientChecking.checkSecondOrder("logSoftmax²", inputs: x, seed: seed) { $0[0].logSoftmax() }
    }

    @Test(arguments: [UInt64(1), 2])
    func layerNormAndLosses(seed: UInt64) {
        let xs = GradientChecking.normals([[3, 7], [7], [7]], seed: seed)
        GradientChecking.checkFirstOrder("layerNorm", inputs: xs, seed: seed) { $0[0].layerNorm(gamma: $0[1], beta: $0[2]) }
        GradientChecking.checkSecondOrder("layerNorm²", inputs: xs, seed: seed) { $0[0].layerNorm(gamma: $0[1], beta: $0[2]) }
        let pair = GradientChecking.normals([[3, 7], [3, 7]], seed: seed)
        GradientChecking.checkFirstOrder("mse", inputs: pair, seed: seed) { meanSquaredError(predicted: $0[0], expected: $0[1]) }
        GradientChecking.checkFirstOrder("l2Norm", inputs: pair, seed: seed) { $0[0].l2Norm(alongAxes: [1]) }
        GradientChecking.checkSecondOrder("l2Norm²", inputs: pair, seed: seed) { $0[0].l2Norm(alongAxes: [1]) }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func softplus(seed: UInt64) {
        let x = GradientChecking.normals([[4, 5]], seed: seed).map { $0 * 3 }
        GradientChecking.checkFirstOrder("softplus", inputs: x, seed: seed) { $0[0].softplus() }
        GradientChecking.checkSecondOrder("softplus²", inputs: x, seed: seed) { $0[0].softplus() }
        // The value, and the derivative (the logistic) by hand.
        let values = x[0].softplus().scalars
        let derivatives = valueWithGradient(at: x[0]) { $0.softplus().sum() }.gradient.scalars
        for (a, (v, d)) in zip(x[0].scalars, zip(values, derivatives)) {
            #expect(abs(v - Foundation.log(1 + Foundation.exp(a))) < 1e-12 && abs(d - 1 / (1 + Foundation.exp(-a))) < 1e-12, "at \(a)")
        }
        // No overflow where e^x would: softplus(x) = x for large x, about e^x for very negative x
        // (to within an ulp of 1, the precision of log(1 + ·) without a log1p).
        let extreme = Tensor<Double>(shape: [3], scalars: [1000, -1000, -30]).softplus().scalars
        #expect(extreme[0] == 1000 && extreme[1] == 0 && abs(extreme[2] - Foundation.exp(-30)) < 2.3e-16, "\(extreme)")
        #expect(Tensor<Float>(shape: [1], scalars: [100]).softplus().scalars == [100])
    }

    @Test func softmaxIsStableForLargeInputs() {
        // A naive exp would overflow to ∞/∞ = NaN here.
        let x = Tensor<Float>(shape: [1, 3], scalars: [1000, 1001, 1002])
        let p = x.softmax()
        #expect(p.isFinite)
        let e = [Float.exp(-2), Float.exp(-1), 1]
        let z = e.reduce(0, +)
        for (a, b) in zip(p.scalars, e.map { $0 / z }) { #expect(abs(a - b) < 1e-6) }
        #expect(x.logSoftmax().isFinite)
    }

    @Test func layerNormNormalizesRows() {
        let x = Tensor<Double>(shape: [2, 4], scalars: [1, 2, 3, 4, -3, 0, 3, 8])
        let y = x.layerNorm(gamma: .ones([4]), beta: .zeros([4]), epsilon: 0)
        for row in 0..<2 {
            let r = y.scalars[(row * 4)..<(row * 4 + 4)]
            #expect(abs(r.reduce(0, +)) < 1e-12)
            #expect(abs(r.map { $0 * $0 }.reduce(0, +) / 4 - 1) < 1e-12)
        }
    }

    @Test func floatAndDoubleAgree() {
        // A small conv stack with softmax, in both precisions.
        var rng = SeededGenerator(seed: 5)
        let x = Tensor<Double>.normal([2, 9, 4], using: &rng)
        let w1 = Tensor<Double>.normal([5, 4, 6], using: &rng), w2 = Tensor<Double>.normal([1, 6, 3], using: &rng)
        func run<S: TensorScalar>(_ x: Tensor<S>, _ w1: Tensor<S>, _ w2: Tensor<S>) -> (Tensor<S>, Tensor<S>) {
            let leaf = w1.requiringGradient()
            let y = x.conv1d(leaf, padding: .same(kernelSize: 5)).relu().conv1d(w2, padding: .same(kernelSize: 1)).softmax()
            let loss = (y * y).sum()
            return (y, gradient(of: loss, wrt: [leaf])[0])
        }
        let (yd, gd) = run(x, w1, w2)
        let (yf, gf) = run(x.converted(to: Float.self), w1.converted(to: Float.self), w2.converted(to: Float.self))
        for (a, b) in zip(yf.scalars, yd.scalars) { #expect(abs(Double(a) - b) < 1e-5) }
        for (a, b) in zip(gf.scalars, gd.scalars) { #expect(abs(Double(a) - b) < 1e-4 * max(1, abs(b))) }
    }
}
