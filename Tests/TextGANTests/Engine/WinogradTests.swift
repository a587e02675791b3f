import Testing
@testable import TextGAN

/// Winograd's convolution against the naive kernel (exact in Double, small
/// roundoff in Float), its gradients first and second order, and when it is used.
@Suite struct WinogradTests {
    static let winograd = Conv1dAlgorithm.winograd(outputs: Conv1dKernels.winogradTile)

    static func largestError(_ a: [Double], _ e: [Double]) -> Double {
        let scale = max(1e-300, e.map(abs).max() ?? 1)
        return zip(a, e).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
    }

    @Test(arguments: [3, 5, 7])
    func everyTileSizeIsExactInDouble(taps k: Int) {
        var rng = SeededGenerator(seed: UInt64(k))
        let paddings = [Conv1dPadding.same(kernelSize: k), Conv1dPadding(left: 0, right: 0), Conv1dPadding(left: k - 1, right: 1)]
        for m in 1...6 where m + k - 2 <= WinogradTransform.finitePoints.count {
            let f = WinogradTransform(outputs: m, taps: k)
            // Exact up to roundoff, which grows with the points' spread: ~1e-15
            // for the tiles in use, ~1e-10 for F(6, 7) with points ±4, ±1/4.
            let tolerance = 1e-9
            for padding in paddings {
                // Lengths below, at and between multiples of the tile, down to one output.
                // 35 and 33 channels: two 16-lane blocks and a tail in the 8-point SIMD transforms.
                for (t, ci, co) in [(k, 3, 4), (k + 1, 3, 4), (9, 3, 4), (13, 3, 4), (13, 35, 33)] {
                    let b = 3
                    let x = Tensor<Double>.normal([b, t, ci], using: &rng)
                    let w = Tensor<Double>.normal([k, ci, co], using: &rng)
                    let bias = Tensor<Double>.normal([co], using: &rng)
                    let naive = ReferenceKernels.conv1d(x.scalars, w.scalars, batch: b, length: t, inChannels: ci,
                                                        outChannels: co, kernelSize: k, padding: padding)
                    for chunkBytes in [1, 1 << 20] {
                        let y = Conv1dKernels.winogradForward(x, w, padding, bias: nil, transform: f, chunkBytes: chunkBytes)
                        #expect(y.shape == [b, Conv1dKernels.outputLength(t, k, padding), co])
                        #expect(Self.largestError(y.scalars, naive) < tolerance, "F(\(m), \(k)) T = \(t) padding \(padding) chunk \(chunkBytes)")
                        let biased = Conv1dKernels.winogradForward(x, w, padding, bias: bias, transform: f, chunkBytes: chunkBytes)
                        let expected = naive.indices.map { naive[$0] + bias.scalars[$0 % co] }
                        #expect(Self.largestError(biased.scalars, expected) < tolerance, "F(\(m), \(k)) with bias")
                    }
                }
            }
        }
    }

    @Test(arguments: [3, 5])
    func weightGradientIsExactInDouble(taps k: Int) {
        var rng = SeededGenerator(seed: UInt64(10 + k))
        for m in [2, 4] {
            for padding in [Conv1dPadding.same(kernelSize: k), Conv1dPadding(left: 0, right: 0), Conv1dPadding(left: k - 1, right: 1)] {
                // 35 and 33 channels reach the unrolled 8-row chains with a tail.
                for (b, t, ci, co) in [(2, k, 3, 4), (3, 9, 3, 4), (2, 13, 35, 33), (5, 6, 2, 3)] {
                    let x = Tensor<Double>.normal([b, t, ci], using: &rng)
                    let dy = Tensor<Double>.normal([b, Conv1dKernels.outputLength(t, k, padding), co], using: &rng)
                    let expected = Conv1dKernels.im2colWeightGradient(x, dy, kernelSize: k, padding).scalars
                    for chunkBytes in [1, 1 << 20] {
                        let dw = Conv1dKernels.winogradWeightGradient(x, dy, kernelSize: k, padding, tile: m, chunkBytes: chunkBytes)
                        #expect(dw.shape == [k, ci, co])
                        #expect(Self.largestError(dw.scalars, expected) < 1e-12, "F(\(k), \(m)) T = \(t) padding \(padding) chunk \(chunkBytes)")
                    }
                }
            }
        }
    }

    @Test(arguments: [3, 5])
    func weightGradientFloat32RoundoffStaysSmall(taps k: Int) {
        var rng = SeededGenerator(seed: 8)
        let (b, t, c) = (8, 32, 64)
        let x = Tensor<Double>.normal([b, t, c], using: &rng)
        let dy = Tensor<Double>.normal([b, t, c], using: &rng)
        let exact = Conv1dKernels.im2colWeightGradient(x, dy, kernelSize: k, .same(kernelSize: k)).scalars
        let xf = Tensor<Float>(shape: x.shape, scalars: x.scalars.map { Float($0) })
        let dyf = Tensor<Float>(shape: dy.shape, scalars: dy.scalars.map { Float($0) })
        let dw = Conv1dKernels.winogradWeightGradient(xf, dyf, kernelSize: k, .same(kernelSize: k)).scalars.map { Double($0) }
        #expect(Self.largestError(dw, exact) < 2e-5)
    }

