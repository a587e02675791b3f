/// BigGAN's orthogonal regularisation (Brock et al., 2019), added to the generator's loss:
///
///     R = β · Σ_W ‖WᵀW ⊙ (1 − I)‖²_F
///
/// over the network's weight matrices (``ParameterGroup/weightMatrixPaths``), each read as
/// `W` `[fanIn, out]` (``Tensor/asWeightMatrix()``), so that `WᵀW` `[out, out]` holds the
/// inner products of the output filters. It pushes distinct filters towards orthogonality
/// and leaves their norms free (the diagonal is masked), unlike `β‖WᵀW − I‖²_F`.
///
/// BigGAN-PyTorch (`utils.ortho`) adds `2·β·(WWᵀ ⊙ (1 − I))·W` to the gradient, which is
/// the gradient of `β/2 · ‖…‖²_F`: its `β = 1e-4` is this `β = 5e-5`.
///
/// A function of the weights alone: every rank of a data-parallel run adds the same term.
public enum OrthogonalRegularization {
    /// `‖MᵀM ⊙ (1 − I)‖²_F`, rank 0, for a matrix `M` `[m, n]`, on `M`'s tape.
    ///
    /// For `n ≤ m` from the `[n, n]` Gram matrix with its diagonal masked. For `n > m` (a
    /// wide matrix such as the generator's first layer, `[Z, T·C]`) from the smaller
    /// Gram: `‖MᵀM‖²_F = ‖MMᵀ‖²_F = Σσᵢ⁴`, less the squared diagonal `Σⱼ(Σᵢ Mᵢⱼ²)²`: the same
    /// value at `m²n` instead of `n²m` multiply-adds. The subtraction loses little: `MᵀM` has
    /// rank at most `m < n`, so its off-diagonal part is at least a share `1 − m/n` of it
    /// when the columns have equal norms.
    public static func offDiagonalGramSquared<Scalar>(_ m: Tensor<Scalar>) -> Tensor<Scalar> {
        precondition(m.rank == 2, "offDiagonalGramSquared: \(m.shape) is not a matrix")
        let (rows, columns) = (m.shape[0], m.shape[1])
        if columns <= rows {
            let gram = m.matmul(m, transposeA: true)  // [n, n]
            let offDiagonal = Tensor<Scalar>(shape: [columns, columns], scalars: (0..<(columns * columns)).map { $0 % (columns + 1) == 0 ? 0 : 1 })
            let masked = gram * offDiagonal
            return (masked * masked).sum()
        }
        let small = m.matmul(m, transposeB: true)  // [m, m]
        let columnSquares = (m * m).sum(alongAxes: [0])  // the diagonal of MᵀM, [n]
        return (small * small).sum() - (columnSquares * columnSquares).sum()
    }

    /// `β · Σ_W ‖WᵀW ⊙ (1 − I)‖²_F` over `network`'s weight matrices, rank 0, on the tape
    /// of its weights (for gradients: ``ParameterGroup/trackingGradients()``).
    public static func penalty<Network: ParameterGroup>(_ network: Network, beta: Network.Scalar) -> Tensor<Network.Scalar> {
        network.weightMatrixPaths
            .map { offDiagonalGramSquared(network[keyPath: $0.path].asWeightMatrix()) }
            .reduce(Tensor(0), +) * beta
    }
}
