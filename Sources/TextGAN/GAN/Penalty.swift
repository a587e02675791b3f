/// How the critic is kept (approximately) 1-Lipschitz, or its slope held down
/// (docs/penalties.md): `x̂ = real + α·(fake − real)`, `α ~ U(0, 1)` per
/// example, norms per example over the whole `[T, V]` sample.
public enum PenaltyKind: String, CaseIterable, Codable, Sendable {
    /// `λ·E[(‖∇D(x̂)‖₂ − 1)²]`: WGAN-GP (Gulrajani et al., 2017). Second order.
    case gp
    /// `λ·E[max(0, ‖∇D(x̂)‖₂ − 1)²]`: the one-sided variant (Petzka et al., 2018).
    case gpOneSided = "gp-one-sided"
    /// `λ·E[(|D(x̂₁) − D(x̂₂)| / ‖x̂₁ − x̂₂‖₂ − 1)²]` with two independent
    /// interpolates per example: the slope replaces the derivative. First order.
    case fd
    /// `λ·E[max(0, |D(x̂₁) − D(x̂₂)| / ‖x̂₁ − x̂₂‖₂ − 1)²]`.
    case fdOneSided = "fd-one-sided"
    /// `λ·E[(|∇D(x̂)·u| − 1)²]` with `u = (fake − real)/‖fake − real‖₂`: the
    /// derivative along the interpolation line only, the quantity `fd`'s
    /// slope approximates. Second order, like `gp`, but constraining one
    /// direction, like `fd`: it tells which of the two makes them differ.
    case gpDirectional = "gp-directional"
    /// `γ/2·E[‖∇D(x)‖₂²]` at the real batch: R1, the zero-centred gradient penalty
    /// on real data (Mescheder et al., 2018). Second order.
    case r1
    /// `γ/2·E[‖∇D(x)‖₂²]` at the generated batch: R2 (Mescheder et al., 2018). Second order.
    case r2
    /// Clamp every critic weight to `[−c, c]` after each step (WGAN, Arjovsky et al., 2017).
    case clip
    /// The unconstrained WGAN loss: a baseline and a timing floor.
    case none

    /// The family: which formula the penalty computes. Every other property
    /// below follows from it and from ``isOneSided``, so adding a penalty is
    /// a case in these two switches plus, for a new family, its formula in
    /// ``Penalty`` and ``CriticObjective``.
    public var family: PenaltyFamily {
        switch self {
        case .gp, .gpOneSided: return .gradient
        case .gpDirectional: return .directionalGradient
        case .fd, .fdOneSided: return .difference
        case .r1, .r2: return .zeroCentredGradient
        case .clip: return .clip
        case .none: return .none
        }
    }

    /// Whether only slopes above 1 are penalised: `max(0, s − 1)²` instead of `(s − 1)²`.
    public var isOneSided: Bool {
        switch self {
        case .gpOneSided, .fdOneSided: return true
        case .gp, .fd, .gpDirectional, .r1, .r2, .clip, .none: return false
        }
    }

    /// Where the penalty looks at the critic: at interpolates `x̂` (the gradient,
    /// directional and difference families), at the real or the generated batch
    /// itself (R1, R2), or nowhere (`clip`, `none`).
    public var site: PenaltySite {
        switch self {
        case .gp, .gpOneSided, .gpDirectional, .fd, .fdOneSided: return .interpolates
        case .r1: return .real
        case .r2: return .generated
        case .clip, .none: return .none
        }
    }

    /// Whether the penalty differentiates the critic's input gradient (double
    /// backward): the gradient families, whose slope is `‖∇D(x̂)‖₂` or `|∇D(x̂)·u|`,
    /// and R1/R2 (`‖∇D(x)‖₂²`).
    public var needsSecondOrder: Bool { family.needsSecondOrder }

