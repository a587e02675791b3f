// The weight gradient of conv1d by Winograd's algorithm.
//
// dw[k,i,o] = Σ_b Σ_t x[b, t+k−pL, i] · dy[b,t,o] is, per tile of m output
// positions t = j·m … j·m+m−1, a cross-correlation with K outputs (the taps
// k) of the window d_l = x[j·m − pL + l] (n = K + m − 1 rows) with the
// "filter" g_s = dy[j·m + s] (m rows): Winograd F(K, m),
//
//     dw = Aᵀ [ Σ_tiles (G g) ⊙ (Bᵀ d) ]
//
// where the sum over tiles (and examples) is a GEMM per evaluation point ξ:
// P_ξ [Cin, Cout] = V_ξᵀ · U_ξ with V_ξ [tiles, Cin] the input transform (the
// same windows and the same Bᵀ as the forward F(m, K): both use n points) and
// U_ξ [tiles, Cout] = Σ_s G[ξ, s]·dy rows. At K = 5, m = 4 that is 8 GEMMs of
// inner dimension B·T/4 where im2col runs one of inner dimension B·T and 5×
// the width: 2.5× fewer multiply-adds.

extension Conv1dKernels {
    /// `dw = conv1dWeightGradient(x, dy)` by Winograd F(K, m) with `m` =
    /// ``winogradTile``. Same result as ``weightGradient(_:_:kernelSize:_:chunkBytes:)``
    /// up to roundoff. Shapes: `x [B, T, Cin]`, `dy [B, T', Cout]` → `[K, Cin, Cout]`.
    static func winogradWeightGradient<Scalar: TensorScalar>(
        _ x: Tensor<Scalar>, _ dy: Tensor<Scalar>, kernelSize k: Int, _ padding: Conv1dPadding,
        tile m: Int = winogradTile, chunkBytes: Int = winogradChunkBytes
    ) -> Tensor<Scalar> {
        let (b, t, ci) = (x.shape[0], x.shape[1], x.shape[2])
        let co = dy.shape[2]
        let tOut = outputLength(t, k, padding)
        precondition(
            dy.rank == 3 && dy.shape[0] == b && dy.shape[1] == tOut,
            "conv1dWeightGradient: gradient \(dy.shape) does not match input \(x.shape) with kernel \(k), padding \(padding)")
        let f = WinogradTransform(outputs: k, taps: m)
        let n = f.points
        let tiles = (tOut + m - 1) / m
        let (bt, g, at) = f.coefficients(Scalar.self)

        let chunk = chunkSize(batch: b, rowsPerExample: n * tiles, rowLength: ci + co,
                              scalarBytes: MemoryLayout<Scalar>.stride, chunkBytes: chunkBytes)
        let stride = MemoryLayout<Scalar>.stride
        let vCount = max(1, n * chunk * tiles * ci), uCount = max(1, n * chunk * tiles * co), pCount = max(1, n * ci * co)
        let v = BufferCache.shared.allocate(byteCount: vCount * stride).bindMemory(to: Scalar.self, capacity: vCount)
        let u = BufferCache.shared.allocate(byteCount: uCount * stride).bindMemory(to: Scalar.self, capacity: uCount)
        let products = BufferCache.shared.allocate(byteCount: pCount * stride).bindMemory(to: Scalar.self, capacity: pCount)
        let zeros = UnsafeMutablePointer<Scalar>.allocate(capacity: max(1, co))
        zeros.initialize(repeating: 0, count: max(1, co))
        let rowPointers = UnsafeMutablePointer<UnsafePointer<Scalar>>.allocate(capacity: max(m, n))
        defer {
            BufferCache.shared.deallocate(UnsafeMutableRawPointer(v), byteCount: vCount * stride)
            BufferCache.shared.deallocate(UnsafeMutableRawPointer(u), byteCount: uCount * stride)
            BufferCache.shared.deallocate(UnsafeMutableRawPointer(products), byteCount: pCount * stride)
            zeros.deallocate()
            rowPointers.deallocate()
        }
        let pdy = dy.storage.base
        products.update(repeating: 0, count: pCount)
        for first in Swift.stride(from: 0, to: b, by: chunk) where tOut > 0 {
            let count = min(chunk, b - first)
            let rows = count * tiles
            transformInputTiles(x, first: first, count: count, tiles: tiles, step: m, padding: padding,
                                coefficients: bt, points: n, pairing: f.inputPairing, into: v)
            // U_ξ[r] = Σ_s G[ξ, s]·dy[b, j·m + s], rows past T' zero.
            g.withUnsafeBufferPointer { g in
                guard let coefficients = g.baseAddress else { return }
                for bb in 0..<count {
                    let example = pdy + (first + bb) * tOut * co
                    for j in 0..<tiles {
                        for s in 0..<m {
                            let row = j * m + s
                            rowPointers[s] = row < tOut ? UnsafePointer(example + row * co) : UnsafePointer(zeros)
                        }
                        if m == 4, let pairing = f.kernelPairing {
                            combinePairedRows4(coefficients, pairing: pairing, rows: rowPointers, count: co,
                                               into: u + (bb * tiles + j) * co, stride: rows * co)
                        } else {
                            combineRows(coefficients, rows: rowPointers, sourceCount: m, outputCount: n, count: co,
                                        into: u + (bb * tiles + j) * co, stride: rows * co)
                        }
                    }
                }
            }
            for xi in 0..<n {
                Scalar.gemm(
                    transposeA: true, transposeB: false, m: ci, n: co, k: rows, alpha: 1,
                    a: v + xi * rows * ci, lda: ci, b: u + xi * rows * co, ldb: co, beta: 1,
                    c: products + xi * ci * co, ldc: co)
            }
        }
        // dw_k = Σ_ξ Aᵀ[k, ξ]·P_ξ.
        return Tensor(shape: [k, ci, co]) { out in
            guard let pw = out.baseAddress, out.count > 0 else { return }
            for xi in 0..<n { rowPointers[xi] = UnsafePointer(products + xi * ci * co) }
            at.withUnsafeBufferPointer { at in
                guard let coefficients = at.baseAddress else { return }
                combineRows(coefficients, rows: rowPointers, sourceCount: n, outputCount: k, count: ci * co,
                            into: pw, stride: ci * co)
            }
        }
    }
}
