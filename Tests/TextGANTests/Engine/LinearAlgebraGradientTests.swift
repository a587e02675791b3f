import Testing
@testable import TextGAN

/// Gradient checks of matmul and conv1d, first and second order, and the
/// fast (BLAS) paths against the naive reference kernels.
@Suite struct LinearAlgebraGradientTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func matmulAllTranspositions(seed: UInt64) {
        let (m, k, n) = (3, 7, 1)
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let xs = GradientChecking.normals([ta ? [k, m] : [m, k], tb ? [n, k] : [k, n]], seed: seed)
            GradientChecking.checkFirstOrder("matmul \(ta) \(tb)", inputs: xs, seed: seed) {
                $0[0].matmul($0[1], transposeA: ta, transposeB: tb)
            }
            GradientChecking.checkSecondOrder("matmul² \(ta) \(tb)", inputs: xs, seed: seed) {
                $0[0].matmul($0[1], transposeA: ta, transposeB: tb).pow(2)
            }
        }
    }

    @Test(arguments: [UInt64(1), 2])
    func batchedMatmul(seed: UInt64) {
        let xs = GradientChecking.normals([[2, 3, 7], [2, 7, 3]], seed: seed)
        GradientChecking.checkFirstOrder("batched matmul", inputs: xs, seed: seed) { $0[0].matmul($0[1]) }
        let folded = GradientChecking.normals([[2, 3, 7], [7, 3]], seed: seed)
        GradientChecking.checkFirstOrder("[P,M,K]·[K,N]", inputs: folded, seed: seed) { $0[0].matmul($0[1]) }
    }

    static let convCases: [(k: Int, padding: Conv1dPadding)] = [
        (1, Conv1dPadding(left: 0, right: 0)), (3, .same(kernelSize: 3)), (5, .same(kernelSize: 5)),
        (5, Conv1dPadding(left: 0, right: 0)), (3, Conv1dPadding(left: 2, right: 0)),
    ]

    @Test(arguments: [UInt64(1), 2, 3])
    func conv1dFirstOrder(seed: UInt64) {
        for (k, padding) in Self.convCases {
            let xs = GradientChecking.normals([[2, 7, 3], [k, 3, 4], [4]], seed: seed)
            GradientChecking.checkFirstOrder("conv1d k\(k) \(padding)", inputs: xs, seed: seed) {
                $0[0].conv1d($0[1], bias: $0[2], padding: padding)
            }
        }
    }

    @Test(arguments: [UInt64(1), 2])
    func conv1dSecondOrder(seed: UInt64) {
        for (k, padding) in Self.convCases {
            let xs = GradientChecking.normals([[2, 7, 3], [k, 3, 4]], seed: seed)
            GradientChecking.checkSecondOrder("conv1d² k\(k) \(padding)", inputs: xs, seed: seed) {
                $0[0].conv1d($0[1], padding: padding).pow(2)
            }
        }
    }

    @Test(arguments: [UInt64(1), 2])
    func conv1dWithBiasSecondOrder(seed: UInt64) {
        // The bias is fused into the GEMM (β = 1): its own primitive, checked again.
        for (k, padding) in Self.convCases {
            let xs = GradientChecking.normals([[2, 7, 3], [k, 3, 4], [4]], seed: seed)
            GradientChecking.checkSecondOrder("conv1d+bias² k\(k) \(padding)", inputs: xs, seed: seed) {
                $0[0].conv1d($0[1], bias: $0[2], padding: padding).pow(2)
            }
        }
    }

    @Test(arguments: [UInt64(31), 32])
    func conv1dWithBiasIsConv1dPlusBias(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        for (k, padding) in Self.convCases {
            let x = Tensor<Float>.normal([3, 11, 6], using: &rng)
            let w = Tensor<Float>.normal([k, 6, 5], using: &rng)
            let bias = Tensor<Float>.normal([5], using: &rng)
            let fused = x.conv1d(w, bias: bias, padding: padding).scalars
            let separate = (x.conv1d(w, padding: padding) + bias).scalars
            expectRelativelyClose(fused, separate, "conv1d bias k\(k) \(padding)")
        }
    }

    @Test(arguments: [UInt64(41), 42])
    func chunkedIm2colGivesTheWholeBatchResult(seed: UInt64) {
        // One example per chunk, a few per chunk, and one chunk for all.
        var rng = SeededGenerator(seed: seed)
        let (b, t, ci, co) = (7, 9, 5, 6)
        for (k, padding) in Self.convCases {
            let x = Tensor<Float>.normal([b, t, ci], using: &rng)
            let w = Tensor<Float>.normal([k, ci, co], using: &rng)
            let bias = Tensor<Float>.normal([co], using: &rng)
            let tOut = Conv1dKernels.outputLength(t, k, padding)
            let dy = Tensor<Float>.normal([b, tOut, co], using: &rng)
            let slow = ReferenceKernels.conv1d(x.scalars, w.scalars, batch: b, length: t, inChannels: ci,
                                               outChannels: co, kernelSize: k, padding: padding)
            let whole = Conv1dKernels.im2colWeightGradient(x, dy, kernelSize: k, padding, chunkBytes: Int.max / 2).scalars
            for chunkBytes in [1, 3 * tOut * k * ci * 4, Int.max / 2] {
                let label = "k\(k) \(padding) chunk \(chunkBytes) B"
                expectRelativelyClose(Conv1dKernels.im2colForward(x, w, padding, bias: nil, chunkBytes: chunkBytes).scalars, slow, label)
                let biased = Conv1dKernels.im2colForward(x, w, padding, bias: bias, chunkBytes: chunkBytes).scalars
                expectRelativelyClose(biased, zip(slow.indices, slow).map { $1 + bias.scalars[$0 % co] }, label + " bias")
                expectRelativelyClose(Conv1dKernels.im2colWeightGradient(x, dy, kernelSize: k, padding, chunkBytes: chunkBytes).scalars,
                                      whole, label + " weight gradient")
            }
        }
    }

    @Test(arguments: [UInt64(11), 12, 13, 14])
    func sgemmMatchesReference(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let (m, n, k) = (Int.random(in: 1...70, using: &rng), Int.random(in: 1...70, using: &rng), Int.random(in: 1...70, using: &rng))
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = Tensor<Float>.normal(ta ? [k, m] : [m, k], using: &rng)
            let b = Tensor<Float>.normal(tb ? [n, k] : [k, n], using: &rng)
            let fast = a.matmul(b, transposeA: ta, transposeB: tb).scalars
            let slow = ReferenceKernels.matmul(a.scalars, b.scalars, m: m, n: n, k: k, transposeA: ta, transposeB: tb)
            expectRelativelyClose(fast, slow, "sgemm \(m)×\(k)×\(n) \(ta) \(tb)")
        }
    }

    @Test(arguments: [UInt64(21), 22, 23])
    func conv1dMatchesReference(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let (b, t, ci, co) = (Int.random(in: 1...5, using: &rng), Int.random(in: 5...37, using: &rng),
                              Int.random(in: 1...20, using: &rng), Int.random(in: 1...20, using: &rng))
        for (k, padding) in Self.convCases {
            let x = Tensor<Float>.normal([b, t, ci], using: &rng)
            let w = Tensor<Float>.normal([k, ci, co], using: &rng)
            let fast = x.conv1d(w, padding: padding).scalars
            let slow = ReferenceKernels.conv1d(x.scalars, w.scalars, batch: b, length: t, inChannels: ci,
                                               outChannels: co, kernelSize: k, padding: padding)
            expectRelativelyClose(fast, slow, "conv1d [\(b),\(t),\(ci)]⋆[\(k),\(ci),\(co)] \(padding)")
        }
    }

    /// `|a − e| ≤ 1e-4 · max(1, ‖e‖∞)`: Float sums in a different order.
    func expectRelativelyClose(_ a: [Float], _ e: [Float], _ label: String) {
        let scale = max(1, e.map(abs).max() ?? 1)
        let worst = zip(a, e).map { abs($0 - $1) }.max() ?? 0
        #expect(a.count == e.count && worst <= 1e-4 * scale, "\(label): max error \(worst) at scale \(scale)")
    }
}
