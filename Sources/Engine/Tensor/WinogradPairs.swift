// Winograd's transforms at symmetric points: the evaluation points come in
// pairs ±p (WinogradTransform.finitePoints), so a transform row for −p equals
// the row for +p with its odd-indexed coefficients negated, and
//
//     out(+p) = E + O,   out(−p) = E − O,   E = Σ_{l even} c_l·d_l,  O = Σ_{l odd} c_l·d_l
//
// costs one multiply per coefficient for the pair instead of two. Likewise an
// output row combining the products of +p and −p reads their sum (for even
// output indices) or difference (odd ones). The 8-point transforms of F(4, 5)
// and F(5, 4) use these when ``WinogradTransform`` finds the pattern.
//
// For `Float` the vector kernels (CKernels' winograd.c) run instead of these
// loops, which stay the reference (the `.swift` kernel path, and `Double`).

/// Which rows of a coefficient matrix pair up as `±p`.
struct WinogradPairing: Equatable {
    /// Pairs `(a, b)` of rows with `row_b[l] = (−1)^l · row_a[l]`.
    var pairs: [(Int, Int)]
    /// Rows in no pair.
    var singles: [Int]

    /// Whether this is the pairing of 8 consecutive rows the C kernels assume:
    /// pairs (1, 2), (3, 4), (5, 6), singles 0 and 7.
    var isConsecutiveEight: Bool {
        singles == [0, 7] && pairs.count == 3 && pairs[0] == (1, 2) && pairs[1] == (3, 4) && pairs[2] == (5, 6)
    }

    static func == (x: WinogradPairing, y: WinogradPairing) -> Bool {
        x.singles == y.singles && x.pairs.map { [$0.0, $0.1] } == y.pairs.map { [$0.0, $0.1] }
    }

    /// The pairing of consecutive rows `(1, 2), (3, 4), …` of `c` (`rows × columns`),
    /// or `nil` when a candidate pair does not have the symmetry.
    static func consecutive(_ c: [Double], rows: Int, columns: Int) -> WinogradPairing? {
        var pairs: [(Int, Int)] = [], singles = [0]
        var a = 1
        while a + 1 < rows {
            for l in 0..<columns {
                let sign: Double = l % 2 == 0 ? 1 : -1
                let x = c[a * columns + l], y = c[(a + 1) * columns + l]
                if abs(y - sign * x) > 1e-9 * max(1, abs(x)) { return nil }
            }
            pairs.append((a, a + 1))
            a += 2
        }
        singles += Array(a..<rows)
        return WinogradPairing(pairs: pairs, singles: singles)
    }
}

extension Conv1dKernels {
    /// `out[q] = Σ_l c[q·8 + l]·rows[l]` for the 8 rows of a paired 8 × 8
    /// matrix (an input transform Bᵀ), `count` channels, output `q` at `out + q·stride`.
    @inline(never)
    static func combinePairedRows8<Scalar: TensorScalar>(
        _ c: UnsafePointer<Scalar>, pairing: WinogradPairing, rows d: UnsafePointer<UnsafePointer<Scalar>>,
        count: Int, into out: UnsafeMutablePointer<Scalar>, stride: Int
    ) {
        if pairing.isConsecutiveEight, let kernels = VectorKernels.active(for: Scalar.self) {
            kernels.combinePairedRows8(c, rows: d, count: count, into: out, stride: stride)
            return
        }
        let (d0, d1, d2, d3, d4, d5, d6, d7) = (d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7])
        for q in pairing.singles {
            combineRows(c + 8 * q, rows: d, sourceCount: 8, outputCount: 1, count: count, into: out + q * stride, stride: stride)
        }
        for (a, b) in pairing.pairs {
            let r = c + 8 * a
            let (c0, c1, c2, c3, c4, c5, c6, c7) = (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7])
            let (plus, minus) = (out + a * stride, out + b * stride)
            for i in 0..<count {
                let even = c0 * d0[i] + c2 * d2[i] + c4 * d4[i] + c6 * d6[i]
                let odd = c1 * d1[i] + c3 * d3[i] + c5 * d5[i] + c7 * d7[i]
                plus[i] = even + odd
                minus[i] = even - odd
            }
        }
    }

    /// `y[s] = Σ_ξ c[s·8 + ξ]·p_ξ` for `outputs` rows, where the columns of
    /// `c` pair up (`c[s][b] = (−1)^s·c[s][a]`): the products of each pair
    /// are summed and differenced once per channel block, then combined.
    /// The pairing must be `(1, 2), (3, 4), (5, 6)` with singles `0, 7`
    /// (checked once by the caller, not per tile).
    @inline(never)
    static func combinePairedColumns8<Scalar: TensorScalar>(
        _ c: UnsafePointer<Scalar>, sources p: UnsafePointer<UnsafePointer<Scalar>>,
        outputs: Int, count: Int, into y: UnsafeMutablePointer<Scalar>, stride: Int
    ) {
        if let kernels = VectorKernels.active(for: Scalar.self) {
            kernels.combinePairedColumns8(c, sources: p, outputs: outputs, count: count, into: y, stride: stride)
            return
        }
        let (p0, p1, p2, p3, p4, p5, p6, p7) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7])
        // Even outputs read sums, odd outputs differences: c[s][1], c[s][3], c[s][5] weigh them.
        for s in 0..<outputs {
            let r = c + 8 * s
            let (c0, c1, c3, c5, c7) = (r[0], r[1], r[3], r[5], r[7])
            let dst = y + s * stride
            if s % 2 == 0 {
                for i in 0..<count {
                    dst[i] = c0 * p0[i] + c1 * (p1[i] + p2[i]) + c3 * (p3[i] + p4[i]) + c5 * (p5[i] + p6[i]) + c7 * p7[i]
                }
            } else {
                for i in 0..<count {
                    dst[i] = c0 * p0[i] + c1 * (p1[i] - p2[i]) + c3 * (p3[i] - p4[i]) + c5 * (p5[i] - p6[i]) + c7 * p7[i]
                }
            }
        }
    }

    /// `out[q] = Σ_l c[q·4 + l]·rows[l]` for a paired `n × 4` matrix (the
    /// kernel transform G applied to 4 rows of output gradients).
    @inline(never)
    static func combinePairedRows4<Scalar: TensorScalar>(
        _ c: UnsafePointer<Scalar>, pairing: WinogradPairing, rows d: UnsafePointer<UnsafePointer<Scalar>>,
        count: Int, into out: UnsafeMutablePointer<Scalar>, stride: Int
    ) {
        if pairing.isConsecutiveEight, let kernels = VectorKernels.active(for: Scalar.self) {
            kernels.combinePairedRows4(c, rows: d, count: count, into: out, stride: stride)
            return
        }
        let (d0, d1, d2, d3) = (d[0], d[1], d[2], d[3])
        for q in pairing.singles {
            combineRows(c + 4 * q, rows: d, sourceCount: 4, outputCount: 1, count: count, into: out + q * stride, stride: stride)
        }
        for (a, b) in pairing.pairs {
            let r = c + 4 * a
            let (c0, c1, c2, c3) = (r[0], r[1], r[2], r[3])
            let (plus, minus) = (out + a * stride, out + b * stride)
            for i in 0..<count {
                let even = c0 * d0[i] + c2 * d2[i]
                let odd = c1 * d1[i] + c3 * d3[i]
                plus[i] = even + odd
                minus[i] = even - odd
            }
        }
    }
}
