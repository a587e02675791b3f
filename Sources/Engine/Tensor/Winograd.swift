// Winograd's minimal filtering for 1D convolution (Winograd 1980; Lavin &
// Gray, "Fast Algorithms for Convolutional Neural Networks", 2016), in the
// forward kernel of conv1d (and so in its input gradient, which is a conv1d).
//
// F(m, K) computes m outputs of a K-tap cross-correlation from n = m + K − 1
// inputs with n multiplications instead of m·K:
//
//     y = Aᵀ [ (G g) ⊙ (Bᵀ d) ]      d [n], g [K], y [m]
//
// For a convolution over channels the products become n GEMMs, one per
// evaluation point ξ:  M_ξ [tiles, Cout] = V_ξ [tiles, Cin] · U_ξ [Cin, Cout],
// with V_ξ = Σ_l Bᵀ[ξ,l]·d_l (the input transform), U_ξ = Σ_k G[ξ,k]·w_k
// (the kernel transform), y_s = Σ_ξ Aᵀ[s,ξ]·M_ξ (the output transform).
// At K = 5, F(4, 5) runs 8 GEMMs of Cin·Cout per 4 outputs where im2col
// runs the equivalent of 20: 2.5× fewer multiply-adds.

/// The three matrices of a 1D Winograd algorithm F(m, K), built by Toom–Cook
/// from `n − 1` finite points and ∞.
///
/// With `E_k` the `n × k` matrix evaluating a polynomial of `k` coefficients
/// at the points (row `[1, p, …, p^{k−1}]`; the row of ∞ picks the leading
/// coefficient), linear convolution is `z = E_n⁻¹[(E_K h) ⊙ (E_m x)]`, and
/// cross-correlation is its transpose:
///
///     Bᵀ = E_n⁻ᵀ   [n, n],   G = E_K   [n, K],   Aᵀ = E_mᵀ   [m, n].
///
/// Exact in exact arithmetic; in floating point the error grows with the
/// points' spread, so tiles stay small (see ``Conv1dKernels/winogradTile``).
struct WinogradTransform: Equatable {
    /// Outputs per tile, m.
    let outputs: Int
    /// Kernel taps, K.
    let taps: Int
    /// Inputs per tile and products per channel pair, n = m + K − 1.
    var points: Int { outputs + taps - 1 }
    /// Bᵀ, row-major `[n, n]`.
    let inputTransform: [Double]
    /// G, row-major `[n, K]`.
    let kernelTransform: [Double]
    /// Aᵀ, row-major `[m, n]`.
    let outputTransform: [Double]
    /// How Bᵀ's rows pair up at ±p (see `WinogradPairs.swift`), if they do.
    let inputPairing: WinogradPairing?
    /// How Aᵀ's columns pair up: the pairing of the rows of A.
    let outputPairing: WinogradPairing?
    /// How G's rows pair up.
    let kernelPairing: WinogradPairing?

    /// The finite points, in the order they are used: small magnitudes and
    /// their reciprocals keep the transforms' entries (and roundoff) small.
    static let finitePoints: [Double] = [0, 1, -1, 0.5, -0.5, 2, -2, 0.25, -0.25, 4, -4]

    /// F(m, K).
    ///
    /// - Precondition: `m ≥ 1`, `K ≥ 1`, `m + K − 2 ≤ 11` finite points.
    init(outputs m: Int, taps k: Int) {
        let n = m + k - 1
        precondition(m >= 1 && k >= 1 && n - 1 <= Self.finitePoints.count,
                     "WinogradTransform: F(\(m), \(k)) needs \(n - 1) finite points, have \(Self.finitePoints.count)")
        outputs = m
        taps = k
        let points = Array(Self.finitePoints.prefix(n - 1))
        // E_c: n × c, row j = powers of point j; the last row (∞) = e_{c−1}.
        func evaluation(_ c: Int) -> [Double] {
            var e = [Double](repeating: 0, count: n * c)
            for (j, p) in points.enumerated() {
                var power = 1.0
                for col in 0..<c {
                    e[j * c + col] = power
                    power *= p
                }
            }
            e[(n - 1) * c + (c - 1)] = 1
            return e
        }
        let inverse = Self.inverted(evaluation(n), size: n)
        // E_n⁻ᵀ; entries below 1e-12 are the elimination's roundoff of exact zeros.
        inputTransform = (0..<(n * n)).map { inverse[($0 % n) * n + $0 / n] }.map { abs($0) < 1e-12 ? 0 : $0 }
        kernelTransform = evaluation(k)
        let em = evaluation(m)
        outputTransform = (0..<(m * n)).map { em[($0 % n) * m + $0 / n] }  // E_mᵀ
        inputPairing = WinogradPairing.consecutive(inputTransform, rows: n, columns: n)
        outputPairing = WinogradPairing.consecutive(em, rows: n, columns: m)
        kernelPairing = WinogradPairing.consecutive(kernelTransform, rows: n, columns: k)
    }

