import Foundation

/// What a progress display needs after each iteration.
public struct ProgressReport: Sendable {
    public let step: Int
    /// The iteration the run ends at, if it does not end on its time budget first.
    public let totalSteps: Int
    /// Training seconds left of the run's time budget (nil: no budget).
    public let budgetSecondsRemaining: Double?
    public let iterationsPerSecond: Double
    /// Estimated seconds to the end at the recent rate.
    public let secondsRemaining: Double
    public let statistics: IterationStatistics
    /// Set when this iteration wrote a metrics record.
    public let logged: StepMetrics?
}

/// What the loop logs at an evaluated step.
public struct TrainingEvaluation: Sendable {
    /// JS-n, rare-token share and the rest, of the generator's samples.
    public var samples: SampleQuality
    /// How strongly the critic reads rare characters (nil: not measured).
    public var criticInputNorms: CriticInputNorms?

    public init(samples: SampleQuality, criticInputNorms: CriticInputNorms? = nil) {
        self.samples = samples
        self.criticInputNorms = criticInputNorms
    }
}

/// How a call to ``TrainingLoop/train()`` ended.
public enum TrainingOutcome: Equatable, Sendable {
    /// Reached `configuration.iterations` or spent `configuration.minutes`; the final
    /// checkpoint is saved.
    case finished(step: Int)
    /// Stopped on request (Ctrl-C, SIGTERM) after a checkpoint was saved.
    case interrupted(step: Int)
}

/// The training loop of a run directory, top to bottom: iterate, log
/// metrics and the critic's gradient norm every `logEvery`, write samples
/// from fixed noise every `sampleEvery`, checkpoint every `checkpointEvery`
/// and at the end: at `iterations`, or at the first iteration that ends past
/// the time budget `minutes` of training seconds. A stop request is honoured between iterations, after a
/// checkpoint. A non-finite loss throws before the step's update, so the
/// last checkpoint stays the last good state.
public struct TrainingLoop {
    public var trainer: GANTrainer
    public let directory: RunDirectory
    /// Turns one sample's `T` token ids into text (pads removed).
    public let decode: ([Int32]) -> String
    /// Asked between iterations; true stops the loop after a checkpoint.
    public var shouldStop: () -> Bool = { false }
    /// Called after every iteration.
    public var onProgress: (ProgressReport) -> Void = { _ in }
    /// Sample quality (JS-n, rare-token share) and the critic's input norms at evaluated steps, given the trainer.
    public var evaluate: ((GANTrainer) -> TrainingEvaluation)?
    /// Evaluate every this many iterations (when ``evaluate`` is set).
    public var evaluateEvery: Int = 0

    public init(trainer: GANTrainer, run: RunDirectory, decode: @escaping ([Int32]) -> String) {
        self.trainer = trainer
        self.directory = run
        self.decode = decode
    }

    var configuration: TrainingConfiguration { trainer.configuration }

    /// Training seconds left of the budget (nil: no budget), never below 0.
    var budgetSecondsRemaining: Double? {
        configuration.minutes.map { max(0, $0 * 60 - trainer.trainingSeconds) }
    }

    /// Whether the run has reached its end: its iterations, or its time budget.
    public var isFinished: Bool {
        configuration.isFinished(step: trainer.step, trainingSeconds: trainer.trainingSeconds)
    }

