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
