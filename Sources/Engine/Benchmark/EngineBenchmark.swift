/// Benchmarks of the tensor engine against the hardware's own numbers: the
/// engine's GEMM and convolution against raw `cblas_sgemm` on the same shapes,
/// and elementwise work against a plain copy of the same bytes.
///
/// Every benchmark checks its result (a wrong answer fails it) and reports a
/// ratio measured side by side in one run, because absolute times on a
/// shared 2-core machine are noisy.
public struct EngineBenchmark: Sendable {
    public var repetitions: Int
    public var warmup: Int

    public init(repetitions: Int = 20, warmup: Int = 3) {
        self.repetitions = repetitions
        self.warmup = warmup
    }

    /// One line of the report.
    public struct Result: Codable, Sendable {
        public let name: String
        /// The engine's median seconds per call.
        public let seconds: Double
        /// The baseline's median seconds for the same work.
        public let baselineSeconds: Double
        /// What was counted: `"GFLOP/s"` or `"GB/s"`.
        public let unit: String
        public let engineRate: Double
        public let baselineRate: Double
        /// `baselineSeconds / seconds`: 1 means as fast as the baseline.
        public var ratio: Double { baselineSeconds / seconds }
        public let baseline: String
    }

    /// The engine's `matmul` (allocation included) against raw sgemm into a
    /// preallocated buffer, `[m, k]·[k, n]`.
    public func gemm(m: Int, k: Int, n: Int) -> Result {
        var rng = SeededGenerator(seed: 1)
        let a = Tensor<Float>.normal([m, k], using: &rng), b = Tensor<Float>.normal([k, n], using: &rng)
        let raw = rawSgemmSeconds(m: m, n: n, k: k, transposeA: false)
        var product = Tensor<Float>.zeros([0])
        let engine = TimingSummary(Stopwatch.measure(warmup: warmup, repetitions: repetitions) {
            product = a.matmul(b)
        }).median
        checkProduct(product, a, b)
        let flops = 2.0 * Double(m * n * k)
        return Result(
            name: "matmul [\(m), \(k)]×[\(k), \(n)]", seconds: engine, baselineSeconds: raw, unit: "GFLOP/s",
            engineRate: flops / engine / 1e9, baselineRate: flops / raw / 1e9, baseline: "cblas_sgemm")
    }

    /// conv1d forward plus both VJPs (input and weight gradients) at
    /// `[B, T, C] ⋆ [K, C, C]`, against raw sgemm on the three GEMMs they need:
    /// `3 · 2·B·T·K·C·C` flops.
    public func conv1dForwardBackward(batch b: Int, length t: Int, channels c: Int, kernelSize k: Int) -> Result {
        var rng = SeededGenerator(seed: 2)
        let x = Tensor<Float>.normal([b, t, c], using: &rng).requiringGradient()
        let w = (Tensor<Float>.normal([k, c, c], using: &rng) * 0.05).requiringGradient()
        let upstream = Tensor<Float>.normal([b, t, c], using: &rng)
        let padding = Conv1dPadding.same(kernelSize: k)
        var grads: [Tensor<Float>] = []
        let engine = TimingSummary(Stopwatch.measure(warmup: warmup, repetitions: repetitions) {
            let y = x.conv1d(w, padding: padding)
            grads = gradient(of: (y * upstream).sum(), wrt: [x, w])
        }).median
        // The elementwise product and sum above are part of the engine's cost;
        // the baseline is the GEMMs alone.
        let raw = rawSgemmSeconds(m: b * t, n: c, k: k * c, transposeA: false) * 2
            + rawSgemmSeconds(m: k * c, n: c, k: b * t, transposeA: true)
        checkConvGradients(grads, x: x.detached(), w: w.detached(), upstream: upstream, padding: padding)
        let flops = 3 * 2.0 * Double(b * t * k * c * c)
        return Result(
            name: "conv1d fwd+bwd B=\(b) T=\(t) C=\(c) K=\(k)", seconds: engine, baselineSeconds: raw,
            unit: "GFLOP/s", engineRate: flops / engine / 1e9, baselineRate: flops / raw / 1e9,
            baseline: "cblas_sgemm, same GEMMs")
    }

