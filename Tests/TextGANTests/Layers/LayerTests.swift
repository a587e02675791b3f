import Foundation
import Testing
@testable import TextGAN

/// Output shapes and values of the layers, their initialisers' distributions,
/// and the dotted parameter names that are also the checkpoint keys.
@Suite struct LayerTests {
    // MARK: Naive references

    /// `y[b,t,o] = Σₖ Σᵢ x[b, t+k−K/2, i] · w[k,i,o] + bias[o]`, zeros outside `[0, T)`.
    static func naiveConv1d(_ x: Tensor<Double>, _ w: Tensor<Double>, _ bias: Tensor<Double>) -> [Double] {
        let (b, t, cin) = (x.shape[0], x.shape[1], x.shape[2]), (k, cout) = (w.shape[0], w.shape[2])
        let xs = x.scalars, ws = w.scalars, bs = bias.scalars
        var out = [Double](repeating: 0, count: b * t * cout)
        for n in 0..<b { for p in 0..<t { for o in 0..<cout {
            var s = bs[o]
            for j in 0..<k {
                let q = p + j - k / 2
                guard q >= 0 && q < t else { continue }
                for i in 0..<cin { s += xs[(n * t + q) * cin + i] * ws[(j * cin + i) * cout + o] }
            }
            out[(n * t + p) * cout + o] = s
        } } }
        return out
    }