    /// Points per example at which the penalty runs the critic: 1 for the gradient
    /// families and R1/R2 (the input gradient at one point), 2 for the difference
    /// family (`x̂₁` and `x̂₂`), 0 for `clip` and `none`.
    public var penaltyPoints: Int { family.penaltyPoints }

    /// Interpolates `x̂` the penalty scores per example, each with its own
    /// weight `α` drawn per critic step: ``penaltyPoints`` when the penalty looks
    /// at interpolates (1 for the gradient families, 2 for the difference
    /// family), else 0 (R1 and R2 look at the batches themselves and draw no `α`).
    public var interpolateCount: Int { site == .interpolates ? penaltyPoints : 0 }

    /// Whether every critic weight is clamped to `[−c, c]` after each critic step.
    public var clipsWeights: Bool { family == .clip }

    /// Whether the critic loss has a penalty term `λ·E[…]` or `γ/2·E[…]`; without
    /// one the reported penalty is 0. Equivalently `penaltyPoints > 0`.
    public var hasPenaltyTerm: Bool { penaltyPoints > 0 }

    /// Examples the critic runs forward per batch example in a critic step,
    /// `2 + penaltyPoints`: real and fake, plus the points of the penalty (batched
    /// with them for the difference family, in a forward of their own that is
    /// differentiated twice for the gradient families and R1/R2). 3 for `gp` and
    /// `r1`, 4 for `fd`, 2 for `clip` and `none`; the factor of the memory
    /// estimate's activations (``MemoryEstimate``).
    public var criticExamplesPerStep: Int { 2 + penaltyPoints }

    /// The setting that sizes this penalty: `λ` for the penalties at interpolates, `γ` for
    /// R1/R2, the bound `c` for clipping, nothing for `none`.
    public var weightSetting: PenaltyWeight? {
        switch family {
        case .gradient, .directionalGradient, .difference: return .lambda
        case .zeroCentredGradient: return .gamma
        case .clip: return .clip
        case .none: return nil
        }
    }

    /// The weight of the penalty term in `configuration`: `γ` for R1/R2, else `λ`.
    public func weight(in configuration: TrainingConfiguration) -> Double {
        weightSetting == .gamma ? configuration.gamma : configuration.lambda
    }
}

/// The settings that size a penalty (``PenaltyKind/weightSetting``), named as their
/// command-line options.
public enum PenaltyWeight: String, CaseIterable, Sendable {
    /// `λ` (``TrainingConfiguration/lambda``) of gp, fd and their variants.
    case lambda
    /// `γ` (``TrainingConfiguration/gamma``) of R1 and R2.
    case gamma
    /// The weight bound `c` (``TrainingConfiguration/clip``) of weight clipping.
    case clip
}

/// Where a penalty evaluates the critic's slope (``PenaltyKind/site``).
public enum PenaltySite: Sendable {
    /// Interpolates `x̂ = real + α·(fake − real)` with fresh `α` per step.
    case interpolates
    /// The real batch itself (R1).
    case real
    /// The generated batch itself (R2).
    case generated
    /// Nowhere: the penalty has no term.
    case none
}

/// The families of ``PenaltyKind``: what the penalty measures, and so how it
/// is computed. The kinds within a family differ only in ``PenaltyKind/isOneSided``.
public enum PenaltyFamily: CaseIterable, Sendable {
    /// `‖∇D(x̂)‖₂` at one interpolate: analytic, second order (`gp`, `gp-one-sided`).
    case gradient
    /// `|∇D(x̂)·u|` at one interpolate, `u` the unit direction of the
    /// interpolation line: analytic, second order (`gp-directional`).
    case directionalGradient
    /// `|D(x̂₁) − D(x̂₂)| / ‖x̂₁ − x̂₂‖₂` between two interpolates: first order (`fd`, `fd-one-sided`).
    case difference
    /// `‖∇D(x)‖₂²` at the real or the generated samples, zero-centred: analytic,
    /// second order (`r1`, `r2`).
    case zeroCentredGradient
    /// No penalty term; the weights are clamped instead (`clip`).
    case clip
    /// No constraint at all (`none`).
    case none

