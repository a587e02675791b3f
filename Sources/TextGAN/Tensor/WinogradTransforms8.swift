// The row combinations of Winograd's transforms: `out_q = Σ_l c[q, l]·row_l`
// over all channels, one pass per output row with the coefficients in
// registers, so the channel loop is a plain multiply-add chain the compiler
// vectorizes (and that stays tolerable in unoptimized test builds, unlike
// generic SIMD types). Chains of 8 and 4 source rows (F(4, 5) and its
// weight gradient F(5, 4)) are unrolled; other counts take a general loop.

extension Conv1dKernels {
    /// `out[q] = Σ_l c[q·S + l]·rows[l]` for `q < outputCount`, `l < S`
    /// (`S = sourceCount`), `count` channels per row, output row `q` at
    /// `out + q·stride`.
    static func combineRows<Scalar: TensorScalar>(
        _ c: UnsafePointer<Scalar>, rows d: UnsafePointer<UnsafePointer<Scalar>>, sourceCount: Int, outputCount: Int,
        count: Int, into out: UnsafeMutablePointer<Scalar>, stride: Int
    ) {
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

    /// `y_s = Σ_ξ Aᵀ[s, ξ]·M_ξ (+ bias)` for `outputs ≤ 4` rows of one tile
    /// from its 8 product rows `products + ξ·stride` (`count` channels each).
    static func outputTransform8<Scalar: TensorScalar>(
        _ at: UnsafePointer<Scalar>, products p: UnsafePointer<Scalar>, stride: Int, count: Int,
        outputs: Int, bias: UnsafePointer<Scalar>?, into y: UnsafeMutablePointer<Scalar>, rowStride: Int
    ) {
        let (p0, p1, p2, p3) = (p, p + stride, p + 2 * stride, p + 3 * stride)
        let (p4, p5, p6, p7) = (p + 4 * stride, p + 5 * stride, p + 6 * stride, p + 7 * stride)
        for s in 0..<outputs {
            let c = at + 8 * s
            let (c0, c1, c2, c3, c4, c5, c6, c7) = (c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7])
            let dst = y + s * rowStride
            for i in 0..<count {
                let low = c0 * p0[i] + c1 * p1[i] + c2 * p2[i] + c3 * p3[i]
                let high = c4 * p4[i] + c5 * p5[i] + c6 * p6[i] + c7 * p7[i]
                dst[i] = low + high
            }
            if let bias {
                for i in 0..<count { dst[i] += bias[i] }
            }
        }
    }
}
