import Foundation
import Testing
@testable import TextGAN

/// textgan's training step against PyTorch's, in `Double`: the same initial
/// weights, batches, noise and interpolation weights, three generator
/// iterations of two critic steps each with Adam, for `gp`, `gp-one-sided`,
/// `fd` and `fd-one-sided`. Every loss and every final weight must agree to
/// 1e-7 (most agree to 1e-12; Adam's `m̂/√v̂` turns the roundoff of a
/// near-zero gradient component into a step of order `lr`, which shows as
/// ~2e-9 after a few steps, where any real difference shows as ≫ 1e-4).
/// This checks the whole composition (architecture, layouts, losses,
/// penalties, the double backward, Adam) against an independent implementation,
/// not only each gradient against finite differences.
///
/// The fixture and the script that made it: `Fixtures/pytorch-trajectory/`.
/// `TEXTGAN_TRAJECTORY_FIXTURE=FILE` replays another fixture made by the same
/// script (e.g. at the quality runs' full size; its penalties only).
@Suite struct PyTorchTrajectoryTests {
    struct Fixture: Decodable {
        struct Model: Decodable { var vocabularySize, sequenceLength, channels, blocks, kernelSize, latentSize: Int }
        struct Values: Decodable { var shape: [Int]; var values: [Double] }
        struct Step: Decodable {
            var network: String
            var realIDs: [Int32]?
            var noise: [Double]
            var alphas: [[Double]]?
            var loss: Double
            var wassersteinLoss: Double?
            var penalty: Double?
        }
        struct Run: Decodable {
            var penalty: String
            var initialWeights: [String: Values]
            var steps: [Step]
            var finalWeights: [String: Values]
        }
        var model: Model
        var batchSize: Int
        var learningRate, beta1, beta2, lambda: Double
        var runs: [Run]
    }

    /// A fixture named by `TEXTGAN_TRAJECTORY_FIXTURE`, if any.
    static let customFixturePath = ProcessInfo.processInfo.environment["TEXTGAN_TRAJECTORY_FIXTURE"].flatMap { $0.isEmpty ? nil : $0 }

    static let fixture: Fixture = {
        let url = customFixturePath.map(URL.init(fileURLWithPath:))
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/pytorch-trajectory/trajectory.json")
        do {
            return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        } catch {
            preconditionFailure("cannot read \(url.path): \(error)")
        }
    }()

    /// Overwrites every parameter of `model` with the fixture's value of the same name.
    static func load<Model: ParameterGroup>(_ weights: [String: Fixture.Values], into model: inout Model) where Model.Scalar == Double {
        for (name, path) in model.parameterPaths {
            guard let w = weights[name] else { preconditionFailure("fixture has no \(name)") }
            precondition(w.shape == model[keyPath: path].shape, "\(name): fixture \(w.shape), model \(model[keyPath: path].shape)")
            model[keyPath: path] = Tensor(shape: w.shape, scalars: w.values)
        }
    }

    /// The largest `|a − b| / (1 + |b|)` over every parameter of `model` against the fixture.
    static func largestDifference<Model: ParameterGroup>(_ model: Model, _ weights: [String: Fixture.Values]) -> Double where Model.Scalar == Double {
        var worst = 0.0
        for (name, path) in model.parameterPaths {
            guard let expected = weights[name]?.values else { return .infinity }
            for (a, b) in zip(model[keyPath: path].scalars, expected) { worst = max(worst, abs(a - b) / (1 + abs(b))) }
        }
        return worst
    }

    static let tolerance = 1e-7

    static func agree(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= tolerance * (1 + abs(b)) }

    @Test(arguments: ["gp", "gp-one-sided", "fd", "fd-one-sided"])
    func trainingMatchesPyTorch(penaltyName: String) throws {
        try Self.replay(penaltyName)
    }

