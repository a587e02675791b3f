/// How the learning rates change over a run.
public enum LearningRateDecay: String, CaseIterable, Codable, Sendable {
    /// Constant rates.
    case none
    /// Both rates fall linearly to 0 at the run's end: iteration `t` (from 0) of `T` trains
    /// at `lr · (1 − t/T)`. With a time budget the fraction is of the budget spent, or of
    /// the iterations, whichever is further along.
    case linear
}

extension TrainingConfiguration {
    /// The factor of both learning rates for the iteration that begins after `step`
    /// iterations and `trainingSeconds` of training (``LearningRateDecay``).
    public func learningRateFactor(step: Int, trainingSeconds: Double) -> Double {
        switch learningRateDecay {
        case .none:
            return 1
        case .linear:
            let byIterations = Double(step) / Double(max(1, iterations))
            let byTime = minutes.map { trainingSeconds / ($0 * 60) } ?? 0
            return max(0, 1 - max(byIterations, byTime))
        }
    }
}