    /// Trains until `configuration.iterations`, the time budget, or a stop request.
    public mutating func train() throws -> TrainingOutcome {
        let total = configuration.iterations
        let fixedNoise = GANTrainer.fixedNoise(configuration: configuration, count: configuration.sampleCount)
        let tokensPerIteration = Double(configuration.criticIterations * 2 * configuration.batchSize * configuration.model.sequenceLength)
        var sinceLog = (iterations: 0, seconds: 0.0, timing: PhaseTiming(), allReduceSeconds: trainer.allReduceSeconds)
        var recentRate = 0.0

        while true {
            let stop = agreeOnStopAndTime()
            if isFinished { break }
            if stop {
                try writeSamples(noise: fixedNoise)
                try saveCheckpoint()
                return .interrupted(step: trainer.step)
            }
            let watch = Stopwatch()
            let stats = try trainer.trainIteration()
            let seconds = watch.elapsed
            _ = agreeOnStopAndTime(askingToStop: false)
            sinceLog.iterations += 1
            sinceLog.seconds += seconds
            sinceLog.timing.add(stats.timing)
            recentRate = recentRate == 0 ? 1 / seconds : 0.9 * recentRate + 0.1 / seconds

            let step = trainer.step
            let last = isFinished
            var logged: StepMetrics?
            // Not on `evaluate`: under mpirun only rank 0 evaluates, but every rank logs (a collective) at the same steps.
            let evaluateNow = evaluateEvery > 0 && (step % evaluateEvery == 0 || last)
            if step % configuration.logEvery == 0 || last || evaluateNow {
                let slopes = trainer.interpolateSlopes()
                let norms = slopes.total.map(Double.init)
                let mean = slopes.totalMean
                let std = (norms.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(norms.count)).squareRoot()
                let n = Double(sinceLog.iterations)
                var metrics = StepMetrics(
                    step: step, criticLoss: stats.criticLoss, wasserstein: stats.wasserstein, penalty: stats.penalty,
                    generatorLoss: stats.generatorLoss, secondsPerIteration: sinceLog.seconds / n,
                    tokensPerSecond: tokensPerIteration * n / sinceLog.seconds, elapsedSeconds: trainer.trainingSeconds,
                    gradientNormMean: mean, gradientNormStd: std, gradientNormMax: norms.max() ?? 0,
                    timing: sinceLog.timing.scaled(by: 1 / n),
                    peakMemoryMiB: ProcessMemory.peakResidentBytes.map { Double($0) / 1_048_576 })
                metrics.skippedSteps = trainer.skippedSteps
                metrics.orthogonalRegularization = configuration.orthogonalRegularization > 0 ? stats.orthogonalRegularization : nil
                metrics.lineSlopeMean = slopes.alongLineMean
                metrics.worldSize = communicator.size > 1 ? communicator.size : nil
                metrics.allReduceSecondsPerIteration = communicator.size > 1 ? (trainer.allReduceSeconds - sinceLog.allReduceSeconds) / n : nil
                if evaluateNow, let evaluate, communicator.isRoot {
                    let evaluation = evaluate(trainer)
                    metrics.js = evaluation.samples.js
                    metrics.rareShare = evaluation.samples.rareShare
                    metrics.selfBLEU4 = evaluation.samples.selfBLEU4
                    metrics.samplesInTraining = evaluation.samples.novelty.samplesInTraining
                    metrics.distinctSamples = evaluation.samples.distinctSamples
                    metrics.criticInputNorms = evaluation.criticInputNorms
                }
                if communicator.isRoot { try directory.appendMetrics(metrics) }
                logged = metrics
                sinceLog = (0, 0, PhaseTiming(), trainer.allReduceSeconds)
            }
            if step % configuration.sampleEvery == 0 || last {
                try writeSamples(noise: fixedNoise)
            }
            if step % configuration.checkpointEvery == 0 || last {
                try saveCheckpoint()
            }
            let budget = budgetSecondsRemaining
            onProgress(ProgressReport(
                step: step, totalSteps: total, budgetSecondsRemaining: budget, iterationsPerSecond: recentRate,
                secondsRemaining: min(Double(total - step) / max(recentRate, 1e-9), budget ?? .infinity), statistics: stats, logged: logged))
        }
        return .finished(step: trainer.step)
    }

    var communicator: any Communicator { trainer.communicator }

    /// Whether to stop now, and the training seconds so far, made the same on every rank:
    /// stopped if any rank was asked to (mpirun delivers a signal to the ranks at slightly
    /// different moments), and the largest rank's seconds (so that a time budget ends every
    /// rank at the same iteration). Free in one process.
    mutating func agreeOnStopAndTime(askingToStop: Bool? = nil) -> Bool {
        let stop = askingToStop ?? shouldStop()
        guard communicator.size > 1 else { return stop }
        var values = [stop ? 1 : 0, trainer.trainingSeconds]
        communicator.allReduceMax(&values)
        trainer.trainingSeconds = values[1]
        return values[0] > 0
    }

    /// Rank 0 alone writes the run directory; the others return at once.
    func saveCheckpoint() throws {
        guard communicator.isRoot else { return }
        try directory.saveCheckpoint(try trainer.checkpointData(), step: trainer.step, keep: configuration.keepCheckpoints)
    }

    func writeSamples(noise: Tensor<Float>) throws {
        guard communicator.isRoot else { return }
        // From the weight average when the run keeps one: what `sample` and the evaluations use.
        let ids = trainer.sampleIDs(noise: noise, useAverage: true)
        let t = configuration.model.sequenceLength
        let lines = (0..<noise.shape[0]).map { decode(Array(ids[($0 * t)..<(($0 + 1) * t)])) }
        try directory.writeSamples(lines, step: trainer.step)
    }
}

extension PhaseTiming {
    mutating func add(_ other: PhaseTiming) {
        data += other.data
        criticForward += other.criticForward
        criticPenalty += other.criticPenalty
        criticBackward += other.criticBackward
        optimizer += other.optimizer
        generatorStep += other.generatorStep
    }

    func scaled(by factor: Double) -> PhaseTiming {
        PhaseTiming(
            data: data * factor, criticForward: criticForward * factor, criticPenalty: criticPenalty * factor,
            criticBackward: criticBackward * factor, optimizer: optimizer * factor, generatorStep: generatorStep * factor)
    }
}