    /// The same replay with every convolution by Winograd (the tiny model's
    /// 4 channels would otherwise take im2col): the whole training step,
    /// double backward included, through the fast path.
    ///
    /// Not for `fd`: in this 4-channel critic some convolution windows see
    /// only zeros (dead relu channels, zero initial bias), so im2col's output
    /// there is exactly 0, while Winograd's transforms cancel to ±1e-17 and
    /// relu's subgradient at the kink flips from 0 to 1 (measured: conv1's
    /// bias gradient then differs by 2.4). Both are valid subgradients; with
    /// 32+ channels (where Winograd runs) and trained biases such windows do not occur.
    @Test(arguments: ["gp", "gp-one-sided"])
    func trainingThroughWinogradMatchesPyTorch(penaltyName: String) throws {
        try Conv1dKernels.$forcedAlgorithm.withValue(.winograd(outputs: Conv1dKernels.winogradTile)) {
            try Self.replay(penaltyName)
        }
    }

    static func replay(_ penaltyName: String) throws {
        let f = Self.fixture
        if customFixturePath != nil, !f.runs.contains(where: { $0.penalty == penaltyName }) { return }
        let run = try #require(f.runs.first { $0.penalty == penaltyName })
        let kind = try #require(PenaltyKind(rawValue: penaltyName))
        let m = f.model
        let configuration = ModelConfiguration(
            vocabularySize: m.vocabularySize, sequenceLength: m.sequenceLength, channels: m.channels,
            blocks: m.blocks, latentSize: m.latentSize, kernelSize: m.kernelSize)
        var rng = SeededGenerator(seed: 0)
        var generator = Generator<Double>(configuration, using: &rng)
        var critic = Critic<Double>(configuration, using: &rng)
        Self.load(run.initialWeights, into: &generator)
        Self.load(run.initialWeights, into: &critic)
        var generatorOptimizer = Adam<Double>(shapes: generator.parameters.map(\.shape), learningRate: f.learningRate, beta1: f.beta1, beta2: f.beta2)
        var criticOptimizer = Adam<Double>(shapes: critic.parameters.map(\.shape), learningRate: f.learningRate, beta1: f.beta1, beta2: f.beta2)
        let b = f.batchSize
        let noiseShape = [b, m.latentSize]

        for (index, step) in run.steps.enumerated() {
            let z = Tensor<Double>(shape: noiseShape, scalars: step.noise)
            if step.network == "critic" {
                let ids = try #require(step.realIDs), alphas = try #require(step.alphas)
                let real = Tensor<Double>.oneHot(ids, shape: [b, m.sequenceLength], depth: m.vocabularySize)
                let fake = generator.detached()(z)
                let d = critic.trackingGradients()
                let objective = CriticObjective(
                    critic: d, real: real, fake: fake, alphas: alphas.map { Tensor(shape: [b], scalars: $0) },
                    penalty: kind, lambda: f.lambda)
                #expect(Self.agree(objective.loss.scalar, step.loss), "step \(index): critic loss \(objective.loss.scalar) vs PyTorch \(step.loss)")
                #expect(Self.agree(objective.wassersteinLoss.scalar, try #require(step.wassersteinLoss)), "step \(index): Wasserstein loss")
                #expect(Self.agree(objective.penalty.scalar, try #require(step.penalty)), "step \(index): penalty \(objective.penalty.scalar) vs \(step.penalty ?? .nan)")
                criticOptimizer.update(&critic, gradients: gradient(of: objective.loss, wrt: d.parameters))
            } else {
                let g = generator.trackingGradients()
                let loss = WassersteinLoss.generator(fakeScores: critic.detached()(g(z)))
                #expect(Self.agree(loss.scalar, step.loss), "step \(index): generator loss \(loss.scalar) vs PyTorch \(step.loss)")
                generatorOptimizer.update(&generator, gradients: gradient(of: loss, wrt: g.parameters))
            }
        }
        #expect(Self.largestDifference(generator, run.finalWeights) < Self.tolerance)
        #expect(Self.largestDifference(critic, run.finalWeights) < Self.tolerance)
        // The fixture is not trivially satisfied: training moved the weights.
        #expect(Self.largestDifference(critic, run.initialWeights) > 1e-4)
    }
}
