import Foundation
import Testing
@testable import TextGAN

/// textgan's training step against PyTorch's, in `Double`: the same initial
/// weights, batches, noise and interpolation weights, three generator
/// iterations of two critic steps each with Adam, for `gp`, `gp-one-sided`, `gp-directional`,
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
    static func load<Model: ParameterGroup>(_ weights: [String: Fixture.Values], into model: inout Model) {
        for (name, path) in model.parameterPaths {
            guard let w = weights[name] else { preconditionFailure("fixture has no \(name)") }
            precondition(w.shape == model[keyPath: path].shape, "\(name): fixture \(w.shape), model \(model[keyPath: path].shape)")
            model[keyPath: path] = Tensor(shape: w.shape, scalars: w.values.map { Model.Scalar($0) })
        }
    }

    /// The largest `|a − b| / (1 + |b|)` over every parameter of `model` against the fixture.
    static func largestDifference<Model: ParameterGroup>(_ model: Model, _ weights: [String: Fixture.Values]) -> Double {
        var worst = 0.0
        for (name, path) in model.parameterPaths {
            guard let expected = weights[name]?.values else { return .infinity }
            for (a, b) in zip(model[keyPath: path].scalars, expected) { worst = max(worst, abs(Double(a) - b) / (1 + abs(b))) }
        }
        return worst
    }

    static let tolerance = 1e-7

    static func agree(_ a: Double, _ b: Double, tolerance: Double = tolerance) -> Bool { abs(a - b) <= tolerance * (1 + abs(b)) }

    @Test(arguments: ["gp", "gp-one-sided", "fd", "fd-one-sided", "gp-directional"])
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

    /// The replay in `Float`, textgan's training precision, against PyTorch's
    /// float64 numbers: a float32 path that is wrong (a kernel right only in
    /// `Double`, a lossy accumulation) shows as O(1). Measured on the bundled
    /// fixture: 5e-3 (gp) and 3e-3 (fd) in the critic's weights, all of it in the
    /// last convolution's and the output's biases, whose exact gradient is 0
    /// (they shift every score by one constant, which the loss cancels): float32
    /// leaves ~6e-8 of roundoff there (B = 3, so the means' 1/B are inexact) and
    /// Adam's `m̂/(√v̂ + ε)` turns any gradient ≫ ε = 1e-8 into a step of ~lr.
    /// PyTorch float32 on the same draws: 7e-8 (gp), 2.5e-3 (fd). At the quality
    /// runs' size (fixture README) textgan float32 and PyTorch float32 are
    /// equally far from float64: 2.1e-4 both for gp.
    @Test(arguments: ["gp", "fd"])
    func float32TrainingStaysNearPyTorch(penaltyName: String) throws {
        try Self.replay(penaltyName, as: Float.self, tolerance: 1e-2)
    }

    /// The float32 replay on every vector-kernel path this CPU runs, and on
    /// the Swift loops (`.swift`): every weight but the two biases whose exact
    /// gradient is 0 stays within 1e-6 of PyTorch's float64 values (measured:
    /// ≤ 1e-7 on every path), so the kernels change training by roundoff only.
    /// Those two biases drift by Adam's steps on roundoff, as above; where they
    /// end depends on the roundoff (measured, fd: the output bias 4.7e-3 from
    /// PyTorch on the C paths, whose softmax VJP rounds differently from the
    /// composite's, against < 1e-5 on the Swift loops; gp: 5.1e-3 on all),
    /// and stays within `float32TrainingStaysNearPyTorch`'s 1e-2.
    @Test(arguments: ["gp", "fd"], KernelPath.allCases.filter { $0.isSupported })
    func float32TrainingOnEveryKernelPathChangesOnlyByRoundoff(penaltyName: String, path: KernelPath) throws {
        let differences = try VectorKernels.withForcedPath(path) {
            try Self.replay(penaltyName, as: Float.self, tolerance: 1e-2)
        }
        let zeroGradient: Set<String> = ["critic.output.bias", "critic.block2.conv2.bias"]
        #expect(Set(differences.keys).isSuperset(of: zeroGradient), "\(differences.keys.sorted())")
        for (name, difference) in differences where !zeroGradient.contains(name) {
            #expect(difference < 1e-6, "\(name) on \(path), \(penaltyName): \(difference) from PyTorch")
        }
    }

    /// Replays the fixture's run of `penaltyName` in `Scalar`, checks every
    /// loss and the final weights against `tolerance`, and returns the largest
    /// relative difference from PyTorch of each parameter, by name.
    @discardableResult
    static func replay<Scalar: TensorScalar>(_ penaltyName: String, as _: Scalar.Type = Double.self, tolerance: Double = tolerance) throws -> [String: Double] {
        let f = Self.fixture
        if customFixturePath != nil, !f.runs.contains(where: { $0.penalty == penaltyName }) { return [:] }
        guard let run = f.runs.first(where: { $0.penalty == penaltyName }) else {
            Issue.record("the fixture has no \(penaltyName) run")
            return [:]
        }
        let kind = try #require(PenaltyKind(rawValue: penaltyName))
        let m = f.model
        let configuration = ModelConfiguration(
            vocabularySize: m.vocabularySize, sequenceLength: m.sequenceLength, channels: m.channels,
            blocks: m.blocks, latentSize: m.latentSize, kernelSize: m.kernelSize)
        var rng = SeededGenerator(seed: 0)
        var generator = Generator<Scalar>(configuration, using: &rng)
        var critic = Critic<Scalar>(configuration, using: &rng)
        Self.load(run.initialWeights, into: &generator)
        Self.load(run.initialWeights, into: &critic)
        func adam(_ shapes: [[Int]]) -> Adam<Scalar> {
            Adam(shapes: shapes, learningRate: Scalar(f.learningRate), beta1: Scalar(f.beta1), beta2: Scalar(f.beta2))
        }
        var generatorOptimizer = adam(generator.parameters.map(\.shape))
        var criticOptimizer = adam(critic.parameters.map(\.shape))
        var worstLoss = 0.0
        let b = f.batchSize
        let noiseShape = [b, m.latentSize]

        func expectAgreement(_ value: Tensor<Scalar>, _ expected: Double?, _ what: @autoclosure () -> String) throws {
            let a = Double(value.scalar), e = try #require(expected)
            worstLoss = max(worstLoss, abs(a - e) / (1 + abs(e)))
            #expect(Self.agree(a, e, tolerance: tolerance), "\(what()): \(a) vs PyTorch \(e)")
        }
        for (index, step) in run.steps.enumerated() {
            let z = Tensor<Scalar>(shape: noiseShape, scalars: step.noise.map { Scalar($0) })
            if step.network == "critic" {
                let ids = try #require(step.realIDs), alphas = try #require(step.alphas)
                let real = Tensor<Scalar>.oneHot(ids, shape: [b, m.sequenceLength], depth: m.vocabularySize)
                let fake = generator.detached()(z)
                let d = critic.trackingGradients()
                let objective = CriticObjective(
                    critic: d, real: real, fake: fake,
                    alphas: alphas.map { Tensor(shape: [b], scalars: $0.map { Scalar($0) }) },
                    penalty: kind, lambda: Scalar(f.lambda))
                try expectAgreement(objective.loss, step.loss, "step \(index): critic loss")
                try expectAgreement(objective.wassersteinLoss, step.wassersteinLoss, "step \(index): Wasserstein loss")
                try expectAgreement(objective.penalty, step.penalty, "step \(index): penalty")
                criticOptimizer.update(&critic, gradients: gradient(of: objective.loss, wrt: d.parameters))
            } else {
                let g = generator.trackingGradients()
                let loss = WassersteinLoss.generator(fakeScores: critic.detached()(g(z)))
                try expectAgreement(loss, step.loss, "step \(index): generator loss")
                generatorOptimizer.update(&generator, gradients: gradient(of: loss, wrt: g.parameters))
            }
        }
        let generatorDifference = Self.largestDifference(generator, run.finalWeights)
        let criticDifference = Self.largestDifference(critic, run.finalWeights)
        if customFixturePath != nil {
            print("\(penaltyName) in \(Scalar.dtypeName): largest relative difference from PyTorch: losses \(worstLoss), "
                + "generator weights \(generatorDifference), critic weights \(criticDifference)")
        }
        #expect(generatorDifference < tolerance)
        #expect(criticDifference < tolerance)
        // The fixture is not trivially satisfied: training moved the weights.
        #expect(Self.largestDifference(critic, run.initialWeights) > 1e-4)
        return Self.differences(generator, run.finalWeights).merging(Self.differences(critic, run.finalWeights)) { max($0, $1) }
    }

    /// The largest `|a − b| / (1 + |b|)` of each parameter of `model` against the fixture, by name.
    static func differences<Model: ParameterGroup>(_ model: Model, _ weights: [String: Fixture.Values]) -> [String: Double] {
        var result: [String: Double] = [:]
        for (name, path) in model.parameterPaths {
            let expected = weights[name]?.values ?? []
            result[name] = expected.count == model[keyPath: path].count
                ? zip(model[keyPath: path].scalars, expected).map { abs(Double($0) - $1) / (1 + abs($1)) }.max() ?? 0
                : .infinity
        }
        return result
    }
}