    /// Whether the slope is a derivative of the critic, so that its penalty
    /// is differentiated twice: ``gradient``, ``directionalGradient`` and ``zeroCentredGradient``.
    public var needsSecondOrder: Bool { self == .gradient || self == .directionalGradient || self == .zeroCentredGradient }

    /// Points per example: 1 for a derivative at a point, 2 for a
    /// difference between points, 0 without a penalty term.
    public var penaltyPoints: Int {
        switch self {
        case .gradient, .directionalGradient, .zeroCentredGradient: return 1
        case .difference: return 2
        case .clip, .none: return 0
        }
    }
}

/// The penalty terms, as functions of a critic `D: [B, T, V] → [B]`.
public enum Penalty {
    /// `x̂ = real + α ⊙ (fake − real)` with `α` `[B]` broadcast over `[T, V]`.
    /// Shapes: `real`, `fake` `[B, T, V]` → `[B, T, V]`.
    public static func interpolate<Scalar>(
        real: Tensor<Scalar>, fake: Tensor<Scalar>, alpha: Tensor<Scalar>
    ) -> Tensor<Scalar> {
        precondition(real.shape == fake.shape, "interpolate: real \(real.shape) vs fake \(fake.shape)")
        precondition(alpha.shape == [real.shape[0]], "interpolate: alpha \(alpha.shape) for batch \(real.shape[0])")
        return real + alpha.reshaped([real.shape[0], 1, 1]) * (fake - real)
    }

    /// `(s − 1)²`, or `max(0, s − 1)²` when one-sided, averaged over the batch and times `λ`.
    static func hinge<Scalar>(_ slopes: Tensor<Scalar>, lambda: Scalar, oneSided: Bool) -> Tensor<Scalar> {
        let excess = slopes - 1
        let term = oneSided ? excess.relu() : excess
        return (term * term).mean() * lambda
    }

    /// `∇ₓ̂ Σ_b D(x̂)_b` `[B, T, V]` at interpolates `x̂` `[B, T, V]`, taken with
    /// `createGraph: true` so that a penalty built from it can be differentiated
    /// with respect to the critic's weights. `D(x̂)_b` depends only on `x̂_b`,
    /// so this holds every per-example gradient at once.
    static func inputGradient<Scalar>(critic: (Tensor<Scalar>) -> Tensor<Scalar>, at interpolates: Tensor<Scalar>) -> Tensor<Scalar> {
        let x = interpolates.detached().requiringGradient()
        return gradient(of: critic(x).sum(), wrt: [x], createGraph: true)[0]
    }

    /// The analytic gradient penalty at interpolates `x̂` `[B, T, V]`:
    /// `λ·mean_b((‖∇ₓ̂ D(x̂)_b‖₂ − 1)²)`, one-sided if asked, differentiable
    /// with respect to the critic's weights (``inputGradient(critic:at:)``).
    ///
    /// - Returns: the penalty (rank 0) and the per-example norms `[B]` (detached).
    public static func gradientPenalty<Scalar>(
        critic: (Tensor<Scalar>) -> Tensor<Scalar>, interpolates: Tensor<Scalar>,
        lambda: Scalar, oneSided: Bool
    ) -> (penalty: Tensor<Scalar>, gradientNorms: Tensor<Scalar>) {
        let g = inputGradient(critic: critic, at: interpolates)
        // ε inside the root keeps d‖g‖ finite if a gradient is exactly zero.
        let norms = g.l2Norm(alongAxes: [1, 2], epsilon: 1e-12)
        return (hinge(norms, lambda: lambda, oneSided: oneSided), norms.detached())
    }

