/// The Wasserstein GAN losses (Arjovsky et al., 2017), as minimised.
public enum WassersteinLoss {
    /// The critic's loss `E[D(fake)] − E[D(real)]` (it maximises the
    /// Wasserstein estimate `E[D(real)] − E[D(fake)]`). Scores are `[B]`.
    public static func critic<Scalar>(realScores: Tensor<Scalar>, fakeScores: Tensor<Scalar>) -> Tensor<Scalar> {
        fakeScores.mean() - realScores.mean()
    }

    /// The generator's loss `−E[D(G(z))]`.
    public static func generator<Scalar>(fakeScores: Tensor<Scalar>) -> Tensor<Scalar> {
        -fakeScores.mean()
    }
}

/// The adversarial loss the two networks minimise, from the critic's scores `[B]` of a
/// real and a generated batch. Every term is a mean over the batch's rows, so the mean
/// of the losses of equal slices is the loss of the batch (data-parallel training).
/// The penalty (``PenaltyKind``) is added to the critic's loss whatever the loss is.
public enum AdversarialLoss: String, CaseIterable, Codable, Sendable {
    /// WGAN (Arjovsky et al., 2017): the critic minimises `E[D(fake)] − E[D(real)]`,
    /// the generator `−E[D(fake)]`. Linear in the scores: it needs a Lipschitz constraint.
    case wasserstein
    /// The hinge loss (Lim & Ye 2017; Miyato et al. 2018; BigGAN): the critic minimises
    /// `E[relu(1 − D(real))] + E[relu(1 + D(fake))]`, the generator `−E[D(fake)]`.
    /// Scores beyond the margins ±1 cost the critic nothing.
    case hinge
    /// The non-saturating loss (Goodfellow et al., 2014), `D` a logit: the critic minimises
    /// `E[softplus(−D(real))] + E[softplus(D(fake))]` (the cross-entropy of real = 1,
    /// fake = 0), the generator `E[softplus(−D(fake))]`.
    case ns
    /// Least squares (LSGAN, Mao et al., 2017) with labels `a = 0` (fake), `b = 1` (real)
    /// and generator target `c = 1`: the critic minimises `½E[(D(real) − 1)²] + ½E[D(fake)²]`,
    /// the generator `½E[(D(fake) − 1)²]`.
    case ls

    /// The critic's loss, rank 0, for scores `[B]` of a real and a generated batch.
    public func critic<Scalar>(realScores: Tensor<Scalar>, fakeScores: Tensor<Scalar>) -> Tensor<Scalar> {
        switch self {
        case .wasserstein:
            return WassersteinLoss.critic(realScores: realScores, fakeScores: fakeScores)
        case .hinge:
            return (1 - realScores).relu().mean() + (1 + fakeScores).relu().mean()
        case .ns:
            return (-realScores).softplus().mean() + fakeScores.softplus().mean()
        case .ls:
            let realError = realScores - 1
            return (realError * realError).mean() * 0.5 + (fakeScores * fakeScores).mean() * 0.5
        }
    }

    /// The generator's loss, rank 0, for the critic's scores `[B]` of generated samples.
    public func generator<Scalar>(fakeScores: Tensor<Scalar>) -> Tensor<Scalar> {
        switch self {
        case .wasserstein, .hinge:
            return WassersteinLoss.generator(fakeScores: fakeScores)
        case .ns:
            return (-fakeScores).softplus().mean()
        case .ls:
            let error = fakeScores - 1
            return (error * error).mean() * 0.5
        }
    }

    /// The two losses as formulas, one line (for `--help` and reports).
    public var formula: String {
        switch self {
        case .wasserstein: return "critic E[D(fake)] − E[D(real)], generator −E[D(fake)]"
        case .hinge: return "critic E[relu(1 − D(real))] + E[relu(1 + D(fake))], generator −E[D(fake)]"
        case .ns: return "critic E[softplus(−D(real))] + E[softplus(D(fake))], generator E[softplus(−D(fake))]"
        case .ls: return "critic ½E[(D(real) − 1)²] + ½E[D(fake)²], generator ½E[(D(fake) − 1)²]"
        }
    }

    /// What the loss is called in messages: "the Wasserstein loss", "the hinge loss".
    public var name: String {
        switch self {
        case .wasserstein: return "Wasserstein loss"
        case .hinge: return "hinge loss"
        case .ns: return "non-saturating loss"
        case .ls: return "least-squares loss"
        }
    }
}
