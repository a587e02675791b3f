import Foundation
import Testing
@testable import TextGAN

/// The C vector kernels (`Sources/CKernels`) on every path this CPU can run
/// (portable C, AVX2 + FMA, AVX-512), against the Swift loops they replace
/// (the `.swift` path) and naive references: bit for bit where the kernel
/// promises it (elementwise, optimiser, the portable Winograd transforms),
/// within stated roundoff where it fuses multiply-adds (exp, softmax, the AVX
/// Winograd transforms). Sizes 1, 7, 15, 17, 33 and 1003 reach every tail of
/// the 8- and 16-lane loops.
@Suite struct VectorKernelTests {
    /// The C paths this machine runs; AVX-512 is left out (with a note) where the CPU lacks it.
    static let paths: [KernelPath] = [.baseline, .avx2, .avx512].filter(\.isSupported)
    static let sizes = [1, 7, 15, 17, 33, 1003]

    static func table(_ path: KernelPath) throws -> KernelTable {
        try #require(VectorKernels.table(for: path), "no kernels for \(path)")
    }

    /// Normal draws scaled up and down, with ±0, ±inf and NaN among them (every 11th element from the 3rd).
    static func values(_ n: Int, seed: UInt64, scale: Float = 3, specials: Bool = true) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        let special: [Float] = [0, -0.0, .infinity, -.infinity, .nan, 1e-40, -1e30]
        return (0..<n).map { i in
            if specials && i % 11 == 3 { return special[(i / 11) % special.count] }
            return Float.random(in: -1...1, using: &rng) * scale * (i % 5 == 0 ? 100 : 1)
        }
    }

    /// Same value, NaN equal to NaN, −0 told from +0.
    static func identical(_ a: Float, _ b: Float) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    /// Units in the last place between two floats of the same sign (0 when equal, NaN matching NaN).
    static func ulps(_ a: Float, _ b: Float) -> Int {
        if a == b || (a.isNaN && b.isNaN) { return 0 }
        if a.isNaN || b.isNaN || (a.sign != b.sign) { return Int.max }
        return abs(Int(a.bitPattern) - Int(b.bitPattern))
    }

    /// Runs `kernel(output)` on a buffer of `n` scalars followed by 9 guard
    /// values, checks that the guards are untouched (the tail masks write
    /// nothing past the end) and returns the `n` outputs.
    static func guarded(_ n: Int, _ kernel: (UnsafeMutablePointer<Float>) -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> [Float] {
        var buffer = [Float](repeating: 12345, count: n + 9)
        buffer.withUnsafeMutableBufferPointer { kernel($0.baseAddress!) }
        #expect(buffer[n...].allSatisfy { $0 == 12345 }, "wrote past \(n) elements", sourceLocation: sourceLocation)
        return Array(buffer[..<n])
    }

    // MARK: - Dispatch

    @Test func theSelectedPathRunsHereAndRequestsFallBack() {
        print("vector kernels: selected \(VectorKernels.selectedPath), best \(VectorKernels.bestPath), CPU: \(VectorKernels.cpuFeatures)")
        #expect(VectorKernels.selectedPath.isSupported && VectorKernels.bestPath.isSupported)
        #expect(KernelPath.baseline.isSupported && KernelPath.swift.isSupported)
        #expect(VectorKernels.table(for: .swift) == nil)
        #expect(!VectorKernels.cpuFeatures.isEmpty)
        #if arch(x86_64)
        #expect(VectorKernels.cpuFeatures.hasPrefix("x86-64"))
        #endif
        // A request the CPU cannot run takes the best path below it, never a missing one.
        #expect(KernelPath.avx512.supportedFallback == (KernelPath.avx512.isSupported ? .avx512 : KernelPath.avx2.isSupported ? .avx2 : .baseline))
        #expect(KernelPath.swift.supportedFallback == .swift && KernelPath.baseline.supportedFallback == .baseline)
        for path in KernelPath.allCases {
            VectorKernels.withForcedPath(path) {
                #expect(VectorKernels.activePath == path.supportedFallback)
                #expect(VectorKernels.active(for: Float.self)?.path == (path == .swift ? nil : path.supportedFallback))
                #expect(VectorKernels.active(for: Double.self) == nil, "Double always runs the Swift loops")
            }
        }
        #expect(Self.paths.contains(.baseline))
        if !KernelPath.avx512.isSupported { print("vector kernels: this CPU has no AVX-512; its kernels are built but not run here") }
    }

    /// `TEXTGAN_KERNELS` is read once per process, so each case runs in a child process.
    @Test func theEnvironmentVariableForcesAPathOrFallsBackWithANote() async {
        await #expect(processExitsWith: .success) {
            setenv("TEXTGAN_KERNELS", "baseline", 1)
            precondition(VectorKernels.selectedPath == .baseline && VectorKernels.selectionNote == nil)
            precondition(VectorKernels.active(for: Float.self)?.path == .baseline)
        }
        await #expect(processExitsWith: .success) {
            setenv("TEXTGAN_KERNELS", "swift", 1)
            precondition(VectorKernels.selectedPath == .swift && VectorKernels.active(for: Float.self) == nil)
        }
        let fallback = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            setenv("TEXTGAN_KERNELS", "AVX512", 1)
            precondition(VectorKernels.selectedPath == KernelPath.avx512.supportedFallback)
            precondition((VectorKernels.selectionNote == nil) == KernelPath.avx512.isSupported)
        }
        let fallbackNote = String(decoding: fallback?.standardErrorContent ?? [], as: UTF8.self)
        if KernelPath.avx512.isSupported {
            #expect(fallbackNote.isEmpty, "\(fallbackNote)")
        } else {
            #expect(fallbackNote.contains("TEXTGAN_KERNELS=avx512: this CPU cannot run it"), "\(fallbackNote)")
        }
        let unknown = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            setenv("TEXTGAN_KERNELS", "sse9", 1)
            precondition(VectorKernels.selectedPath == VectorKernels.bestPath && VectorKernels.selectionNote != nil)
        }
        let unknownNote = String(decoding: unknown?.standardErrorContent ?? [], as: UTF8.self)
        #expect(unknownNote.contains("TEXTGAN_KERNELS=sse9 is not a kernel path"), "\(unknownNote)")
    }

    // MARK: - Elementwise: the Swift loops' bits on every path

    @Test(arguments: paths)
    func elementwiseKernelsGiveTheSwiftLoopsBits(path: KernelPath) throws {
        let k = try Self.table(path)
        for n in Self.sizes {
            let a = Self.values(n, seed: UInt64(n)), b = Self.values(n, seed: UInt64(n + 1))
            let mask = Self.values(n, seed: UInt64(n + 2)).enumerated().map { $0.offset % 3 == 0 ? 0 : $0.element }
            let s: Float = -0.3
            let expected: [(String, [Float], (UnsafeMutablePointer<Float>) -> Void)] = [
                ("add", zip(a, b).map { $0 + $1 }, { k.binary(.add, a, b, $0, count: n) }),
                ("sub", zip(a, b).map { $0 - $1 }, { k.binary(.sub, a, b, $0, count: n) }),
                ("mul", zip(a, b).map { $0 * $1 }, { k.binary(.mul, a, b, $0, count: n) }),
                ("addScaled", zip(a, b).map { $0 + s * $1 }, { k.binary(.addScaled(s), a, b, $0, count: n) }),
                ("keepWherePositive", zip(a, mask).map { $1 > 0 ? $0 : 0 }, { k.binary(.keepWherePositive, a, mask, $0, count: n) }),
                ("scale", a.map { $0 * s }, { k.unary(.scale(s), a, $0, count: n) }),
                ("relu", a.map { Swift.max($0, 0) }, { k.unary(.relu, a, $0, count: n) }),
                ("select", (0..<n).map { (mask[$0] != 0 ? a[$0] : b[$0]) + 0 }, { k.select(mask, a, b, $0, count: n) }),
            ]
            for (name, reference, kernel) in expected {
                let y = Self.guarded(n, kernel)
                let wrong = (0..<n).filter { !Self.identical(y[$0], reference[$0]) }
                #expect(wrong.isEmpty, "\(name) on \(path), n = \(n): first difference at \(wrong.first ?? -1)")
            }
            // In place: the output may be the first input.
            var inPlace = a
            inPlace.withUnsafeMutableBufferPointer { k.binary(.add, UnsafePointer($0.baseAddress!), b, $0.baseAddress!, count: n) }
            #expect(zip(inPlace, zip(a, b)).allSatisfy { Self.identical($0, $1.0 + $1.1) }, "in-place add on \(path), n = \(n)")
        }
    }

    /// relu keeps NaN and turns −0 into +0, as Swift's `max(x, 0)` does; the
    /// mask kernels treat a NaN mask as "not positive" and a NaN condition as true.
    @Test(arguments: paths)
    func signedZerosAndNaNsFollowSwift(path: KernelPath) throws {
        let k = try Self.table(path)
        let x: [Float] = [-0.0, 0, .nan, -.nan, -1, 1, .infinity, -.infinity, -.leastNonzeroMagnitude]
        let n = x.count
        let relu = Self.guarded(n) { k.unary(.relu, x, $0, count: n) }
        #expect(relu[0].bitPattern == Float(0).bitPattern && relu[2].isNaN && relu[3].isNaN && relu[8].bitPattern == Float(0).bitPattern)
        let kept = Self.guarded(n) { k.binary(.keepWherePositive, [Float](repeating: -0.0, count: n), x, $0, count: n) }
        #expect(kept.allSatisfy { $0.bitPattern == Float(-0.0).bitPattern || $0.bitPattern == Float(0).bitPattern })
        let picked = Self.guarded(n) { k.select(x, [Float](repeating: -0.0, count: n), [Float](repeating: 2, count: n), $0, count: n) }
        // c = ±0 picks b; NaN and everything else pick a (−0, made +0).
        #expect(picked == [2, 2, 0, 0, 0, 0, 0, 0, 0] && picked.allSatisfy { $0.sign == .plus })
    }

    /// The engine's operations on `Float` tensors give the same bits on every
    /// path as on `.swift` (the Swift loops): equal shapes, a `[C]` row
    /// broadcast over `[B, T, C]` (the kernel per row), and a scalar.
    @Test(arguments: paths)
    func tensorOperationsGiveTheSwiftPathsBits(path: KernelPath) {
        var rng = SeededGenerator(seed: 5)
        let x = Tensor<Float>.normal([3, 5, 33], using: &rng), y = Tensor<Float>.normal([3, 5, 33], using: &rng)
        let row = Tensor<Float>.normal([33], using: &rng), short = Tensor<Float>.normal([7], using: &rng)
        let z = Tensor<Float>.normal([2, 7], using: &rng)
        func results() -> [Tensor<Float>] {
            [x + y, x - y, x * y, x + row, row - x, x * row, z * short, x * 0.3, x.adding(y, scaledBy: 0.3), x.relu(),
             x.keepingWherePositive(y), `where`(x.isGreater(than: 0), x, y), x.exp(), -x]
        }
        let reference = VectorKernels.withForcedPath(.swift) { results() }
        let fast = VectorKernels.withForcedPath(path) { results() }
        for (i, (a, e)) in zip(fast, reference).enumerated() where i != 12 {
            #expect(a.shape == e.shape && zip(a.scalars, e.scalars).allSatisfy { Self.identical($0, $1) }, "operation \(i) on \(path)")
        }
        // exp is the one that is not bit for bit (its own test bounds it): RealModule's expf against the kernel.
        #expect(zip(fast[12].scalars, reference[12].scalars).allSatisfy { Self.ulps($0, $1) <= 2 }, "exp on \(path)")
    }

    // MARK: - exp and softmax

    /// Every float in [−104, 89] at a stride of 2¹⁴ bit patterns (about 130 000
    /// of them, each binade covered), the edges of overflow and underflow, and
    /// the special values, against eˣ computed in Double and rounded once.
    @Test(arguments: paths)
    func expIsWithinOneUlpOfTheCorrectlyRoundedValue(path: KernelPath) throws {
        let k = try Self.table(path)
        var x: [Float] = []
        for sign in [Float(1), -1] {
            var bits: UInt32 = 0
            while true {
                let v = sign * Float(bitPattern: bits)
                if v > 89 || v < -104 { break }
                x.append(v)
                bits += 1 << 14
            }
        }
        x += [88.72283, 88.72284, 88.7229, 89, 100, -87.33654, -87.3366, -103.27893, -103.97208, -103.9721, -104, -200,
              .infinity, -.infinity, .nan, 0, -0.0, .leastNonzeroMagnitude, 1e-30, 0.5 * .ulpOfOne]
        let n = x.count
        let y = Self.guarded(n) { k.unary(.exp, x, $0, count: n) }
        var worst = 0, worstAt: Float = 0, worstAgainstExpf = 0
        for i in 0..<n {
            let exact = Float(Foundation.exp(Double(x[i])))
            let d = Self.ulps(y[i], exact)
            if d > worst { (worst, worstAt) = (d, x[i]) }
            worstAgainstExpf = max(worstAgainstExpf, Self.ulps(y[i], Foundation.exp(x[i])))
        }
        print("exp on \(path): \(n) inputs, at most \(worst) ulp from the correctly rounded value (at \(worstAt)), \(worstAgainstExpf) from glibc's expf")
        // An exhaustive run over all 2.2e9 floats in [−104, 89] found at most 1 ulp on the
        // portable and AVX2 paths (correctly rounded for 99.2%); this sample keeps that bound.
        #expect(worst <= 1, "exp on \(path): \(worst) ulp at x = \(worstAt)")
        #expect(worstAgainstExpf <= 1)
        let specials = Array(y.suffix(8))  // +inf, −inf, NaN, 0, −0, the least subnormal, 1e-30, 2⁻²⁴
        #expect(specials[0] == .infinity && specials[1] == 0 && specials[2].isNaN, "exp(+inf), exp(−inf), exp(NaN): \(specials)")
        #expect(specials[3...].allSatisfy { $0 == 1 }, "exp of ±0 and of tiny x: \(specials)")
    }

    /// Softmax's own exponential, `eˣ·2⁶⁴` for `x ≤ 0` with a degree-6
    /// polynomial: every float in [−104, 0] at a stride of 2¹² bit patterns
    /// (about 270 000), against `eˣ·2⁶⁴` in Double rounded once.
    @Test(arguments: paths)
    func softmaxExpIsWithinOneUlpOfTheCorrectlyRoundedValue(path: KernelPath) throws {
        let k = try Self.table(path)
        var x: [Float] = []
        var bits: UInt32 = 0
        while -Float(bitPattern: bits) >= -104 {
            x.append(-Float(bitPattern: bits))
            bits += 1 << 12
        }
        x += [-104, -103.99999, -87.33654, -0.5 * .ulpOfOne, -.leastNonzeroMagnitude, -0.0]
        let n = x.count
        let y = Self.guarded(n) { k.scaledExp(x, $0, count: n) }
        var worst = 0, worstAt: Float = 0
        for i in 0..<n {
            let d = Self.ulps(y[i], Float(Foundation.exp(Double(x[i])) * 0x1p64))
            if d > worst { (worst, worstAt) = (d, x[i]) }
        }
        print("softmax's exp on \(path): \(n) inputs, at most \(worst) ulp from the correctly rounded value (at \(worstAt))")
        // An exhaustive run over all 1.1e9 floats in [−104, 0] found at most 1 ulp on the
        // portable and AVX2 paths (correctly rounded for 99.1% and 99.5%).
        #expect(worst <= 1, "softmax's exp on \(path): \(worst) ulp at x = \(worstAt)")
        #expect(y.suffix(2).allSatisfy { $0 == 0x1p64 }, "e^−0 and e^(−tiny) must be 2⁶⁴ exactly")
        let special = Self.guarded(2) { k.scaledExp([-Float.infinity, .nan], $0, count: 2) }
        #expect(special[0] == y[n - 6] && special[1].isNaN, "e^−∞ (clamped to e^−104), e^NaN: \(special)")
    }

    /// Softmax rows against softmax in Double of the same floats, with
    /// logits spread from 1e-3 to 1e3 (rows where exp would overflow without
    /// the shift, rows whose smaller entries underflow to 0), and a row with −∞.
    @Test(arguments: paths)
    func softmaxRowsAgreeWithDoubleToAFewUlps(path: KernelPath) throws {
        let k = try Self.table(path)
        for columns in Self.sizes {
            for scale: Float in [1e-3, 1, 30, 1000] {
                let rows = 4
                var x = Self.values(rows * columns, seed: UInt64(columns), scale: scale, specials: false)
                if columns > 1 { x[0] = -.infinity }  // a −∞ logit has probability 0
                x[columns - 1] += 80  // exp(80 + …) overflows unshifted
                let y = Self.guarded(rows * columns) { k.softmaxRows(x, $0, rows: rows, columns: columns) }
                var worst = 0.0
                for r in 0..<rows {
                    // The shift x − m rounded to float, as every path (and the composite) computes it:
                    // its roundoff, |x − m|·2⁻²⁴, is the input's conditioning, not the kernel's error.
                    let row = x[(r * columns)..<((r + 1) * columns)]
                    let m = row.max()!
                    let e = row.map { Foundation.exp(Double($0 - m)) }
                    let sum = e.reduce(0, +)
                    for j in 0..<columns {
                        let exact = e[j] / sum, got = Double(y[r * columns + j])
                        // Relative to the entry, with an absolute floor at the smallest normal float.
                        worst = max(worst, abs(got - exact) / max(exact, Double(Float.leastNormalMagnitude)))
                    }
                }
                print("softmax on \(path), \(rows) × \(columns), scale \(scale): relative error \(worst)")
                // Measured: at most 1.6e-7 (2.7 float ulps) on every path: exp, the sum in 16 lanes,
                // the rounded reciprocal of the sum and one product.
                #expect(worst < 3e-7, "softmax on \(path), \(rows) × \(columns), scale \(scale): relative error \(worst)")
                if columns == 1 { #expect(y.allSatisfy { $0 == 1 }) }
            }
        }
        // A row of NaN or of +∞ comes out NaN, as the composite's does.
        let special: [Float] = [.nan, 1, 2, .infinity, 1, 2]
        let y = Self.guarded(6) { k.softmaxRows(special, $0, rows: 2, columns: 3) }
        #expect(y.allSatisfy { $0.isNaN })
    }

    /// AVX2 and AVX-512 fold the same 16 partial sums in the same order and
    /// run the same fused polynomial, so they agree bit for bit.
    @Test func theVectorPathsAgreeBitForBitOnSoftmax() throws {
        guard KernelPath.avx512.isSupported else { return }
        let (a, b) = (try Self.table(.avx2), try Self.table(.avx512))
        for columns in Self.sizes {
            let x = Self.values(3 * columns, seed: 9, scale: 20, specials: false)
            let ya = Self.guarded(3 * columns) { a.softmaxRows(x, $0, rows: 3, columns: columns) }
            let yb = Self.guarded(3 * columns) { b.softmaxRows(x, $0, rows: 3, columns: columns) }
            #expect(zip(ya, yb).allSatisfy { Self.identical($0, $1) }, "columns \(columns)")
        }
    }

    /// The fused softmax primitive against the composite (the `.swift` path):
    /// values, the gradient, and the gradient of a function of the gradient
    /// (its VJP is written in tensor operations so it can be differentiated again).
    @Test(arguments: paths)
    func fusedSoftmaxMatchesTheCompositeToSecondOrder(path: KernelPath) {
        var rng = SeededGenerator(seed: 11)
        let x = (Tensor<Float>.normal([2, 3, 17], using: &rng) * 4).requiringGradient()
        let w = Tensor<Float>.normal([2, 3, 17], using: &rng), u = Tensor<Float>.normal([2, 3, 17], using: &rng)
        func run() -> [Tensor<Float>] {
            let y = x.softmax()
            let g = gradient(of: (y * w).sum(), wrt: [x], createGraph: true)[0]
            let h = gradient(of: (g * u).sum(), wrt: [x])[0]
            return [y.detached(), g.detached(), h]
        }
        let composite = VectorKernels.withForcedPath(.swift) { run() }
        let fused = VectorKernels.withForcedPath(path) { run() }
        for (i, (a, e)) in zip(fused, composite).enumerated() {
            let scale = e.scalars.map(abs).max() ?? 1
            let error = zip(a.scalars, e.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(error <= 1e-5 * scale, "softmax \(["value", "gradient", "second order"][i]) on \(path): \(error) of \(scale)")
        }
        // Other axes and Double keep the composite.
        VectorKernels.withForcedPath(path) {
            let z = x.detached().softmax(alongAxis: 1)
            #expect(zip(z.sum(alongAxes: [1]).scalars, [Float](repeating: 1, count: 34)).allSatisfy { abs($0 - $1) < 1e-6 })
        }
    }

    // MARK: - Forcing a path for a scope

    /// `withForcedPath` scopes nest, nil inside one restores the selected path, and the
    /// path is the selected one again once every scope has closed (the count that lets
    /// kernel calls skip the task-local lookup returns to zero).
    @Test func forcedPathScopesNestAndClose() {
        // Outside every scope of this task nothing is forced, whatever other tests force in theirs.
        #expect(VectorKernels.forcedPath == nil)
        VectorKernels.withForcedPath(.baseline) {
            #expect(VectorKernels.activePath == .baseline)
            VectorKernels.withForcedPath(nil) { #expect(VectorKernels.activePath == VectorKernels.selectedPath) }
            VectorKernels.withForcedPath(.swift) {
                #expect(VectorKernels.activePath == .swift)
                #expect(VectorKernels.active(for: Float.self) == nil)
            }
            #expect(VectorKernels.activePath == .baseline)
        }
        VectorKernels.withForcedPath(nil) { #expect(VectorKernels.forcedPath == nil) }
        #expect(VectorKernels.forcedPath == nil && VectorKernels.activePath == VectorKernels.selectedPath)
    }

    // MARK: - Sums over leading axes: the Swift loop's bits on every path

    /// `sum(alongAxes:)` over axes before the last adds whole rows with the vector kernel
    /// (a bias gradient): each output must be the same left-to-right sum of floats.
    @Test(arguments: paths)
    func sumsOverLeadingAxesGiveTheSwiftLoopsBits(path: KernelPath) {
        for inner in Self.sizes {
            let (outer, rows) = (3, 5)
            let values = Self.values(outer * rows * inner, seed: 60, specials: true)
            let x = Tensor<Float>(shape: [outer, rows, inner], scalars: values)
            let both = VectorKernels.withForcedPath(path) { x.sum(alongAxes: [0, 1]).scalars }
            let middle = VectorKernels.withForcedPath(path) { x.sum(alongAxes: [1]).scalars }
            for k in 0..<inner {
                var total: Float = 0
                for j in 0..<(outer * rows) { total += values[j * inner + k] }
                #expect(both[k].bitPattern == total.bitPattern || (both[k].isNaN && total.isNaN), "[0, 1] on \(path), inner \(inner), column \(k)")
                for o in 0..<outer {
                    var part: Float = 0
                    for j in 0..<rows { part += values[(o * rows + j) * inner + k] }
                    let got = middle[o * inner + k]
                    #expect(got.bitPattern == part.bitPattern || (got.isNaN && part.isNaN), "[1] on \(path), inner \(inner), \(o), \(k)")
                }
            }
        }
    }

    // MARK: - Adam and the moving average: the Swift loop's bits on every path

    @Test(arguments: paths)
    func adamAndTheMovingAverageGiveTheSwiftLoopsBits(path: KernelPath) {
        let h = AdamHyperparameters<Float>(learningRate: 1e-3, beta1: 0.5, beta2: 0.9, epsilon: 1e-8, step: 3)
        for n in Self.sizes {
            let g = Self.values(n, seed: 20, scale: 0.1, specials: false).enumerated().map { $0.offset % 7 == 0 ? 0 : $0.element }
            let start = [Self.values(n, seed: 21, specials: false), Self.values(n, seed: 22, scale: 0.01, specials: false),
                         Self.values(n, seed: 23, scale: 0.01, specials: false).map { $0 * $0 }, Self.values(n, seed: 24, specials: false)]
            func step(averaging: Bool) -> [[Float]] {
                var (p, m, v, a) = (start[0], start[1], start[2], start[3])
                p.withUnsafeMutableBufferPointer { p in
                    m.withUnsafeMutableBufferPointer { m in
                        v.withUnsafeMutableBufferPointer { v in
                            a.withUnsafeMutableBufferPointer { a in
                                OptimizerKernels.adam(parameter: p.baseAddress!, firstMoment: m.baseAddress!, secondMoment: v.baseAddress!,
                                                      gradient: g, count: n, hyperparameters: h,
                                                      average: averaging ? a.baseAddress! : nil, decay: 0.999)
                            }
                        }
                    }
                }
                return [p, m, v, a]
            }
            for averaging in [false, true] {
                let reference = VectorKernels.withForcedPath(.swift) { step(averaging: averaging) }
                let fast = VectorKernels.withForcedPath(path) { step(averaging: averaging) }
                for (name, (a, e)) in zip(["θ", "m", "v", "average"], zip(fast, reference)) {
                    #expect(zip(a, e).allSatisfy { Self.identical($0, $1) }, "Adam \(name) on \(path), n = \(n), averaging \(averaging)")
                }
                #expect(averaging || fast[3] == start[3], "the average is left alone without one")
            }
            var average = start[3], averageReference = start[3]
            VectorKernels.withForcedPath(path) {
                average.withUnsafeMutableBufferPointer { OptimizerKernels.movingAverage($0.baseAddress!, towards: start[0], count: n, decay: 0.9) }
            }
            for j in 0..<n { averageReference[j] = 0.9 * averageReference[j] + (1 - 0.9) * start[0][j] }
            #expect(zip(average, averageReference).allSatisfy { Self.identical($0, $1) }, "moving average on \(path), n = \(n)")
        }
    }

    /// Adam with the average in the same pass leaves model, moments and
    /// average exactly as an update followed by `WeightAverage.update(towards:)`.
    @Test func adamWithTheAverageInOnePassEqualsTwoPasses() {
        struct Model: ParameterGroup {
            var a: Tensor<Float>, b: Tensor<Float>
            var parameterPaths: [(name: String, path: WritableKeyPath<Self, Tensor<Float>>)] { [("a", \.a), ("b", \.b)] }
        }
        var rng = SeededGenerator(seed: 3)
        var one = Model(a: .normal([17, 3], using: &rng), b: .normal([33], using: &rng)), two = one
        var averageOne = WeightAverage(of: one, decay: 0.99), averageTwo = averageOne
        var adamOne = Adam<Float>(shapes: [[17, 3], [33]], learningRate: 1e-2), adamTwo = adamOne
        for _ in 0..<3 {
            let grads = [Tensor<Float>.normal([17, 3], using: &rng), .normal([33], using: &rng)]
            adamOne.update(&one, gradients: grads, average: &averageOne)
            adamTwo.update(&two, gradients: grads)
            averageTwo.update(towards: two)
        }
        let pairs = [(one.a, two.a), (one.b, two.b), (averageOne.average.a, averageTwo.average.a), (averageOne.average.b, averageTwo.average.b),
                     (adamOne.firstMoments[0], adamTwo.firstMoments[0]), (adamOne.secondMoments[1], adamTwo.secondMoments[1])]
        for (i, (x, y)) in pairs.enumerated() { #expect(x.scalars == y.scalars, "tensor \(i)") }
        #expect(adamOne.step == 3 && averageOne.average.a.scalars != one.a.scalars)
    }

    // MARK: - Winograd transforms

    /// The kernels' row combinations with the model's real coefficients
    /// (F(4, 5)'s Bᵀ and Aᵀ, F(5, 4)'s G, F(4, 3)'s three) and general matrices, against the
    /// Swift loops: the portable path bit for bit, the AVX paths within the
    /// roundoff of fusing each multiply-add (≤ 2⁻²³ of Σ|c|·|d| per output).
    @Test(arguments: paths)
    func winogradRowCombinationsMatchTheSwiftLoops(path: KernelPath) {
        let forward = WinogradTransform(outputs: 4, taps: 5), weights = WinogradTransform(outputs: 5, taps: 4)
        let bt = forward.inputTransform.map { Float($0) }, at = forward.outputTransform.map { Float($0) }
        let g = weights.kernelTransform.map { Float($0) }
        let general = Self.values(3 * 5, seed: 40, scale: 1, specials: false)
        let general7 = Self.values(2 * 7, seed: 41, scale: 1, specials: false)
        // F(4, 3), the standard preset's kernel 3: six points, no pairing.
        let small = WinogradTransform(outputs: 4, taps: 3)
        let bt6 = small.inputTransform.map { Float($0) }, at6 = small.outputTransform.map { Float($0) }
        let g6 = small.kernelTransform.map { Float($0) }
        for count in Self.sizes {
            let stride = count + 3
            let sources = (0..<8).map { Self.values(count, seed: UInt64(50 + $0), scale: 2, specials: false) }
            let cases: [(String, [Float], Int, Int, (UnsafePointer<UnsafePointer<Float>>, UnsafeMutablePointer<Float>) -> Void)] = [
                ("combineRows 8 × 8 (Bᵀ)", bt, 8, 8, { d, out in
                    bt.withUnsafeBufferPointer { Conv1dKernels.combineRows($0.baseAddress!, rows: d, sourceCount: 8, outputCount: 8, count: count, into: out, stride: stride) } }),
                ("combineRows 8 × 4 (G)", g, 4, 8, { d, out in
                    g.withUnsafeBufferPointer { Conv1dKernels.combineRows($0.baseAddress!, rows: d, sourceCount: 4, outputCount: 8, count: count, into: out, stride: stride) } }),
                ("combineRows 3 × 5 (general)", general, 5, 3, { d, out in
                    general.withUnsafeBufferPointer { Conv1dKernels.combineRows($0.baseAddress!, rows: d, sourceCount: 5, outputCount: 3, count: count, into: out, stride: stride) } }),
                ("combineRows 2 × 7 (general)", general7, 7, 2, { d, out in
                    general7.withUnsafeBufferPointer { Conv1dKernels.combineRows($0.baseAddress!, rows: d, sourceCount: 7, outputCount: 2, count: count, into: out, stride: stride) } }),
                ("combineRows 6 × 6 (F(4, 3) Bᵀ)", bt6, 6, 6, { d, out in
                    bt6.withUnsafeBufferPointer { Conv1dKernels.combineRows($0.baseAddress!, rows: d, sourceCount: 6, outputCount: 6, count: count, into: out, stride: stride) } }),
                ("combineRows 4 × 6 (F(4, 3) Aᵀ)", at6, 6, 4, { d, out in
                    at6.withUnsafeBufferPointer { Conv1dKernels.combineRows($0.baseAddress!, rows: d, sourceCount: 6, outputCount: 4, count: count, into: out, stride: stride) } }),
                ("combineRows 6 × 3 (F(4, 3) G)", g6, 3, 6, { d, out in
                    g6.withUnsafeBufferPointer { Conv1dKernels.combineRows($0.baseAddress!, rows: d, sourceCount: 3, outputCount: 6, count: count, into: out, stride: stride) } }),
                ("combinePairedRows8 (Bᵀ)", bt, 8, 8, { d, out in
                    bt.withUnsafeBufferPointer { Conv1dKernels.combinePairedRows8($0.baseAddress!, pairing: forward.inputPairing!, rows: d, count: count, into: out, stride: stride) } }),
                ("combinePairedRows4 (G)", g, 4, 8, { d, out in
                    g.withUnsafeBufferPointer { Conv1dKernels.combinePairedRows4($0.baseAddress!, pairing: weights.kernelPairing!, rows: d, count: count, into: out, stride: stride) } }),
                ("combinePairedColumns8 (Aᵀ, 4 outputs)", at, 8, 4, { d, out in
                    at.withUnsafeBufferPointer { Conv1dKernels.combinePairedColumns8($0.baseAddress!, sources: d, outputs: 4, count: count, into: out, stride: stride) } }),
                ("combinePairedColumns8 (Aᵀ, 3 outputs)", at, 8, 3, { d, out in
                    at.withUnsafeBufferPointer { Conv1dKernels.combinePairedColumns8($0.baseAddress!, sources: d, outputs: 3, count: count, into: out, stride: stride) } }),
            ]
            for (name, c, sourceCount, outputs, run) in cases {
                func result() -> [Float] {
                    let pointers = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: 8)
                    defer { pointers.deallocate() }
                    return sources.flatMap { $0 }.withUnsafeBufferPointer { flat in
                        for l in 0..<8 { pointers[l] = flat.baseAddress! + l * count }
                        // Outputs at a stride wider than the row; the gaps must stay untouched.
                        return Self.guarded(outputs * stride) { out in
                            out.update(repeating: -7, count: outputs * stride)
                            run(UnsafePointer(pointers), out)
                        }
                    }
                }
                let reference = VectorKernels.withForcedPath(.swift) { result() }
                let fast = VectorKernels.withForcedPath(path) { result() }
                for q in 0..<outputs {
                    for i in 0..<stride {
                        let (a, e) = (fast[q * stride + i], reference[q * stride + i])
                        if i >= count {
                            #expect(a == -7, "\(name) on \(path) wrote into the gap at output \(q), \(i)")
                            continue
                        }
                        let magnitude = (0..<sourceCount).reduce(Float(0)) { $0 + abs(c[q * sourceCount + $1]) * abs(sources[$1][i]) }
                        // Two sums of ≤ 8 terms, each within ~8 roundings of Σ|c|·|d|, the products fused or not.
                        let bound = path == .baseline ? 0 : 16 * Float.ulpOfOne * magnitude
                        #expect(abs(a - e) <= bound, "\(name) on \(path), count \(count): output \(q), channel \(i): \(a) vs \(e)")
                    }
                }
            }
        }
    }

    /// The whole Winograd convolution (forward, with a bias, and the weight
    /// gradient) on each path against the naive convolution in Double: the
    /// float32 roundoff stays where the Swift loops keep it.
    @Test(arguments: paths)
    func winogradConvolutionOnEachPathStaysNearTheNaiveOne(path: KernelPath) {
        var rng = SeededGenerator(seed: 12)
        for (b, t, ci, co, k) in [(3, 13, 35, 33, 5), (2, 32, 64, 64, 5), (2, 9, 32, 40, 3)] {
            let padding = Conv1dPadding.same(kernelSize: k)
            let x = Tensor<Double>.normal([b, t, ci], using: &rng), w = Tensor<Double>.uniform([k, ci, co], in: -0.1..<0.1, using: &rng)
            let bias = Tensor<Double>.normal([co], using: &rng), dy = Tensor<Double>.normal([b, t, co], using: &rng)
            let naive = ReferenceKernels.conv1d(x.scalars, w.scalars, batch: b, length: t, inChannels: ci, outChannels: co, kernelSize: k, padding: padding)
                .enumerated().map { $0.element + bias.scalars[$0.offset % co] }
            let naiveWeights = Conv1dKernels.im2colWeightGradient(x, dy, kernelSize: k, padding).scalars
            let (xf, wf, bf, dyf) = (x.converted(to: Float.self), w.converted(to: Float.self), bias.converted(to: Float.self), dy.converted(to: Float.self))
            VectorKernels.withForcedPath(path) {
                let f = WinogradTransform(outputs: Conv1dKernels.winogradTile, taps: k)
                let y = Conv1dKernels.winogradForward(xf, wf, padding, bias: bf, transform: f).scalars.map(Double.init)
                let dw = Conv1dKernels.winogradWeightGradient(xf, dyf, kernelSize: k, padding).scalars.map(Double.init)
                #expect(WinogradTests.largestError(y, naive) < 2e-5, "forward on \(path), \(b)×\(t)×\(ci)→\(co), K = \(k)")
                #expect(WinogradTests.largestError(dw, naiveWeights) < 2e-5, "weight gradient on \(path), \(b)×\(t)×\(ci)→\(co), K = \(k)")
            }
        }
    }
}
