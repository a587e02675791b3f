import Testing
@testable import TextGAN

/// The arithmetic data-parallel training rests on, in Double: the critic's and the
/// generator's gradients on a global batch equal the mean of their gradients on its equal
/// slices (each a mean over its own rows), for every penalty and loss, with and without
/// spectral normalisation (its vectors are the same on every rank) and orthogonal
/// regularisation (a term of the weights alone, which every rank adds whole); and the
/// slices of the ranks, in order, are the batch.
@Suite struct BatchSliceTests {
    static let config = ModelConfiguration(vocabularySize: 5, sequenceLength: 6, channels: 4, blocks: 1, latentSize: 3, kernelSize: 3)

    /// The largest |a − b| / (1 + |b|) over every element of two gradient lists.
    static func largestDifference(_ a: [Tensor<Double>], _ b: [Tensor<Double>]) -> Double {
        var worst = 0.0
        for (x, y) in zip(a, b) {
            for (u, v) in zip(x.scalars, y.scalars) { worst = max(worst, abs(u - v) / (1 + abs(v))) }
        }
        return worst
    }

    static func mean(_ lists: [[Tensor<Double>]]) -> [Tensor<Double>] {
        (0..<lists[0].count).map { i in
            let sum = lists.map { $0[i].scalars }.reduce([Double](repeating: 0, count: lists[0][i].count)) { zip($0, $1).map(+) }
            return Tensor(shape: lists[0][i].shape, scalars: sum.map { $0 / Double(lists.count) })
        }
    }

    @Test(arguments: PenaltyKind.allCases)
    func criticGradientsOfSlicesAverageToTheBatch(kind: PenaltyKind) {
        var rng = SeededGenerator(seed: 11)
        let generator = Generator<Double>(Self.config, using: &rng)
        let critic = Critic<Double>(Self.config, using: &rng)
        let b = 8
        let ids = (0..<(b * Self.config.sequenceLength)).map { _ in Int32.random(in: 0..<5, using: &rng) }
        let real = Tensor<Double>.oneHot(ids, shape: [b, Self.config.sequenceLength], depth: 5)
        let fake = generator.detached()(generator.noise(batchSize: b, using: &rng))
        let alphas = (0..<kind.interpolateCount).map { _ in Tensor<Double>.uniform([b], using: &rng) }
        let spectralNorm = SpectralNorm<Double>(of: critic, seed: 3)
        for (loss, normalized) in AdversarialLoss.allCases.flatMap({ loss in [(loss, false), (loss, true)] }) {
            func gradients(_ rows: Range<Int>) -> [Tensor<Double>] {
                let d = critic.trackingGradients()
                let objective = CriticObjective(critic: normalized ? spectralNorm.normalized(d) : d, real: real.slice(axis: 0, rows),
                                                fake: fake.slice(axis: 0, rows), alphas: alphas.map { $0.slice(axis: 0, rows) },
                                                penalty: kind, lambda: 10, loss: loss)
                return gradient(of: objective.loss, wrt: d.parameters)
            }
            let whole = gradients(0..<b)
            for ranks in [2, 4] {
                let slices = (0..<ranks).map { r in gradients((r * b / ranks)..<((r + 1) * b / ranks)) }
                let difference = Self.largestDifference(Self.mean(slices), whole)
                #expect(difference < 1e-12, "\(kind.rawValue), \(loss), spectral norm \(normalized), \(ranks) slices: \(difference)")
            }
            #expect(whole.contains { $0.scalars.contains { $0 != 0 } })
        }
    }

    @Test func generatorGradientsOfSlicesAverageToTheBatch() {
        var rng = SeededGenerator(seed: 12)
        let generator = Generator<Double>(Self.config, using: &rng)
        let critic = Critic<Double>(Self.config, using: &rng)
        let z = generator.noise(batchSize: 8, using: &rng)
        let spectralNorm = SpectralNorm<Double>(of: generator, seed: 4)
        for loss in AdversarialLoss.allCases {
            func gradients(_ rows: Range<Int>) -> [Tensor<Double>] {
                let g = generator.trackingGradients()
                let scores = critic.detached()(spectralNorm.normalized(g)(z.slice(axis: 0, rows)))
                return gradient(of: loss.generator(fakeScores: scores) + OrthogonalRegularization.penalty(g, beta: 0.1), wrt: g.parameters)
            }
            let difference = Self.largestDifference(Self.mean([gradients(0..<4), gradients(4..<8)]), gradients(0..<8))
            #expect(difference < 1e-12, "\(loss): \(difference)")
        }
    }

    @Test func theRanksSlicesInOrderAreTheBatch() {
        final class Rank: Communicator {
            let rank: Int, size: Int
            init(_ rank: Int, of size: Int) { (self.rank, self.size) = (rank, size) }
            func allReduceSum(_ buffer: inout [Float]) {}
            func allReduceSum(_ buffer: inout [Double]) {}
            func allReduceMax(_ buffer: inout [Double]) {}
            func broadcast(_ bytes: inout [UInt8], root: Int) {}
            func barrier() {}
            func abort(_ message: String, code: Int32) -> Never { fatalError(message) }
        }
        for size in [1, 2, 4, 8] {
            let rows = (0..<size).flatMap { Array(Rank($0, of: size).slice(ofBatch: 64)) }
            #expect(rows == Array(0..<64), "\(size) ranks")
        }
        #expect(SingleProcess().slice(ofBatch: 7) == 0..<7)
    }
}
