/// The loss a critic step minimises, for every ``AdversarialLoss`` and ``PenaltyKind``:
///
///     L = loss(D(real), D(fake)) + penalty
///
/// (with the Wasserstein loss, `E[D(fake)] − E[D(real)] + penalty`),
/// built from the batches and the interpolation weights alone, so the same
/// code trains (in `Float`, inside ``GANTrainer``) and is checked against an
/// independent implementation (in `Double`, in the tests).
///
/// One batched critic forward per step: `[real; fake]` `[2B, T, V]` for `gp`,
/// `r1`, `r2`, `clip` and `none` (the gradient penalties run their own forward on
/// the interpolates, or on the real or generated batch, which they differentiate
/// twice), `[real; fake; x̂₁; x̂₂]` `[4B, T, V]` for `fd`.
public struct CriticObjective<Scalar: TensorScalar> {
    /// `L`, rank 0, on the critic's tape.
    public var loss: Tensor<Scalar>
    /// The adversarial term of `L`, ``AdversarialLoss/critic(realScores:fakeScores:)``.
    public var adversarialLoss: Tensor<Scalar>
    /// `E[D(fake)] − E[D(real)]`: minus the Wasserstein estimate, whatever the loss
    /// (with another loss, minus the gap between the two batches' mean scores).
    public var wassersteinLoss: Tensor<Scalar>
    /// `λ·E[…]` or `γ/2·E[…]`, rank 0 (zero for `clip` and `none`).
    public var penalty: Tensor<Scalar>

    /// The points of the critic step where ``GANTrainer`` reads its stopwatch.
    public enum Phase { case data, forward, penalty }

    /// Evaluates the objective of a critic step.
    ///
    /// - Parameters:
    ///   - critic: the critic, tracking gradients to its weights (with spectral
    ///     normalisation, its normalised copy: ``SpectralNorm``).
    ///   - real, fake: `[B, T, V]`; one-hot rows and generator probabilities.
    ///   - alphas: interpolation weights `[B]` each, ``PenaltyKind/interpolateCount`` of them.
    ///   - weight: the penalty's weight: `λ`, or `γ` for R1 and R2 (``PenaltyKind/weight(in:)``).
    ///   - loss: the adversarial loss.
    ///   - phaseEnded: called after the interpolates are built, after the
    ///     forward pass and after the penalty (for timing).
    /// - Precondition: `alphas.count == kind.interpolateCount`.
    public init(
        critic: Critic<Scalar>, real: Tensor<Scalar>, fake: Tensor<Scalar>, alphas: [Tensor<Scalar>],
        penalty kind: PenaltyKind, lambda weight: Scalar, loss: AdversarialLoss = .wasserstein,
        phaseEnded: (Phase) -> Void = { _ in }
    ) {
        precondition(alphas.count == kind.interpolateCount,
                     "CriticObjective: \(kind.rawValue) takes \(kind.interpolateCount) interpolation weights, got \(alphas.count)")
        let b = real.shape[0]
        let realScores: Tensor<Scalar>, fakeScores: Tensor<Scalar>
        switch kind.family {
        case .gradient, .directionalGradient:
            let interpolates = Penalty.interpolate(real: real, fake: fake, alpha: alphas[0])
            phaseEnded(.data)
            let scores = critic(Tensor.concat([real, fake], axis: 0))  // [2B]
            realScores = scores.slice(axis: 0, 0..<b)
            fakeScores = scores.slice(axis: 0, b..<(2 * b))
            phaseEnded(.forward)
            if kind.family == .directionalGradient {
                penalty = Penalty.directionalGradientPenalty(
                    critic: { critic($0) }, interpolates: interpolates, direction: Penalty.lineDirection(real: real, fake: fake),
                    lambda: weight, oneSided: kind.isOneSided).penalty
            } else {
                penalty = Penalty.gradientPenalty(
                    critic: { critic($0) }, interpolates: interpolates, lambda: weight, oneSided: kind.isOneSided).penalty
            }
            phaseEnded(.penalty)
        case .zeroCentredGradient:
            phaseEnded(.data)
            let scores = critic(Tensor.concat([real, fake], axis: 0))  // [2B]
            realScores = scores.slice(axis: 0, 0..<b)
            fakeScores = scores.slice(axis: 0, b..<(2 * b))
            phaseEnded(.forward)
            penalty = Penalty.zeroCentredGradientPenalty(critic: { critic($0) }, at: kind.site == .real ? real : fake, gamma: weight).penalty
            phaseEnded(.penalty)
        case .difference:
            let x1 = Penalty.interpolate(real: real, fake: fake, alpha: alphas[0])
            let x2 = Penalty.interpolate(real: real, fake: fake, alpha: alphas[1])
            phaseEnded(.data)
            let scores = critic(Tensor.concat([real, fake, x1, x2], axis: 0))  // [4B]
            realScores = scores.slice(axis: 0, 0..<b)
            fakeScores = scores.slice(axis: 0, b..<(2 * b))
            phaseEnded(.forward)
            penalty = Penalty.finiteDifferencePenalty(
                scores1: scores.slice(axis: 0, (2 * b)..<(3 * b)), scores2: scores.slice(axis: 0, (3 * b)..<(4 * b)),
                x1: x1, x2: x2, lambda: weight, oneSided: kind.isOneSided).penalty
            phaseEnded(.penalty)
        case .clip, .none:
            phaseEnded(.data)
            let scores = critic(Tensor.concat([real, fake], axis: 0))  // [2B]
            realScores = scores.slice(axis: 0, 0..<b)
            fakeScores = scores.slice(axis: 0, b..<(2 * b))
            phaseEnded(.forward)
            penalty = Tensor(0)
        }
        wassersteinLoss = WassersteinLoss.critic(realScores: realScores, fakeScores: fakeScores)
        // The Wasserstein loss is its own adversarial term: the same tensor, so that its
        // runs compute exactly what they computed before the other losses existed.
        adversarialLoss = loss == .wasserstein ? wassersteinLoss : loss.critic(realScores: realScores, fakeScores: fakeScores)
        self.loss = adversarialLoss + penalty
    }
}
