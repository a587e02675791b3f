import CBLAS
import RealModule

// Single-precision GEMM through OpenBLAS: the training path. BLAS/ is the one
// folder that calls BLAS; everything else multiplies through `TensorScalar.gemm`.

extension Float: TensorScalar {
    public static func gemm(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: Float,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        GEMMCounter.counting(GEMMShape(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, accumulates: beta != 0)) {
            cblas_sgemm(
                CblasRowMajor,
                transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k),
                alpha, a, Int32(lda), b, Int32(ldb),
                beta, c, Int32(ldc))
        }
    }

    public static var dtypeName: String { "F32" }
}
