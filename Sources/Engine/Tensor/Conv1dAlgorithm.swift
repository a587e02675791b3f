/// How the kernels of ``Tensor/conv1d(_:bias:padding:)`` compute: the
/// forward (and so the input gradient, itself a conv1d) and the weight
/// gradient. Both algorithms give the same values up to roundoff.
public enum Conv1dAlgorithm: Sendable, Equatable, CustomStringConvertible {
    /// One GEMM `[B·T', K·Cin]·[K·Cin, Cout]` over a copied im2col matrix.
    case im2col
    /// Winograd F(m, K) with `outputs` = m: `m + K − 1` GEMMs
    /// `[B·⌈T'/m⌉, Cin]·[Cin, Cout]` (see `Winograd.swift`); the weight
    /// gradient by F(K, m), `m + K − 1` GEMMs `[Cin, B·⌈T'/m⌉]·[B·⌈T'/m⌉, Cout]`.
    case winograd(outputs: Int)

    public var description: String {
        switch self {
        case .im2col: return "im2col"
        case .winograd(let m): return "winograd F(\(m), K)"
        }
    }
}

extension Conv1dKernels {
    /// Set with `Conv1dKernels.$forcedAlgorithm.withValue(…) { … }` to run a
    /// scope with one algorithm (tests compare them; benchmarks time them).
    @TaskLocal static var forcedAlgorithm: Conv1dAlgorithm?

    /// Outputs per Winograd tile: F(4, 3) and F(4, 5), whose float32
    /// roundoff (measured against float64 in the tests) stays within a few
    /// 1e-6 of the outputs' scale.
    static let winogradTile = 4

    /// The algorithm for a kernel of `K` taps between these channel counts:
    /// Winograd F(4, K) for K = 3 or 5 with at least 32 channels on each side
    /// (where GEMMs dominate and the transforms are cheap beside them),
    /// im2col otherwise, unless ``forcedAlgorithm`` says otherwise.
    static func algorithm(kernelSize k: Int, inputChannels ci: Int, outputChannels co: Int) -> Conv1dAlgorithm {
        if let forced = forcedAlgorithm {
            if case .winograd = forced, k == 1 { return .im2col }  // a 1 × 1 kernel has nothing to save
            return forced
        }
        return (k == 3 || k == 5) && ci >= 32 && co >= 32 ? .winograd(outputs: winogradTile) : .im2col
    }
}