    /// The unit direction of each example's interpolation line,
    /// `u = (fake − real) / max(‖fake − real‖₂, 1e-12)` per example, as data
    /// (no gradient). Shapes: `[B, T, V]` → `[B, T, V]`.
    public static func lineDirection<Scalar>(real: Tensor<Scalar>, fake: Tensor<Scalar>) -> Tensor<Scalar> {
        let difference = (fake - real).detached()
        let norms = maximum(difference.l2Norm(alongAxes: [1, 2]), Tensor(1e-12))
        return difference / norms.reshaped([real.shape[0], 1, 1])
    }

    /// The directional gradient penalty at interpolates `x̂` `[B, T, V]`:
    /// `λ·mean_b((|∇ₓ̂ D(x̂)_b · u_b| − 1)²)`, `u` `[B, T, V]` unit directions
    /// (``lineDirection(real:fake:)``), one-sided if asked, differentiable with
    /// respect to the critic's weights (``inputGradient(critic:at:)``).
    ///
    /// - Returns: the penalty (rank 0) and the per-example slopes `|∇D·u|` `[B]` (detached).
    public static func directionalGradientPenalty<Scalar>(
        critic: (Tensor<Scalar>) -> Tensor<Scalar>, interpolates: Tensor<Scalar>, direction: Tensor<Scalar>,
        lambda: Scalar, oneSided: Bool
    ) -> (penalty: Tensor<Scalar>, slopes: Tensor<Scalar>) {
        precondition(direction.shape == interpolates.shape,
                     "directionalGradientPenalty: direction \(direction.shape) vs interpolates \(interpolates.shape)")
        let g = inputGradient(critic: critic, at: interpolates)
        let slopes = (g * direction.detached()).sum(alongAxes: [1, 2]).abs()
        return (hinge(slopes, lambda: lambda, oneSided: oneSided), slopes.detached())
    }

    /// The zero-centred gradient penalty at samples `x` `[B, T, V]` (the real batch
    /// for R1, the generated one for R2): `γ/2·mean_b(‖∇ₓD(x)_b‖₂²)` (Mescheder et
    /// al., 2018), differentiable with respect to the critic's weights
    /// (``inputGradient(critic:at:)``). The square needs no `ε`: it is smooth at 0.
    ///
    /// - Returns: the penalty (rank 0) and the per-example norms `‖∇D(x)_b‖₂` `[B]` (detached).
    public static func zeroCentredGradientPenalty<Scalar>(
        critic: (Tensor<Scalar>) -> Tensor<Scalar>, at samples: Tensor<Scalar>, gamma: Scalar
    ) -> (penalty: Tensor<Scalar>, gradientNorms: Tensor<Scalar>) {
        let g = inputGradient(critic: critic, at: samples)
        let squares = (g * g).sum(alongAxes: [1, 2])
        return (squares.mean() * (gamma / 2), squares.detached().sqrt())
    }

    /// The finite-difference penalty from scores at two interpolates per example:
    /// `λ·mean_b((|D(x̂₁)_b − D(x̂₂)_b| / ‖x̂₁_b − x̂₂_b‖₂ − 1)²)`, one-sided if asked.
    ///
    /// The distances are data (no gradient), clamped below at `1e-12` so that
    /// two identical interpolates give a large slope instead of a division by zero.
    ///
    /// - Parameters: `scores1`, `scores2` `[B]`; `x1`, `x2` `[B, T, V]`.
    /// - Returns: the penalty (rank 0) and the slopes `[B]` (detached).
    public static func finiteDifferencePenalty<Scalar>(
        scores1: Tensor<Scalar>, scores2: Tensor<Scalar>, x1: Tensor<Scalar>, x2: Tensor<Scalar>,
        lambda: Scalar, oneSided: Bool
    ) -> (penalty: Tensor<Scalar>, slopes: Tensor<Scalar>) {
        let distance = maximum((x1.detached() - x2.detached()).l2Norm(alongAxes: [1, 2]), Tensor(1e-12))
        let slopes = (scores1 - scores2).abs() / distance
        return (hinge(slopes, lambda: lambda, oneSided: oneSided), slopes.detached())
    }
}
