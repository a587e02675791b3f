@testable import TextGAN

extension ParameterGroup where Scalar == Double {
    /// A copy whose biases (every rank-1 parameter, zero at initialisation) are drawn from
    /// `N(0, 0.3²)`: with zero biases a ReLU's input is exactly 0 wherever its inputs are,
    /// and a finite difference across that kink is not the derivative on either side.
    func withRandomBiases(seed: UInt64) -> Self {
        var rng = SeededGenerator(seed: seed)
        var copy = self
        copy.setParameters(parameters.map { $0.rank == 1 ? Tensor<Double>.normal($0.shape, using: &rng) * 0.3 : $0 })
        return copy
    }
}