    /// conv1d forward alone with one algorithm, against raw sgemm on the
    /// im2col GEMM `[B·T, K·C]·[K·C, C]` (`2·B·T·K·C·C` flops: Winograd's
    /// rate is in these direct-convolution flops, so it can pass the baseline).
    public func conv1dForward(batch b: Int, length t: Int, channels c: Int, kernelSize k: Int, algorithm: Conv1dAlgorithm) -> Result {
        var rng = SeededGenerator(seed: 5)
        let x = Tensor<Float>.normal([b, t, c], using: &rng)
        let w = Tensor<Float>.normal([k, c, c], using: &rng) * 0.05
        let padding = Conv1dPadding.same(kernelSize: k)
        var y = Tensor<Float>.zeros([0])
        let engine = Conv1dKernels.$forcedAlgorithm.withValue(algorithm) {
            TimingSummary(Stopwatch.measure(warmup: warmup, repetitions: repetitions) { y = x.conv1d(w, padding: padding) }).median
        }
        let reference = Conv1dKernels.$forcedAlgorithm.withValue(.im2col) { x.conv1d(w, padding: padding) }
        let scale = reference.scalars.map(abs).max() ?? 1
        precondition(zip(y.scalars, reference.scalars).allSatisfy { abs($0 - $1) <= 1e-4 * scale }, "conv benchmark: \(algorithm) differs from im2col")
        let raw = rawSgemmSeconds(m: b * t, n: c, k: k * c, transposeA: false)
        let flops = 2.0 * Double(b * t * k * c * c)
        return Result(
            name: "conv1d fwd B=\(b) T=\(t) C=\(c) K=\(k) \(algorithm)", seconds: engine, baselineSeconds: raw,
            unit: "GFLOP/s", engineRate: flops / engine / 1e9, baselineRate: flops / raw / 1e9,
            baseline: "cblas_sgemm, im2col GEMM")
    }

    /// `a + b` over `n` floats (12 bytes moved per element) against copying
    /// the same number of bytes with `memcpy`-like `update(from:)`, on the
    /// vector-kernel path in use or on `path`.
    public func add(count n: Int, path: KernelPath? = nil) -> Result {
        var rng = SeededGenerator(seed: 3)
        let a = Tensor<Float>.normal([n], using: &rng), b = Tensor<Float>.normal([n], using: &rng)
        var sum = Tensor<Float>.zeros([0])
        let engine = VectorKernels.withForcedPath(path ?? VectorKernels.forcedPath) {
            TimingSummary(Stopwatch.measure(warmup: warmup, repetitions: repetitions) { sum = a + b }).median
        }
        for i in stride(from: 0, to: n, by: max(1, n / 97)) {
            precondition(sum.withUnsafeBufferPointer { $0[i] } == a.withUnsafeBufferPointer { $0[i] } + b.withUnsafeBufferPointer { $0[i] }, "add benchmark: wrong sum at \(i)")
        }
        let bytes = 12.0 * Double(n)
        let copy = copySeconds(bytes: Int(bytes))
        return Result(
            name: "add \(n) floats" + Self.pathLabel(path), seconds: engine, baselineSeconds: copy, unit: "GB/s",
            engineRate: bytes / engine / 1e9, baselineRate: bytes / copy / 1e9, baseline: "copy of the same bytes")
    }

