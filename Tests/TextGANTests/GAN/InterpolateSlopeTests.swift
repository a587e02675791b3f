import Testing
@testable import TextGAN

extension MetricsTests {
    @Suite struct InterpolateSlopeTests {
        static let model = ModelConfiguration(vocabularySize: 5, sequenceLength: 6, channels: 8, blocks: 0, latentSize: 4)

        /// With no residual blocks the critic is linear in its input, `D(x) = g·x + c`, so the slope along the
        /// real→fake line is the same at every α and equals the difference quotient `|D(fake) − D(real)| / ‖fake − real‖`
        /// (what `fd` measures), and no direction is steeper than `‖g‖`.
        @Test func aLinearCriticsLineSlopeIsItsDifferenceQuotient() {
            var rng = SeededGenerator(seed: 5)
            let critic = Critic<Float>(Self.model, using: &rng)
            let real = Tensor<Float>.oneHot([1, 2, 3, 4, 0, 0, 2, 2, 3, 1, 4, 0], shape: [2, 6], depth: 5)
            let fake = Tensor<Float>.uniform([2, 6, 5], in: 0..<1, using: &rng)
            let d = critic.detached()
            let scoreReal = d(real).scalars, scoreFake = d(fake).scalars
            let distance = (fake - real).l2Norm(alongAxes: [1, 2]).scalars
            let low = InterpolateSlopes(critic: critic.detached().callAsFunction, real: real, fake: fake, alpha: Tensor(shape: [2], scalars: [0.1, 0.2]))
            let high = InterpolateSlopes(critic: critic.detached().callAsFunction, real: real, fake: fake, alpha: Tensor(shape: [2], scalars: [0.9, 0.7]))
            for b in 0..<2 {
                let quotient = abs(scoreFake[b] - scoreReal[b]) / distance[b]
                #expect(abs(low.alongLine[b] - quotient) <= 1e-4 * max(quotient, 1), "\(low.alongLine[b]) vs \(quotient)")
                #expect(abs(high.alongLine[b] - low.alongLine[b]) <= 1e-5 * max(quotient, 1))
                #expect(abs(high.total[b] - low.total[b]) <= 1e-5 * low.total[b])
                #expect(low.alongLine[b] <= low.total[b])
            }
            #expect(abs(low.alongLineMean - (Double(low.alongLine[0]) + Double(low.alongLine[1])) / 2) < 1e-12)
        }

        /// `Evaluator.criticSlopes` pairs held-out rows with generated ones row by row, as many as both have,
        /// in batches of 64 with α from its seed: the first batch equals the slopes computed directly.
        @Test func evaluatorPairsHeldOutAndGeneratedRows() {
            let rows = 70
            let heldOut = (0..<rows * 6).map { Int32(1 + $0 % 4) }
            let evaluator = Evaluator(training: heldOut, heldOut: heldOut, sequenceLength: 6, padID: 0)
            var rng = SeededGenerator(seed: 9)
            let critic = Critic<Float>(ModelConfiguration(vocabularySize: 5, sequenceLength: 6, channels: 8, blocks: 1, latentSize: 4), using: &rng)
            let generator = Generator<Float>(ModelConfiguration(vocabularySize: 5, sequenceLength: 6, channels: 8, blocks: 1, latentSize: 4), using: &rng)
            let noise = Tensor<Float>.normal([100, 4], using: &rng)
            let slopes = evaluator.criticSlopes(critic, generator: generator, noise: noise, seed: 3)
            #expect(slopes.total.count == rows && slopes.alongLine.count == rows)
            #expect(evaluator.criticSlopes(critic, generator: generator, noise: noise, seed: 3).alongLine == slopes.alongLine)
            #expect(evaluator.criticSlopes(critic, generator: generator, noise: noise.slice(axis: 0, 0..<10), seed: 3).total.count == 10)
            var alphas = SeededGenerator(seed: 3)
            let first = InterpolateSlopes(
                critic: critic.detached().callAsFunction, real: Tensor.oneHot(Array(heldOut.prefix(64 * 6)), shape: [64, 6], depth: 5),
                fake: generator.detached()(noise.slice(axis: 0, 0..<64)), alpha: Tensor.uniform([64], using: &alphas))
            #expect(Array(slopes.alongLine.prefix(64)) == first.alongLine && Array(slopes.total.prefix(64)) == first.total)
            #expect(zip(slopes.alongLine, slopes.total).allSatisfy { $0 <= $1 * (1 + 1e-5) })
        }
    }
}