    /// Bᵀ, G and Aᵀ in the kernels' scalar type.
    func coefficients<Scalar: TensorScalar>(_: Scalar.Type) -> (input: [Scalar], kernel: [Scalar], output: [Scalar]) {
        (inputTransform.map { Scalar($0) }, kernelTransform.map { Scalar($0) }, outputTransform.map { Scalar($0) })
    }

    /// The inverse of a square matrix, by Gauss–Jordan elimination with partial pivoting.
    static func inverted(_ a: [Double], size n: Int) -> [Double] {
        var left = a, right = [Double](repeating: 0, count: n * n)
        for i in 0..<n { right[i * n + i] = 1 }
        for col in 0..<n {
            let pivot = (col..<n).max { abs(left[$0 * n + col]) < abs(left[$1 * n + col]) } ?? col
            precondition(left[pivot * n + col] != 0, "WinogradTransform: singular evaluation matrix")
            if pivot != col {
                for c in 0..<n {
                    left.swapAt(pivot * n + c, col * n + c)
                    right.swapAt(pivot * n + c, col * n + c)
                }
            }
            let scale = 1 / left[col * n + col]
            for c in 0..<n {
                left[col * n + c] *= scale
                right[col * n + c] *= scale
            }
            for row in 0..<n where row != col {
                let factor = left[row * n + col]
                if factor == 0 { continue }
                for c in 0..<n {
                    left[row * n + c] -= factor * left[col * n + c]
                    right[row * n + c] -= factor * right[col * n + c]
                }
            }
        }
        return right
    }
}

extension Conv1dKernels {
    /// The bound on a Winograd chunk's transformed inputs and products together.
    static let winogradChunkBytes = 8 << 20

