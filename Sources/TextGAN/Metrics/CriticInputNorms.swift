/// How strongly the critic reads rare characters compared with common ones.
///
/// The critic's first layer is a 1×1 convolution with weights `W [1, V, C]`:
/// probability `p` on character `v` at a position adds `p · W[0, v, :]` to
/// that position's `C` activations, so the row norm
///
///     s(v) = ‖W[0, v, :]‖₂
///
/// bounds how far the critic's first activations can move when the generator
/// shifts probability onto `v`. This records the mean of `s(v)` over the rare
/// characters (those not in `common`; ``commonTokens(unigrams:threshold:)``
/// gives the set ``rareTokenShare(_:unigrams:threshold:)`` uses) and over
/// the common ones.
///
/// Why it matters: the analytic gradient penalty takes the norm of
/// `∇ₓ D(x̂)` over all `V` channels, and `∂D/∂x̂[t, v] = Σ_c W[0, v, c] · δ[t, c]`
/// is non-zero for every `v`, including characters that neither real text
/// nor samples use. Shrinking those rows lowers the penalty at no cost to the
/// Wasserstein term, so under `gp` they decay (to 0.04–0.09 of the common
/// rows' norm by 2000 iterations on the bundled English corpus, from about 1),
/// and the critic barely sees a generator that writes them. The difference
/// penalties only probe the direction between two interpolates,
/// `(α₁ − α₂)·(fake − real)`, which holds only the little probability the
/// generator puts on unused characters, so their rows keep their size
/// (ratio 1.07–1.13).
///
///     let norms = CriticInputNorms(inputWeights: critic.input.weight, common: commonTokens(unigrams: counts))
///     norms.ratio   // e.g. 0.09 (gp, 2000 its) vs 1.1 (fd)
public struct CriticInputNorms: Codable, Sendable, Equatable {
    /// Mean row norm over rare characters (nil when none is rare).
    public var rare: Double?
    /// Mean row norm over common characters (nil when none is common).
    public var common: Double?

    /// - Parameters:
    ///   - inputWeights: the critic's input convolution weights `[1, V, C]`.
    ///   - common: the ids of the common characters; all others in `0..<V` are rare.
    /// - Precondition: `inputWeights` has shape `[1, V, C]`.
    /// - Complexity: O(V·C).
    public init(inputWeights w: Tensor<Float>, common commonIDs: Set<Int32>) {
        precondition(w.rank == 3 && w.shape[0] == 1, "CriticInputNorms: weights \(w.shape), expected [1, V, C]")
        let (v, c) = (w.shape[1], w.shape[2])
        let values = w.scalars
        var sums = (rare: 0.0, common: 0.0), counts = (rare: 0, common: 0)
        for row in 0..<v {
            let norm = values[(row * c)..<((row + 1) * c)].reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            if commonIDs.contains(Int32(row)) {
                sums.common += norm
                counts.common += 1
            } else {
                sums.rare += norm
                counts.rare += 1
            }
        }
        self.rare = counts.rare > 0 ? sums.rare / Double(counts.rare) : nil
        self.common = counts.common > 0 ? sums.common / Double(counts.common) : nil
    }

    /// `rare / common`: 1 when the critic reads rare characters as strongly as
    /// common ones; nil unless both kinds exist.
    public var ratio: Double? {
        guard let rare, let common, common > 0 else { return nil }
        return rare / common
    }
}
