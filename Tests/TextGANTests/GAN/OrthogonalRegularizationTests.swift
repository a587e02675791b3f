import Testing
@testable import TextGAN

/// BigGAN's orthogonal regularisation in `Double`: its value against a plain-array sum over
/// the off-diagonal inner products of the columns (in both branches, tall and wide), its
/// gradient against finite differences and against the closed form `4β·M·(MᵀM ⊙ (1 − I))`.
@Suite struct OrthogonalRegularizationTests {
    /// `Σ_{j ≠ k} (Σᵢ M_ij M_ik)²` in plain loops.
    static func offDiagonalSquares(_ m: Tensor<Double>) -> Double {
        let (rows, columns) = (m.shape[0], m.shape[1]), x = m.scalars
        var total = 0.0
        for j in 0..<columns {
            for k in 0..<columns where k != j {
                let dot = (0..<rows).reduce(0.0) { $0 + x[$1 * columns + j] * x[$1 * columns + k] }
                total += dot * dot
            }
        }
        return total
    }

    @Test(arguments: [(5, 3), (3, 3), (2, 6), (1, 4), (4, 1)])
    func valueIsTheSumOfSquaredOffDiagonalInnerProducts(rows: Int, columns: Int) {
        let m = GradientChecking.normals([[rows, columns]], seed: UInt64(rows * 7 + columns))[0]
        let value = OrthogonalRegularization.offDiagonalGramSquared(m).scalar
        let expected = Self.offDiagonalSquares(m)
        #expect(abs(value - expected) <= 1e-12 * max(1, expected), "\(value) vs \(expected)")
    }

    /// Orthogonal columns of any lengths cost nothing: the diagonal (the norms) is free.
    @Test func orthogonalColumnsOfAnyNormCostNothing() {
        let m = Tensor<Double>(shape: [3, 2], scalars: [3, 0, 0, 0.5, 0, 0])
        #expect(OrthogonalRegularization.offDiagonalGramSquared(m).scalar == 0)
        let wide = Tensor<Double>(shape: [2, 3], scalars: [2, 0, 0, 0, 1, 0])
        #expect(abs(OrthogonalRegularization.offDiagonalGramSquared(wide).scalar) < 1e-15)
        // Two equal unit columns: (MᵀM)₁₂ = (MᵀM)₂₁ = 1 → 2.
        let equal = Tensor<Double>(shape: [2, 2], scalars: [1, 1, 0, 0])
        #expect(OrthogonalRegularization.offDiagonalGramSquared(equal).scalar == 2)
    }

    @Test(arguments: [(5, 3), (2, 6)])
    func gradientAgainstFiniteDifferencesAndTheClosedForm(rows: Int, columns: Int) {
        let inputs = GradientChecking.normals([[rows, columns]], seed: 3)
        GradientChecking.checkFirstOrder("orthogonal regularisation \(rows)×\(columns)", inputs: inputs, seed: 3) {
            OrthogonalRegularization.offDiagonalGramSquared($0[0])
        }
        GradientChecking.checkSecondOrder("orthogonal regularisation \(rows)×\(columns)", inputs: inputs, seed: 3) {
            OrthogonalRegularization.offDiagonalGramSquared($0[0])
        }
        // ∇ = 4·M·(G ⊙ (1 − I)), G = MᵀM: twice the gradient BigGAN-PyTorch's `ortho` adds.
        let m = inputs[0], x = m.scalars
        let g = valueWithGradient(at: m) { OrthogonalRegularization.offDiagonalGramSquared($0) }.gradient.scalars
        for i in 0..<rows {
            for j in 0..<columns {
                var expected = 0.0
                for k in 0..<columns where k != j {
                    let gram = (0..<rows).reduce(0.0) { $0 + x[$1 * columns + k] * x[$1 * columns + j] }
                    expected += 4 * x[i * columns + k] * gram
                }
                #expect(abs(g[i * columns + j] - expected) < 1e-10 * max(1, abs(expected)), "[\(i), \(j)]")
            }
        }
    }

    /// The penalty of a network: β times the sum over its weight matrices (each `[…, out]`
    /// read as `[fanIn, out]`), biases left out; its gradient with respect to every parameter.
    @Test func penaltyOfAGeneratorSumsItsWeightMatrices() {
        var rng = SeededGenerator(seed: 2)
        let generator = Generator<Double>(ModelConfiguration(vocabularySize: 4, sequenceLength: 3, channels: 2, blocks: 1, latentSize: 2, kernelSize: 3), using: &rng)
        let expected = [generator.input.weight, generator.blocks[0].conv1.weight, generator.blocks[0].conv2.weight, generator.output.weight]
            .map { Self.offDiagonalSquares($0.asWeightMatrix()) }.reduce(0, +)
        #expect(abs(OrthogonalRegularization.penalty(generator, beta: 0.5).scalar - 0.5 * expected) < 1e-12 && expected > 0)
        GradientChecking.checkFirstOrder("orthogonal regularisation of a Generator", inputs: generator.parameters) { weights in
            var g = generator
            g.setParameters(weights)
            return OrthogonalRegularization.penalty(g, beta: 0.5)
        }
    }
}
