import RealModule

/// The scalar types a ``Tensor`` can hold: `Float` for training, `Double` for
/// gradient checks.
///
/// Elementary functions (`exp`, `log`, `sqrt`, …) come from swift-numerics'
/// `Real`; matrix products come from ``gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``,
/// implemented for both types in `BLAS/`, the one folder that calls BLAS.
public protocol TensorScalar: Real, BinaryFloatingPoint, Sendable
where RawSignificand: FixedWidthInteger {
    /// Row-major general matrix product `C ← α·op(A)·op(B) + β·C`, where
    /// `op(A)` is `[m, k]`, `op(B)` is `[k, n]` and `C` is `[m, n]`.
    static func gemm(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: Self,
        a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self,
        c: UnsafeMutablePointer<Self>, ldc: Int
    )

    /// A short name for messages and file headers: `"F32"` or `"F64"`.
    static var dtypeName: String { get }
}