    /// Softmax over the last axis of `[rows, columns]`; at least 8 bytes per
    /// element must move (read once, write once). On the vector-kernel path
    /// in use or on `path` (`.swift`: the composite of five tensor operations).
    public func softmax(rows: Int, columns: Int, path: KernelPath? = nil) -> Result {
        var rng = SeededGenerator(seed: 4)
        let x = Tensor<Float>.normal([rows, columns], using: &rng)
        var p = Tensor<Float>.zeros([0])
        let engine = VectorKernels.withForcedPath(path ?? VectorKernels.forcedPath) {
            TimingSummary(Stopwatch.measure(warmup: warmup, repetitions: repetitions) { p = x.softmax() }).median
        }
        let rowSums = p.sum(alongAxes: [1]).scalars
        precondition(rowSums.allSatisfy { abs($0 - 1) < 1e-3 }, "softmax benchmark: rows do not sum to 1")
        let bytes = 8.0 * Double(rows * columns)
        let copy = copySeconds(bytes: Int(bytes))
        return Result(
            name: "softmax [\(rows), \(columns)]" + Self.pathLabel(path), seconds: engine, baselineSeconds: copy, unit: "GB/s",
            engineRate: bytes / engine / 1e9, baselineRate: bytes / copy / 1e9, baseline: "copy of the same bytes")
    }

    /// One Adam step over a parameter of `n` floats (``OptimizerKernels``:
    /// reads θ, m, v and g, writes θ, m and v: 28 bytes per element) against
    /// copying as many bytes; on the vector-kernel path in use or on `path`.
    public func adam(count n: Int, path: KernelPath? = nil) -> Result {
        var rng = SeededGenerator(seed: 6)
        var p = Tensor<Float>.normal([n], using: &rng).scalars, m = [Float](repeating: 0, count: n), v = m
        let g = Tensor<Float>.normal([n], using: &rng).scalars
        var step = 0
        let engine = VectorKernels.withForcedPath(path ?? VectorKernels.forcedPath) {
            TimingSummary(Stopwatch.measure(warmup: warmup, repetitions: repetitions) {
                step += 1
                let h = AdamHyperparameters<Float>(learningRate: 1e-4, beta1: 0.5, beta2: 0.9, epsilon: 1e-8, step: step)
                OptimizerKernels.adam(parameter: &p, firstMoment: &m, secondMoment: &v, gradient: g, count: n, hyperparameters: h)
            }).median
        }
        // The same gradient every step: m = (1 − β₁ᵗ)·g after t steps.
        let scale = 1 - Double.pow(0.5, step)
        precondition(zip(m, g).allSatisfy { abs(Double($0) - scale * Double($1)) <= 1e-5 * abs(Double($1)) } && p.allSatisfy(\.isFinite),
                     "adam benchmark: wrong moments")
        let bytes = 28.0 * Double(n)
        let copy = copySeconds(bytes: Int(bytes))
        return Result(
            name: "adam step \(n) floats" + Self.pathLabel(path), seconds: engine, baselineSeconds: copy, unit: "GB/s",
            engineRate: bytes / engine / 1e9, baselineRate: bytes / copy / 1e9, baseline: "copy of the same bytes")
    }

    /// `" (swift loops)"` and the like for a benchmark forced onto a path.
    static func pathLabel(_ path: KernelPath?) -> String {
        guard let path else { return "" }
        return path == .swift ? " (swift loops)" : " (\(path) kernels)"
    }

    /// Every benchmark the engine issue asks for, at the model's shapes.
    public func runAll() -> [Result] {
        [
            gemm(m: 2048, k: 640, n: 128),
            gemm(m: 2048, k: 2560, n: 512),
            conv1dForwardBackward(batch: 64, length: 32, channels: 128, kernelSize: 5),
            // fd's batch: real, fake and two interpolates in one forward.
            conv1dForwardBackward(batch: 256, length: 32, channels: 128, kernelSize: 5),
            conv1dForwardBackward(batch: 64, length: 32, channels: 512, kernelSize: 5),
        ] + [(64, 128), (256, 128), (64, 512)].flatMap { b, c in
            // Both forward algorithms side by side at each shape.
            [Conv1dAlgorithm.im2col, .winograd(outputs: Conv1dKernels.winogradTile)].map {
                conv1dForward(batch: b, length: 32, channels: c, kernelSize: 5, algorithm: $0)
            }
        } + [
            add(count: 1 << 20),
            add(count: 1 << 24),
            softmax(rows: 2048, columns: 2048),
            // The model's output rows: V ≈ 100 characters, B·T = 2048 rows.
            softmax(rows: 2048, columns: 113),
            adam(count: 1 << 20),
        ] + (VectorKernels.activePath == .swift ? [] : [
            // The Swift loops the vector kernels replaced, side by side.
            add(count: 1 << 24, path: .swift),
            softmax(rows: 2048, columns: 2048, path: .swift),
            adam(count: 1 << 20, path: .swift),
        ])
    }