    static func expectClose(_ a: [Double], _ b: [Double], _ what: String, tolerance: Double = 1e-10, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.count == b.count, "\(what): \(a.count) values, expected \(b.count)", sourceLocation: sourceLocation)
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= tolerance, "\(what): largest difference \(worst)", sourceLocation: sourceLocation)
    }

    /// Random nonzero values for the biases (they start at zero, which would hide a dropped bias).
    static func randomized<P: ParameterGroup>(_ layer: P, seed: UInt64) -> P where P.Scalar == Double {
        var rng = SeededGenerator(seed: seed)
        var copy = layer
        copy.setParameters(layer.parameters.map { Tensor<Double>.uniform($0.shape, in: -1..<1, using: &rng) })
        return copy
    }

    // MARK: Shapes and values

    @Test(arguments: [(1, 1, 1), (2, 3, 5), (7, 16, 4), (4, 128, 1)])
    func linearMapsBatchByInToBatchByOut(batch: Int, inputs: Int, outputs: Int) {
        var rng = SeededGenerator(seed: UInt64(batch * 1000 + inputs * 10 + outputs))
        let layer = Self.randomized(Linear<Double>(inputSize: inputs, outputSize: outputs, using: &rng), seed: 5)
        #expect(layer.weight.shape == [inputs, outputs] && layer.bias.shape == [outputs])
        let x = Tensor<Double>.normal([batch, inputs], using: &rng)
        let y = layer(x)
        #expect(y.shape == [batch, outputs])
        let (xs, ws, bs) = (x.scalars, layer.weight.scalars, layer.bias.scalars)
        let expected = (0..<batch).flatMap { n in
            (0..<outputs).map { o in bs[o] + (0..<inputs).reduce(0.0) { $0 + xs[n * inputs + $1] * ws[$1 * outputs + o] } }
        }
        Self.expectClose(y.scalars, expected, "Linear \(inputs)→\(outputs) on B = \(batch)")
    }

    @Test(arguments: [1, 3, 5], [(1, 1, 1, 1), (2, 7, 3, 4), (3, 5, 8, 2), (2, 9, 32, 32)])
    func conv1dKeepsTheSequenceLengthAndMatchesTheNaiveSum(kernelSize: Int, shape: (Int, Int, Int, Int)) {
        let (batch, length, inputChannels, outputChannels) = shape
        var rng = SeededGenerator(seed: UInt64(kernelSize * 100 + length))
        let conv = Self.randomized(
            Conv1d<Double>(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: kernelSize, using: &rng), seed: 6)
        #expect(conv.weight.shape == [kernelSize, inputChannels, outputChannels] && conv.bias.shape == [outputChannels])
        #expect(conv.kernelSize == kernelSize)
        let x = Tensor<Double>.normal([batch, length, inputChannels], using: &rng)
        let y = conv(x)
        #expect(y.shape == [batch, length, outputChannels])
        Self.expectClose(y.scalars, Self.naiveConv1d(x, conv.weight, conv.bias), "Conv1d K = \(kernelSize) on \(x.shape)", tolerance: 1e-9)
    }

    @Test(arguments: [1, 3, 5], [false, true])
    func resBlockIsTheResidualFormula(kernelSize: Int, layerNorm: Bool) {
        var rng = SeededGenerator(seed: UInt64(kernelSize))
        let block = Self.randomized(ResBlock<Double>(channels: 6, kernelSize: kernelSize, layerNorm: layerNorm, using: &rng), seed: 7)
        for (batch, length) in [(1, 1), (2, 5), (3, 8)] {
            let x = Tensor<Double>.normal([batch, length, 6], using: &rng)
            let y = block(x)
            #expect(y.shape == [batch, length, 6])
            // x + 0.3 · conv₂(relu(norm₂(conv₁(relu(norm₁(x)))))), built from the parts.
            var h = block.norm1.map { $0(x) } ?? x
            h = Tensor(shape: h.shape, scalars: Self.naiveConv1d(h.relu(), block.conv1.weight, block.conv1.bias))
            if let norm2 = block.norm2 { h = norm2(h) }
            let branch = Self.naiveConv1d(h.relu(), block.conv2.weight, block.conv2.bias)
            Self.expectClose(y.scalars, zip(x.scalars, branch).map { $0 + 0.3 * $1 }, "ResBlock K = \(kernelSize) on \(x.shape)", tolerance: 1e-9)
        }
        #expect(ResBlock<Double>.residualScale == 0.3)
    }

    @Test(arguments: [[1, 4], [2, 3, 5], [3, 1, 16]])
    func layerNormNormalisesTheLastAxis(shape: [Int]) {
        var rng = SeededGenerator(seed: UInt64(shape.reduce(0, +)))
        let c = shape[shape.count - 1]
        let norm = LayerNorm<Double>(channels: c)
        #expect(norm.gamma.scalars == [Double](repeating: 1, count: c) && norm.beta.scalars == [Double](repeating: 0, count: c))
        let x = Tensor<Double>.normal(shape, mean: 3, standardDeviation: 2, using: &rng)
        let y = norm(x)
        #expect(y.shape == shape)
        for row in 0..<(x.count / c) {
            let xs = Array(x.scalars[(row * c)..<((row + 1) * c)]), ys = Array(y.scalars[(row * c)..<((row + 1) * c)])
            let mean = xs.reduce(0, +) / Double(c)
            let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(c)
            Self.expectClose(ys, xs.map { ($0 - mean) / (variance + 1e-5).squareRoot() }, "LayerNorm row \(row) of \(shape)")
        }
        // γ and β apply per channel after normalising.
        var affine = norm
        affine.gamma = Tensor(shape: [c], scalars: (0..<c).map { Double($0) + 0.5 })
        affine.beta = Tensor(shape: [c], scalars: (0..<c).map { -Double($0) })
        let z = affine(x)
        Self.expectClose(z.scalars, y.scalars.enumerated().map { $0.element * (Double($0.offset % c) + 0.5) - Double($0.offset % c) }, "LayerNorm γ, β")
    }

    // MARK: Initialisers

    /// Uniform `U(−a, a)` has std `a/√3`; the layers document
    /// Glorot: `std = √(2/(fanIn + fanOut))`, He (convolutions): `std = √(4/(fanIn + fanOut))`
    /// with `fanIn = Cin·K`, `fanOut = Cout·K`. Checks every weight lies in `[−a, a)`,
    /// the extremes come close to ±a (the bound is not narrower), the empirical std
    /// is within 2 % of the formula (over ≥ 10⁵ draws its own error is ≈ 0.3 %),
    /// the mean is ≈ 0, and the biases are zero.
    static func expectUniform(_ weights: [Float], bias: [Float], std: Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bound = std * 3.0.squareRoot()
        let values = weights.map(Double.init)
        let n = Double(values.count)
        #expect(values.allSatisfy { $0 >= -bound * (1 + 1e-6) && $0 < bound * (1 + 1e-6) }, "\(what): a weight outside ±\(bound)", sourceLocation: sourceLocation)
        #expect((values.max() ?? 0) > 0.99 * bound && (values.min() ?? 0) < -0.99 * bound,
                "\(what): extremes \(values.min() ?? 0), \(values.max() ?? 0) for bound \(bound)", sourceLocation: sourceLocation)
        let mean = values.reduce(0, +) / n
        let empirical = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n).squareRoot()
        #expect(abs(empirical / std - 1) < 0.02, "\(what): std \(empirical), formula \(std)", sourceLocation: sourceLocation)
        #expect(abs(mean) < 5 * std / n.squareRoot(), "\(what): mean \(mean)", sourceLocation: sourceLocation)
        #expect(bias.allSatisfy { $0 == 0 }, "\(what): bias not zero", sourceLocation: sourceLocation)
    }

    @Test(arguments: [(256, 512), (1024, 128), (4096, 32)])
    func linearIsGlorotUniform(inputs: Int, outputs: Int) {
        var rng = SeededGenerator(seed: UInt64(inputs + outputs))
        let layer = Linear<Float>(inputSize: inputs, outputSize: outputs, using: &rng)
        Self.expectUniform(layer.weight.scalars, bias: layer.bias.scalars, std: (2 / Double(inputs + outputs)).squareRoot(),
                           "Linear \(inputs)→\(outputs)")
    }

    @Test(arguments: [(1, 512, 256), (3, 128, 128), (5, 128, 64)])
    func conv1dIsHeUniformWithFansTimesKernel(kernelSize: Int, inputs: Int, outputs: Int) {
        var rng = SeededGenerator(seed: UInt64(kernelSize))
        let conv = Conv1d<Float>(inputChannels: inputs, outputChannels: outputs, kernelSize: kernelSize, using: &rng)
        Self.expectUniform(conv.weight.scalars, bias: conv.bias.scalars,
                           std: (4 / Double(inputs * kernelSize + outputs * kernelSize)).squareRoot(),
                           "Conv1d K = \(kernelSize) \(inputs)→\(outputs)")
    }

    /// Small layers too: every weight within the bound, for many seeds.
    @Test func smallLayersStayWithinTheirBounds() {
        for seed in 0..<50 as Range<UInt64> {
            var rng = SeededGenerator(seed: seed)
            let linear = Linear<Double>(inputSize: 3, outputSize: 2, using: &rng)
            let a = (6.0 / 5).squareRoot()
            #expect(linear.weight.scalars.allSatisfy { abs($0) <= a }, "seed \(seed): \(linear.weight.scalars)")
            let conv = Conv1d<Double>(inputChannels: 2, outputChannels: 3, kernelSize: 5, using: &rng)
            let b = (12.0 / 25).squareRoot()
            #expect(conv.weight.scalars.allSatisfy { abs($0) <= b }, "seed \(seed): \(conv.weight.scalars)")
        }
    }

    @Test func evenKernelSizeTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = SeededGenerator(seed: 0)
            _ = Conv1d<Float>(inputChannels: 2, outputChannels: 2, kernelSize: 4, using: &rng)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("Conv1d: kernel size 4 must be odd for same padding"), "\(stderr)")
    }

    // MARK: Parameter names (checkpoint keys) and counts

    static func blockNames(_ prefix: String, layerNorm: Bool) -> [String] {
        ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias"].map { "\(prefix).\($0)" }
            + (layerNorm ? ["norm1.gamma", "norm1.beta", "norm2.gamma", "norm2.beta"].map { "\(prefix).\($0)" } : [])
    }

    @Test func layerParameterNamesAreTheDocumentedKeys() {
        var rng = SeededGenerator(seed: 1)
        #expect(Linear<Float>(inputSize: 2, outputSize: 3, using: &rng).parameterPaths.map(\.name) == ["weight", "bias"])
        #expect(Conv1d<Float>(inputChannels: 2, outputChannels: 3, kernelSize: 3, using: &rng).parameterPaths.map(\.name) == ["weight", "bias"])
        #expect(LayerNorm<Float>(channels: 4).parameterPaths.map(\.name) == ["gamma", "beta"])
        let plain = ResBlock<Float>(channels: 4, kernelSize: 3, layerNorm: false, using: &rng)
        #expect(plain.parameterPaths.map(\.name) == ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias"])
        let normed = ResBlock<Float>(channels: 4, kernelSize: 3, layerNorm: true, using: &rng)
        #expect(normed.parameterPaths.map(\.name) == Self.blockNames("x", layerNorm: true).map { String($0.dropFirst(2)) })
        // Each path reaches the tensor its name says.
        #expect(normed[keyPath: normed.parameterPaths[6].path].scalars == normed.norm2?.gamma.scalars)
        #expect(normed[keyPath: normed.parameterPaths[3].path].shape == [4] && normed[keyPath: normed.parameterPaths[2].path].shape == [3, 4, 4])
    }

    static let configurations: [ModelConfiguration] = [
        ModelConfiguration(vocabularySize: 6, sequenceLength: 8, channels: 16, blocks: 1, latentSize: 8),
        ModelConfiguration(vocabularySize: 11, sequenceLength: 5, channels: 4, blocks: 3, latentSize: 7, kernelSize: 3),
        ModelConfiguration(vocabularySize: 3, sequenceLength: 4, channels: 2, blocks: 2, latentSize: 2, kernelSize: 1, criticLayerNorm: true),
        ModelConfiguration(vocabularySize: 40, sequenceLength: 32, channels: 32, blocks: 5, latentSize: 16, kernelSize: 5, criticLayerNorm: true),
    ]

    /// `generator.input`, `generator.block1…N`, `generator.output`, in that order,
    /// with the shapes the architecture gives them:
    /// input `[Z, T·C]`, `[T·C]`; block convolutions `[K, C, C]`, `[C]`; output `[1, C, V]`, `[V]`.
    @Test(arguments: configurations)
    func generatorKeysShapesAndCount(_ c: ModelConfiguration) {
        var rng = SeededGenerator(seed: 2)
        let g = Generator<Float>(c, using: &rng)
        let (t, v, ch, k, z, n) = (c.sequenceLength, c.vocabularySize, c.channels, c.kernelSize, c.latentSize, c.blocks)
        var expected: [(String, [Int])] = [("generator.input.weight", [z, t * ch]), ("generator.input.bias", [t * ch])]
        for i in 1...n {
            expected += Self.blockNames("generator.block\(i)", layerNorm: false).map { ($0, $0.hasSuffix("weight") ? [k, ch, ch] : [ch]) }
        }
        expected += [("generator.output.weight", [1, ch, v]), ("generator.output.bias", [v])]
        #expect(g.namedParameters().map(\.name) == expected.map(\.0))
        #expect(g.namedParameters().map(\.tensor.shape) == expected.map(\.1))
        #expect(g.parameterCount == z * t * ch + t * ch + n * 2 * (k * ch * ch + ch) + ch * v + v)
        // The last block's second convolution is where its key says.
        let last = g.parameterPaths.first { $0.name == "generator.block\(n).conv2.weight" }
        #expect(last.map { g[keyPath: $0.path].scalars } == g.blocks[n - 1].conv2.weight.scalars)
    }

    /// `critic.input` `[1, V, C]`, `[C]`; blocks (with `norm1`, `norm2` γ/β `[C]`
    /// under layer norm); `critic.output` `[T·C, 1]`, `[1]`.
    @Test(arguments: configurations)
    func criticKeysShapesAndCount(_ c: ModelConfiguration) {
        var rng = SeededGenerator(seed: 3)
        let d = Critic<Float>(c, using: &rng)
        let (t, v, ch, k, n) = (c.sequenceLength, c.vocabularySize, c.channels, c.kernelSize, c.blocks)
        var expected: [(String, [Int])] = [("critic.input.weight", [1, v, ch]), ("critic.input.bias", [ch])]
        for i in 1...n {
            expected += Self.blockNames("critic.block\(i)", layerNorm: c.criticLayerNorm).map { ($0, $0.hasSuffix("conv1.weight") || $0.hasSuffix("conv2.weight") ? [k, ch, ch] : [ch]) }
        }
        expected += [("critic.output.weight", [t * ch, 1]), ("critic.output.bias", [1])]
        #expect(d.namedParameters().map(\.name) == expected.map(\.0))
        #expect(d.namedParameters().map(\.tensor.shape) == expected.map(\.1))
        let normParameters = c.criticLayerNorm ? n * 4 * ch : 0
        #expect(d.parameterCount == v * ch + ch + n * 2 * (k * ch * ch + ch) + normParameters + t * ch + 1)
        #expect(Set(d.parameterPaths.map(\.name)).count == d.parameterPaths.count)
    }

    /// The memory estimate's parameter count is the two networks', layer norms included.
    @Test(arguments: configurations)
    func memoryEstimateCountsTheParameters(_ c: ModelConfiguration) {
        var rng = SeededGenerator(seed: 4)
        let generator = Generator<Float>(c, using: &rng).parameterCount, critic = Critic<Float>(c, using: &rng).parameterCount
        var configuration = TrainingConfiguration(model: c)
        let plain = MemoryEstimate(configuration: configuration)
        #expect(plain.parameterCount == Double(generator + critic))
        #expect(plain.generatorParameterCount == Double(generator) && plain.criticParameterCount == Double(critic))
        // Spectral normalisation adds a copy of the normalised networks' weights.
        for (target, copied) in [(SpectralNormTarget.none, 0), (.critic, critic), (.both, generator + critic)] {
            configuration.spectralNorm = target
            let estimate = MemoryEstimate(configuration: configuration)
            #expect(estimate.normalizedParameterCount == Double(copied))
            #expect(estimate.bytes == plain.bytes + 4 * Double(copied), "\(target)")
        }
    }
}