    @Test(arguments: [3, 5])
    func float32RoundoffStaysSmall(taps k: Int) {
        // At the model's widths the float32 error of F(4, K) is a few 1e-6 of
        // the outputs' scale (im2col's: ~5e-7); 2e-5 leaves room across seeds.
        var rng = SeededGenerator(seed: 7)
        let (b, t, c) = (4, 32, 64)
        let x = Tensor<Double>.normal([b, t, c], using: &rng)
        let w = Tensor<Double>.uniform([k, c, c], in: -0.1..<0.1, using: &rng)
        let exact = Conv1dKernels.im2colForward(x, w, .same(kernelSize: k), bias: nil).scalars
        let xf = Tensor<Float>(shape: x.shape, scalars: x.scalars.map { Float($0) })
        let wf = Tensor<Float>(shape: w.shape, scalars: w.scalars.map { Float($0) })
        let f = WinogradTransform(outputs: Conv1dKernels.winogradTile, taps: k)
        let y = Conv1dKernels.winogradForward(xf, wf, .same(kernelSize: k), bias: nil, transform: f).scalars.map { Double($0) }
        #expect(Self.largestError(y, exact) < 2e-5)
    }

    static let cases: [(k: Int, padding: Conv1dPadding)] = [
        (3, .same(kernelSize: 3)), (5, .same(kernelSize: 5)), (5, Conv1dPadding(left: 0, right: 0)), (3, Conv1dPadding(left: 2, right: 0)),
    ]

    @Test(arguments: [UInt64(1), 2])
    func gradientsThroughWinogradFirstAndSecondOrder(seed: UInt64) {
        // The input gradient is itself a conv1d, so it runs Winograd too; the
        // second-order check differentiates through both.
        Conv1dKernels.$forcedAlgorithm.withValue(Self.winograd) {
            for (k, padding) in Self.cases {
                let xs = GradientChecking.normals([[2, 9, 3], [k, 3, 4], [4]], seed: seed)
                GradientChecking.checkFirstOrder("winograd conv1d k\(k) \(padding)", inputs: xs, seed: seed) {
                    $0[0].conv1d($0[1], bias: $0[2], padding: padding)
                }
                GradientChecking.checkSecondOrder("winograd conv1d² k\(k) \(padding)", inputs: xs, seed: seed) {
                    $0[0].conv1d($0[1], bias: $0[2], padding: padding).pow(2)
                }
            }
        }
    }

    @Test func theModelsConvolutionsUseWinogradAndTheRestIm2col() {
        #expect(Conv1dKernels.algorithm(kernelSize: 5, inputChannels: 128, outputChannels: 128) == Self.winograd)
        #expect(Conv1dKernels.algorithm(kernelSize: 3, inputChannels: 512, outputChannels: 32) == Self.winograd)
        #expect(Conv1dKernels.algorithm(kernelSize: 1, inputChannels: 128, outputChannels: 128) == .im2col)
        #expect(Conv1dKernels.algorithm(kernelSize: 5, inputChannels: 16, outputChannels: 128) == .im2col)
        #expect(Conv1dKernels.algorithm(kernelSize: 7, inputChannels: 128, outputChannels: 128) == .im2col)
        Conv1dKernels.$forcedAlgorithm.withValue(.im2col) {
            #expect(Conv1dKernels.algorithm(kernelSize: 5, inputChannels: 128, outputChannels: 128) == .im2col)
        }
        Conv1dKernels.$forcedAlgorithm.withValue(Self.winograd) {
            #expect(Conv1dKernels.algorithm(kernelSize: 5, inputChannels: 2, outputChannels: 2) == Self.winograd)
            #expect(Conv1dKernels.algorithm(kernelSize: 1, inputChannels: 2, outputChannels: 2) == .im2col)
        }
    }

    @Test func theModelsTransformsTakeThePairedPath() {
        // Points 0, ±1, ±1/2, ±2, ∞: rows (1, 2), (3, 4), (5, 6) pair up, 0 and 7 do not.
        let expected = WinogradPairing(pairs: [(1, 2), (3, 4), (5, 6)], singles: [0, 7])
        let forward = WinogradTransform(outputs: 4, taps: 5), weights = WinogradTransform(outputs: 5, taps: 4)
        #expect(forward.inputPairing == expected && forward.outputPairing == expected)
        #expect(weights.inputPairing == expected && weights.kernelPairing == expected)
        // A matrix without the symmetry is not paired.
        #expect(WinogradPairing.consecutive([1, 0, 0, 1, 2, 0, 1, 3, 0], rows: 3, columns: 3) == nil)
    }

    @Test func transformMatricesInvertTheEvaluation() {
        // Bᵀ = E_n⁻ᵀ: Bᵀ·E_nᵀ = I.
        let f = WinogradTransform(outputs: 4, taps: 5)
        let n = f.points
        let points = Array(WinogradTransform.finitePoints.prefix(n - 1))
        for row in 0..<n {
            for col in 0..<n {
                // (E_n)[col, l] = points[col]^l, or e_{n−1} for ∞ (col = n − 1).
                var sum = 0.0
                for l in 0..<n {
                    let e = col == n - 1 ? (l == n - 1 ? 1.0 : 0.0) : Double.pow(points[col], l)
                    sum += f.inputTransform[row * n + l] * e
                }
                #expect(abs(sum - (row == col ? 1 : 0)) < 1e-12)
            }
        }
    }
}
