/// Every setting of a training run. Stored in the run's `config.json` and in
/// each checkpoint, so a run can be resumed and reproduced.
public struct TrainingConfiguration: Codable, Equatable, Sendable {
    public var model: ModelConfiguration
    /// How the critic is kept 1-Lipschitz.
    public var penalty: PenaltyKind = .gp
    /// λ, the weight of `gp` and `fd` penalties.
    public var lambda: Double = 10
    /// c, the weight bound of the `clip` penalty.
    public var clip: Double = 0.01
    /// K: critic steps per generator step.
    public var criticIterations: Int = 5
    /// B: examples per batch.
    public var batchSize: Int = 64
    /// Adam's learning rate, for both networks.
    public var learningRate: Double = 1e-4
    public var beta1: Double = 0.5
    public var beta2: Double = 0.9
    /// Generator iterations to train for (in total, across resumes).
    public var iterations: Int = 1000
    /// The seed of every random draw of the run.
    public var seed: UInt64 = 1
    /// Decay of an exponential moving average of the generator's weights, if any.
    public var ema: Double?
    /// Log metrics (and measure the critic's gradient norm) every this many iterations.
    public var logEvery: Int = 10
    /// Write samples from fixed noise every this many iterations.
    public var sampleEvery: Int = 100
    /// Save a checkpoint every this many iterations (and at the end).
    public var checkpointEvery: Int = 500
    /// How many checkpoints to keep.
    public var keepCheckpoints: Int = 3
    /// How many samples each `samples-<step>.txt` holds.
    public var sampleCount: Int = 16

    public init(model: ModelConfiguration) {
        self.model = model
    }
}
