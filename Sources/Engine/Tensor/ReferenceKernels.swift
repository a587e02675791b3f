/// Plain loops that define what the fast paths must compute. Tests compare
/// every BLAS-backed primitive with these; nothing else should call them.
public enum ReferenceKernels {
    /// `C = op(A)·op(B)` for row-major `A`, `B`, by the triple loop.
    public static func matmul<Scalar: TensorScalar>(
        _ a: [Scalar], _ b: [Scalar], m: Int, n: Int, k: Int,
        transposeA: Bool = false, transposeB: Bool = false
    ) -> [Scalar] {
        var c = [Scalar](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var acc: Scalar = 0
                for p in 0..<k {
                    let av = transposeA ? a[p * m + i] : a[i * k + p]
                    let bv = transposeB ? b[j * k + p] : b[p * n + j]
                    acc += av * bv
                }
                c[i * n + j] = acc
            }
        }
        return c
    }

    /// `y[b,t,o] = Σₖ Σᵢ x[b, t+k−pL, i] · w[k,i,o]` by direct summation.
    public static func conv1d<Scalar: TensorScalar>(
        _ x: [Scalar], _ w: [Scalar], batch: Int, length t: Int, inChannels ci: Int,
        outChannels co: Int, kernelSize k: Int, padding: Conv1dPadding
    ) -> [Scalar] {
        let tOut = t + padding.left + padding.right - k + 1
        var y = [Scalar](repeating: 0, count: batch * tOut * co)
        for b in 0..<batch {
            for tt in 0..<tOut {
                for o in 0..<co {
                    var acc: Scalar = 0
                    for kk in 0..<k {
                        let s = tt + kk - padding.left
                        guard s >= 0 && s < t else { continue }
                        for i in 0..<ci { acc += x[(b * t + s) * ci + i] * w[(kk * ci + i) * co + o] }
                    }
                    y[(b * tOut + tt) * co + o] = acc
                }
            }
        }
        return y
    }
}