    // MARK: - Baselines and checks

    private func rawSgemmSeconds(m: Int, n: Int, k: Int, transposeA: Bool) -> Double {
        var rng = SeededGenerator(seed: 9)
        let a = (0..<(m * k)).map { _ in Float.random(in: -1..<1, using: &rng) }
        let b = (0..<(k * n)).map { _ in Float.random(in: -1..<1, using: &rng) }
        var c = [Float](repeating: 0, count: m * n)
        return TimingSummary(Stopwatch.measure(warmup: warmup, repetitions: repetitions) {
            Float.gemm(
                transposeA: transposeA, transposeB: false, m: m, n: n, k: k, alpha: 1,
                a: a, lda: transposeA ? m : k, b: b, ldb: n, beta: 0, c: &c, ldc: n)
        }).median
    }

    private func copySeconds(bytes: Int) -> Double {
        let n = bytes / 2 / MemoryLayout<Float>.stride
        let source = UnsafeMutablePointer<Float>.allocate(capacity: n)
        source.initialize(repeating: 1, count: n)
        let destination = UnsafeMutablePointer<Float>.allocate(capacity: n)
        defer {
            source.deallocate()
            destination.deallocate()
        }
        return TimingSummary(Stopwatch.measure(warmup: warmup, repetitions: repetitions) {
            destination.update(from: source, count: n)
        }).median
    }

    /// Spot-checks a few entries of `a·b` against dot products in Double.
    private func checkProduct(_ c: Tensor<Float>, _ a: Tensor<Float>, _ b: Tensor<Float>) {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        let (pa, pb, pc) = (a.scalars, b.scalars, c.scalars)
        for (i, j) in [(0, 0), (m - 1, n - 1), (m / 2, n / 3)] {
            let exact = (0..<k).reduce(0.0) { $0 + Double(pa[i * k + $1]) * Double(pb[$1 * n + j]) }
            precondition(abs(Double(pc[i * n + j]) - exact) <= 1e-3 * max(1, abs(exact)), "gemm benchmark: wrong product at (\(i), \(j))")
        }
    }

    /// Spot-checks the input gradient at one position against the naive formula.
    private func checkConvGradients(_ grads: [Tensor<Float>], x: Tensor<Float>, w: Tensor<Float>, upstream: Tensor<Float>, padding: Conv1dPadding) {
        precondition(grads.count == 2 && grads[0].shape == x.shape && grads[1].shape == w.shape, "conv benchmark: wrong gradient shapes")
        let (t, c, k) = (x.shape[1], x.shape[2], w.shape[0])
        let (pw, pg, dx) = (w.scalars, upstream.scalars, grads[0].scalars)
        // dx[0, s, i] = Σ_k Σ_o g[0, s − k + pL, o] · w[k, i, o]
        let (s, i) = (t / 2, c / 3)
        var exact = 0.0
        for kk in 0..<k {
            let tt = s - kk + padding.left
            guard tt >= 0 && tt < t else { continue }
            for o in 0..<c { exact += Double(pg[tt * c + o]) * Double(pw[(kk * c + i) * c + o]) }
        }
        precondition(abs(Double(dx[s * c + i]) - exact) <= 1e-3 * max(1, abs(exact)), "conv benchmark: wrong input gradient")
    }
}
