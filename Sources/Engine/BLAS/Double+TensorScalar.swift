import CBLAS
import RealModule

// Double-precision GEMM through OpenBLAS: the gradient checks' path.

extension Double: TensorScalar {
    public static func gemm(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: Double,
        a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double,
        c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        GEMMCounter.counting(GEMMShape(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, accumulates: beta != 0)) {
            cblas_dgemm(
                CblasRowMajor,
                transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k),
                alpha, a, Int32(lda), b, Int32(ldb),
                beta, c, Int32(ldc))
        }
    }

    public static var dtypeName: String { "F64" }
}