    /// `y = conv1d(x, w) (+ bias)` by Winograd F(m, K): per batch chunk, the
    /// input transform, `n` GEMMs `[chunk·tiles, Cin]·[Cin, Cout]`, and the
    /// output transform. Same result as ``forward(_:_:_:bias:chunkBytes:)``
    /// up to roundoff. Shapes: `x [B, T, Cin]`, `w [K, Cin, Cout]` → `[B, T', Cout]`.
    ///
    /// - Complexity: `2·n·⌈T'/m⌉·B·Cin·Cout` GEMM flops (against
    ///   `2·K·T'·B·Cin·Cout` for im2col), plus `O(n²·⌈T'/m⌉·B·Cin + m·n·B·T'·Cout)`
    ///   for the transforms.
    static func winogradForward<Scalar: TensorScalar>(
        _ x: Tensor<Scalar>, _ w: Tensor<Scalar>, _ padding: Conv1dPadding, bias: Tensor<Scalar>?,
        transform f: WinogradTransform, chunkBytes: Int = winogradChunkBytes
    ) -> Tensor<Scalar> {
        let (b, t, ci) = (x.shape[0], x.shape[1], x.shape[2])
        let (k, co) = (w.shape[0], w.shape[2])
        precondition(k == f.taps, "conv1d (Winograd): kernel of \(k) taps with F(\(f.outputs), \(f.taps))")
        let (m, n) = (f.outputs, f.points)
        let tOut = outputLength(t, k, padding)
        let tiles = (tOut + m - 1) / m
        let (bt, g, at) = f.coefficients(Scalar.self)

        // U_ξ = Σ_k G[ξ, k]·w_k: [n, Cin, Cout].
        let kernelCount = ci * co, uCount = max(1, n * kernelCount)
        let stride = MemoryLayout<Scalar>.stride
        let u = BufferCache.shared.allocate(byteCount: uCount * stride).bindMemory(to: Scalar.self, capacity: uCount)
        defer { BufferCache.shared.deallocate(UnsafeMutableRawPointer(u), byteCount: uCount * stride) }
        let pw = w.storage.base
        let taps = UnsafeMutablePointer<UnsafePointer<Scalar>>.allocate(capacity: max(k, n))
        defer { taps.deallocate() }
        for kk in 0..<k { taps[kk] = UnsafePointer(pw + kk * kernelCount) }
        g.withUnsafeBufferPointer { g in
            guard let coefficients = g.baseAddress else { return }
            combineRows(coefficients, rows: taps, sourceCount: k, outputCount: n, count: kernelCount, into: u, stride: kernelCount)
        }

        let chunk = chunkSize(batch: b, rowsPerExample: n * tiles, rowLength: ci + co,
                              scalarBytes: MemoryLayout<Scalar>.stride, chunkBytes: chunkBytes)
        let vCount = max(1, n * chunk * tiles * ci), mCount = max(1, n * chunk * tiles * co)
        let v = BufferCache.shared.allocate(byteCount: vCount * stride).bindMemory(to: Scalar.self, capacity: vCount)
        let products = BufferCache.shared.allocate(byteCount: mCount * stride).bindMemory(to: Scalar.self, capacity: mCount)
        defer {
            BufferCache.shared.deallocate(UnsafeMutableRawPointer(v), byteCount: vCount * stride)
            BufferCache.shared.deallocate(UnsafeMutableRawPointer(products), byteCount: mCount * stride)
        }
        // The paired output transform needs pairs (1, 2), (3, 4), (5, 6) and singles 0, 7.
        let pairedOutput = n == 8 && f.outputPairing.map { $0.singles == [0, 7] && $0.pairs.count == 3 } == true
        return Tensor(shape: [b, tOut, co]) { out in
            guard let py = out.baseAddress, out.count > 0 else { return }
            for first in Swift.stride(from: 0, to: b, by: chunk) {
                let count = min(chunk, b - first)
                let rows = count * tiles
                transformInputTiles(x, first: first, count: count, tiles: tiles, step: m, padding: padding,
                                    coefficients: bt, points: n, pairing: f.inputPairing, into: v)
                for xi in 0..<n {
                    Scalar.gemm(
                        transposeA: false, transposeB: false, m: rows, n: co, k: ci, alpha: 1,
                        a: v + xi * rows * ci, lda: ci, b: u + xi * kernelCount, ldb: co, beta: 0,
                        c: products + xi * rows * co, ldc: co)
                }
                // y[s₀ + s] = Σ_ξ Aᵀ[s, ξ]·M_ξ[r] (+ bias), outputs past T' dropped.
                at.withUnsafeBufferPointer { at in
                    guard let coefficients = at.baseAddress else { return }
                    for bb in 0..<count {
                        for j in 0..<tiles {
                            let r = bb * tiles + j
                            for xi in 0..<n { taps[xi] = UnsafePointer(products + (xi * rows + r) * co) }
                            let y = py + ((first + bb) * tOut + j * m) * co
                            let outputs = min(m, tOut - j * m)
                            if pairedOutput {
                                combinePairedColumns8(coefficients, sources: taps, outputs: outputs, count: co, into: y, stride: co)
                            } else {
                                combineRows(coefficients, rows: taps, sourceCount: n, outputCount: outputs, count: co, into: y, stride: co)
                            }
                            if let bias {
                                let pb = bias.storage.base
                                for s in 0..<outputs { addRow(pb, to: y + s * co, count: co) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The input transform of Winograd tiles, shared by the forward and the
    /// weight gradient: `V_ξ[r] = Σ_l Bᵀ[ξ, l]·x[b, j·m − pL + l]` for examples
    /// `first..<first + count` and tiles `j < tiles`, row `r = (b − first)·tiles + j`
    /// of `v + ξ·rows·Cin` (`rows = count·tiles`); `x` reads as zero outside `[0, T)`.
    static func transformInputTiles<Scalar: TensorScalar>(
        _ x: Tensor<Scalar>, first: Int, count: Int, tiles: Int, step m: Int, padding: Conv1dPadding,
        coefficients bt: [Scalar], points n: Int, pairing: WinogradPairing?, into v: UnsafeMutablePointer<Scalar>
    ) {
        let (t, ci) = (x.shape[1], x.shape[2])
        let rows = count * tiles
        let zeros = UnsafeMutablePointer<Scalar>.allocate(capacity: max(1, ci))
        zeros.initialize(repeating: 0, count: max(1, ci))
        let rowPointers = UnsafeMutablePointer<UnsafePointer<Scalar>>.allocate(capacity: n)
        defer {
            zeros.deallocate()
            rowPointers.deallocate()
        }
        let px = x.storage.base
        bt.withUnsafeBufferPointer { bt in
            guard let coefficients = bt.baseAddress else { return }
            for bb in 0..<count {
                let example = px + (first + bb) * t * ci
                for j in 0..<tiles {
                    let s0 = j * m - padding.left
                    for l in 0..<n {
                        let s = s0 + l
                        rowPointers[l] = s >= 0 && s < t ? UnsafePointer(example + s * ci) : UnsafePointer(zeros)
                    }
                    if n == 8, let pairing {
                        combinePairedRows8(coefficients, pairing: pairing, rows: rowPointers, count: ci,
                                           into: v + (bb * tiles + j) * ci, stride: rows * ci)
                    } else {
                        combineRows(coefficients, rows: rowPointers, sourceCount: n, outputCount: n, count: ci,
                                    into: v + (bb * tiles + j) * ci, stride: rows * ci)
                    }
                }
            }
        }
    }
}
