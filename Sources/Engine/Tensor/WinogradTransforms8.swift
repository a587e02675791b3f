// The row combinations of Winograd's transforms: `out_q = Σ_l c[q, l]·row_l`
// over all channels, one pass per output row with the coefficients in
// registers, so the channel loop is a plain multiply-add chain the compiler
// vectorizes (and that stays tolerable in unoptimized test builds, unlike
// generic SIMD types). Chains of 8 and 4 source rows (F(4, 5) and its
// weight gradient F(5, 4)) are unrolled; other counts take a general loop.
// For `Float` the vector kernels (CKernels' winograd.c) run instead, with
// these loops as their reference (the `.swift` kernel path, and `Double`).

extension Conv1dKernels {
    /// `out[q] = Σ_l c[q·S + l]·rows[l]` for `q < outputCount`, `l < S`
    /// (`S = sourceCount`), `count` channels per row, output row `q` at
    /// `out + q·stride`.
    ///
    /// Not inlined: compiled once per scalar type, its channel loops get the
    /// vectorizer's runtime alias checks instead of being folded into callers
    /// where they stayed scalar.
    @inline(never)
    static func combineRows<Scalar: TensorScalar>(
        _ c: UnsafePointer<Scalar>, rows d: UnsafePointer<UnsafePointer<Scalar>>, sourceCount: Int, outputCount: Int,
        count: Int, into out: UnsafeMutablePointer<Scalar>, stride: Int
    ) {
        if let kernels = VectorKernels.active(for: Scalar.self) {
            kernels.combineRows(c, rows: d, sources: sourceCount, outputs: outputCount, count: count, into: out, stride: stride)
            return
        }
        switch sourceCount {
        case 8:
            let (d0, d1, d2, d3, d4, d5, d6, d7) = (d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7])
            for q in 0..<outputCount {
                let r = c + 8 * q
                let (c0, c1, c2, c3, c4, c5, c6, c7) = (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7])
                let dst = out + q * stride
                for i in 0..<count {
                    let low = c0 * d0[i] + c1 * d1[i] + c2 * d2[i] + c3 * d3[i]
                    let high = c4 * d4[i] + c5 * d5[i] + c6 * d6[i] + c7 * d7[i]
                    dst[i] = low + high
                }
            }
        case 4:
            let (d0, d1, d2, d3) = (d[0], d[1], d[2], d[3])
            for q in 0..<outputCount {
                let r = c + 4 * q
                let (c0, c1, c2, c3) = (r[0], r[1], r[2], r[3])
                let dst = out + q * stride
                for i in 0..<count { dst[i] = c0 * d0[i] + c1 * d1[i] + c2 * d2[i] + c3 * d3[i] }
            }
        default:
            for q in 0..<outputCount {
                let dst = out + q * stride
                dst.update(repeating: 0, count: count)
                for l in 0..<sourceCount {
                    let coefficient = c[q * sourceCount + l]
                    if coefficient == 0 { continue }
                    let src = d[l]
                    for i in 0..<count { dst[i] += coefficient * src[i] }
                }
            }
        }
    }

    /// `row += source`, `count` entries.
    @inline(never)
    static func addRow<Scalar: TensorScalar>(_ source: UnsafePointer<Scalar>, to row: UnsafeMutablePointer<Scalar>, count: Int) {
        if let kernels = VectorKernels.active(for: Scalar.self) {
            kernels.binary(.add, UnsafePointer(row), source, row, count: count)
            return
        }
        for i in 0..<count { row[i] += source[i] }
    }
}
