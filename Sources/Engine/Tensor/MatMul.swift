// Matrix products through `TensorScalar.gemm` (OpenBLAS).

extension Tensor {
    /// `op(A)·op(B)` where `op` optionally transposes the last two axes.
    ///
    /// Shapes: `[M, K]·[K, N] → [M, N]`; batched `[P, M, K]·[P, K, N] → [P, M, N]`;
    /// `[P, M, K]·[K, N] → [P, M, N]` (the batch folded into M, one GEMM).
    /// Transposition is passed to GEMM, never materialised.
    ///
    /// VJP for `C = A·B`: `dA = G·Bᵀ`, `dB = Aᵀ·G` (and the transposed variants),
    /// each again a matmul, so it can be differentiated twice.
    ///
    /// - Precondition: inner dimensions agree; ranks are 2 or 3.
    /// - Complexity: `2·M·N·K` flops per batch element.
    public func matmul(_ other: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        if rank == 3 && other.rank == 2 && !transposeA {
            let (p, m) = (shape[0], shape[1])
            return reshaped([p * m, shape[2]])
                .matmul(other, transposeB: transposeB)
                .reshaped([p, m, transposeB ? other.shape[0] : other.shape[1]])
        }
        precondition(
            (rank == 2 && other.rank == 2) || (rank == 3 && other.rank == 3 && shape[0] == other.shape[0]),
            "matmul: unsupported shapes \(shape) × \(other.shape)")
        let a = self, b = other
        let value = Tensor.gemmForward(a, b, transposeA: transposeA, transposeB: transposeB)
        return Tensor.primitive("matmul", value, inputs: [a, b], saving: [a, b]) { g, c in
            let (a, b) = (c.saved[0], c.saved[1])
            let (needA, needB) = (c.needs[0], c.needs[1])
            switch (transposeA, transposeB) {
            case (false, false):
                return [needA ? g.matmul(b, transposeB: true) : nil, needB ? a.matmul(g, transposeA: true) : nil]
            case (true, false):
                return [needA ? b.matmul(g, transposeB: true) : nil, needB ? a.matmul(g) : nil]
            case (false, true):
                return [needA ? g.matmul(b) : nil, needB ? g.matmul(a, transposeA: true) : nil]
            case (true, true):
                return [
                    needA ? b.matmul(g, transposeA: true, transposeB: true) : nil,
                    needB ? g.matmul(a, transposeA: true, transposeB: true) : nil,
                ]
            }
        }
    }

    /// The GEMM itself, batched over a leading axis when the rank is 3.
    static func gemmForward(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        let batched = a.rank == 3
        let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = transposeA ? (ac, ar) : (ar, ac)
        let (k2, n) = transposeB ? (bc, br) : (br, bc)
        precondition(
            k == k2,
            "matmul: inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") × \(b.shape)\(transposeB ? "ᵀ" : "")")
        let p = batched ? a.shape[0] : 1
        let outShape = batched ? [p, m, n] : [m, n]
        let pa = a.storage.base, pb = b.storage.base
        return Tensor(shape: outShape) { out in
            guard let pc = out.baseAddress, out.count > 0 else { return }
            if k == 0 {
                for i in 0..<out.count { out[i] = 0 }
                return
            }
            for batch in 0..<p {
                Scalar.gemm(
                    transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                    a: pa + batch * ar * ac, lda: ac, b: pb + batch * br * bc, ldb: bc,
                    beta: 0, c: pc + batch * m * n, ldc: n)
            }
        }
    }
}
