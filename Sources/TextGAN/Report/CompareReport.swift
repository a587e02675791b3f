import Foundation

/// The runs of a comparison, penalty by penalty, and what they add up to:
/// `summary.json`, `report.md` and a self-contained `report.html` with
/// inline SVG charts.
public struct CompareReport: Sendable {
    /// One training run of the comparison.
    public struct Run: Sendable {
        /// The configuration's label (``CompareReport`` groups runs by it): the penalty, or
        /// the varied settings, e.g. `lr=0.001_critic-iterations=1`.
        public let configuration: String
        public let seed: UInt64
        public let metrics: [StepMetrics]
        /// The last samples file's lines.
        public let samples: [String]

        public init(configuration: String, seed: UInt64, metrics: [StepMetrics], samples: [String]) {
            self.configuration = configuration
            self.seed = seed
            self.metrics = metrics
            self.samples = samples
        }

        // The run's own numbers: the summary spreads them over seeds, the per-run table shows them.

        /// JS-1…4 of the last evaluation; nil if the run never evaluated.
        var finalJS: [Double]? { metrics.last(where: { $0.js != nil })?.js }
        /// The lowest JS-4 of any evaluation.
        var bestJS4: Double? { metrics.compactMap { $0.js?[3] }.min() }
        /// The step of the last evaluation.
        var lastEvaluatedStep: Int? { metrics.last(where: { $0.js != nil })?.step }
        /// JS-4 of the last evaluation at or before `step`.
        func js4(atOrBefore step: Int) -> Double? { metrics.last(where: { $0.js != nil && $0.step <= step })?.js?[3] }
        /// The last evaluation's sample diversity: Self-BLEU-4, whole samples found in the
        /// training text, distinct samples; nil for runs logged before textgan recorded them.
        var finalSelfBLEU4: Double? { metrics.last(where: { $0.selfBLEU4 != nil })?.selfBLEU4 }
        var finalSamplesInTraining: Double? { metrics.last(where: { $0.samplesInTraining != nil })?.samplesInTraining }
        var finalDistinctSamples: Double? { metrics.last(where: { $0.distinctSamples != nil })?.distinctSamples.map(Double.init) }
        /// The mean JS-n (`n` = 1…4) of the evaluations after ¾ of the last evaluated step.
        func lateJS(_ n: Int) -> Double? {
            guard let last = metrics.last(where: { $0.js != nil })?.step else { return nil }
            let late = metrics.filter { 4 * $0.step > 3 * last }.compactMap { $0.js?[n - 1] }
            return late.isEmpty ? nil : late.reduce(0, +) / Double(late.count)
        }
        var lateJS1: Double? { lateJS(1) }
        var lateJS4: Double? { lateJS(4) }
        /// The median over the logged windows of seconds per iteration.
        var secondsPerIteration: Double? { metrics.map(\.secondsPerIteration).median }
        /// Mean `‖∇D(x̂)‖` at the last logged step.
        var finalGradientNorm: Double? { metrics.last?.gradientNormMean }
        /// Mean `|∇D(x̂)·u|` (the slope along the real→fake line) at the last logged step that measured it.
        var finalLineSlope: Double? { metrics.last(where: { $0.lineSlopeMean != nil })?.lineSlopeMean }
        /// The share of sample positions on rare characters at the last evaluation that measured it.
        var finalRareShare: Double? { metrics.last(where: { $0.rareShare != nil })?.rareShare }
        /// The critic's input-weight norm over rare characters relative to common ones
        /// (``CriticInputNorms/ratio``) at the last evaluation that measured it.
        var finalInputNormRatio: Double? { metrics.last(where: { $0.criticInputNorms?.ratio != nil })?.criticInputNorms?.ratio }
    }

    /// One configuration's numbers over its seeds.
    public struct ConfigurationSummary: Codable, Sendable {
        public let configuration: String
        public let seeds: [UInt64]
        public let iterations: Int
        /// Final JS-1…4, mean ± std over seeds.
        public let finalJS: [Spread]
        /// Lowest JS-4 seen during training, mean ± std over seeds.
        public let bestJS4: Spread
        /// JS-4 averaged over each run's evaluations in the last quarter of its iterations
        /// (step > ¾ · iterations), mean ± std over seeds. One evaluation moves by a few
        /// hundredths of a bit from one to the next; this average moves less.
        public let lateJS4: Spread
        /// JS-1 averaged the same way as ``lateJS4``. Final JS-1 swings most between evaluations
        /// when the generator's softmax is flat (argmax flips), as under `fd`.
        public let lateJS1: Spread
        /// Each seed's median over its logged windows of seconds per iteration, mean ± std over seeds.
        public let secondsPerIteration: Spread
        /// Seconds per iteration in each phase: medians over every logged window of every seed.
        public let phases: PhaseTiming
        /// The process's peak resident memory (VmHWM) as logged, median over every logged window of
        /// every seed: a resumed run is a new process, and the first process of a comparison also
        /// counts the training text's n-grams for its evaluations, so the maximum would say more
        /// about the run's history than about the penalty.
        public let peakMemoryMiB: Double?
        /// `‖∇D(x̂)‖` at interpolates at the end: mean ± std over seeds of the per-run mean.
        public let finalGradientNorm: Spread
        /// `|∇D(x̂)·u|` at the end, `u` the unit real→fake direction: mean ± std over seeds of the
        /// per-run mean; empty for runs logged before textgan measured it.
        public let finalLineSlope: Spread
        /// The share of final sample positions on characters rare in the training text
        /// (``rareTokenShare(_:unigrams:threshold:)``), mean ± std over seeds; empty for
        /// runs logged before textgan measured it.
        public let finalRareShare: Spread
        /// ``CriticInputNorms/ratio`` at the end (1: the critic reads rare characters as
        /// strongly as common ones), mean ± std over seeds; empty for runs logged before
        /// textgan measured it (`textgan eval` measures any checkpoint).
        public let finalInputNormRatio: Spread
        /// JS-4 at ``Summary/equalIterationsStep`` (the last evaluation at or before it), mean ± std
        /// over seeds: beside the final figures, which for runs on a time budget come at
        /// different iterations.
        public let equalIterationsJS4: Spread
        /// Self-BLEU-4, share of whole samples found in the training text, and distinct samples
        /// at the last evaluation, mean ± std over seeds.
        public let finalSelfBLEU4: Spread
        public let finalSamplesInTraining: Spread
        public let finalDistinctSamples: Spread
        /// Training seconds until JS-4 first fell to ``Summary/js4Threshold``, over the seeds that got there.
        public let secondsToThreshold: Spread?
        public let seedsReachingThreshold: Int
        public let samples: [String]
    }

    public struct Summary: Codable, Sendable {
        public let configurations: [ConfigurationSummary]
        /// JS-1…4 of held-out real text against the training text: the floor.
        public let floorJS: [Double]?
        /// The rare-character share of held-out real text: the floor of ``PenaltySummary/finalRareShare``.
        public let floorRareShare: Double?
        /// Self-BLEU-4 of held-out real text: what ``ConfigurationSummary/finalSelfBLEU4`` is read against.
        public let floorSelfBLEU4: Double?
        /// The JS-4 level every configuration reaches on average (the worst final mean).
        public let js4Threshold: Double?
        /// The last step every run evaluated at (nil: a run never evaluated).
        public let equalIterationsStep: Int?
        public let verdict: String
        /// What the runs were trained on and with, one line (``CompareReport/init(runs:floorJS:floorRareShare:floorSelfBLEU4:settings:)``).
        public let settings: String?
    }

    public let runs: [Run]
    public let floorJS: [Double]?
    public let floorRareShare: Double?
    public let floorSelfBLEU4: Double?
    public let summary: Summary

    /// - Parameter settings: the corpus and every setting the runs share, one line, printed
    ///   under the title so that a report says what produced it.
    public init(runs: [Run], floorJS: [Double]?, floorRareShare: Double? = nil, floorSelfBLEU4: Double? = nil, settings: String? = nil) {
        self.floorSelfBLEU4 = floorSelfBLEU4
        self.runs = runs
        self.floorJS = floorJS
        self.floorRareShare = floorRareShare
        let labels = runs.map(\.configuration).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let finals = labels.map { p in Spread(runs.filter { $0.configuration == p }.compactMap { $0.finalJS?[3] }).mean }
        let threshold = finals.filter { !$0.isNaN }.max()
        let lastSteps = runs.map(\.lastEvaluatedStep)
        let equalStep = lastSteps.contains(nil) ? nil : lastSteps.compactMap { $0 }.min()
        let summaries = labels.map { label in
            Self.summarize(label, runs.filter { $0.configuration == label }, threshold: threshold, equalStep: equalStep)
        }
        summary = Summary(configurations: summaries, floorJS: floorJS, floorRareShare: floorRareShare, floorSelfBLEU4: floorSelfBLEU4, js4Threshold: threshold,
                          equalIterationsStep: equalStep, verdict: Self.verdict(summaries, floorJS: floorJS), settings: settings)
    }

    static func summarize(_ label: String, _ runs: [Run], threshold: Double?, equalStep: Int?) -> ConfigurationSummary {
        let finalJS = (0..<4).map { n in Spread(runs.compactMap { $0.finalJS?[n] }) }
        let all = runs.flatMap(\.metrics)
        // Medians over the logged windows, not means: a run paused mid-iteration
        // (a suspended process, a sleeping laptop) puts the whole pause into one window.
        func median(_ phase: KeyPath<PhaseTiming, Double>) -> Double { all.map { $0.timing[keyPath: phase] }.median ?? 0 }
        let phases = PhaseTiming(
            data: median(\.data), criticForward: median(\.criticForward), criticPenalty: median(\.criticPenalty),
            criticBackward: median(\.criticBackward), optimizer: median(\.optimizer), generatorStep: median(\.generatorStep))
        let reached = runs.compactMap { run -> Double? in
            guard let threshold else { return nil }
            return run.metrics.first(where: { ($0.js?[3] ?? .infinity) <= threshold })?.elapsedSeconds
        }
        return ConfigurationSummary(
            configuration: label, seeds: runs.map(\.seed), iterations: runs.compactMap { $0.metrics.last?.step }.max() ?? 0,
            finalJS: finalJS, bestJS4: Spread(runs.compactMap(\.bestJS4)), lateJS4: Spread(runs.compactMap(\.lateJS4)),
            lateJS1: Spread(runs.compactMap(\.lateJS1)),
            secondsPerIteration: Spread(runs.compactMap(\.secondsPerIteration)),
            phases: phases,
            peakMemoryMiB: all.compactMap(\.peakMemoryMiB).median,
            finalGradientNorm: Spread(runs.compactMap(\.finalGradientNorm)),
            finalLineSlope: Spread(runs.compactMap(\.finalLineSlope)),
            finalRareShare: Spread(runs.compactMap(\.finalRareShare)),
            finalInputNormRatio: Spread(runs.compactMap(\.finalInputNormRatio)),
            equalIterationsJS4: Spread(equalStep.map { step in runs.compactMap { $0.js4(atOrBefore: step) } } ?? []),
            finalSelfBLEU4: Spread(runs.compactMap(\.finalSelfBLEU4)),
            finalSamplesInTraining: Spread(runs.compactMap(\.finalSamplesInTraining)),
            finalDistinctSamples: Spread(runs.compactMap(\.finalDistinctSamples)),
            secondsToThreshold: reached.isEmpty ? nil : Spread(reached), seedsReachingThreshold: reached.count,
            samples: Array((runs.first?.samples ?? []).prefix(8)))
    }

    /// One sentence from the numbers: better on quality (final JS-4), whether
    /// the gap exceeds the seeds' spread, and faster per iteration; then, when
    /// both penalties measured it, how strongly each one's critic reads rare
    /// characters (``CriticInputNorms/ratio``). When both
    /// families ran, the best analytic penalty (gp, gp-one-sided, gp-directional, r1, r2: every penalty that needs second-order gradients) meets the
    /// best difference penalty (fd, fd-one-sided); otherwise the two best.
    static func verdict(_ s: [ConfigurationSummary], floorJS: [Double]? = nil) -> String {
        if !s.allSatisfy({ PenaltyKind(rawValue: $0.configuration) != nil }) { return ranking(s, floorJS: floorJS) }
        let scored = s.filter { !$0.finalJS[3].mean.isNaN }
        guard scored.count >= 2 else {
            let unscored = s.filter { $0.finalJS[3].mean.isNaN }.map(\.configuration)
            return s.count < 2
                ? "No verdict: it compares two penalties and this report has one (\(s.first?.configuration ?? "none")); add another with --penalties, e.g. gp,fd."
                : "No verdict: it needs two penalties with JS scores, and \(unscored.joined(separator: ", ")) logged none (train with --eval-every)."
        }
        let byQuality = scored.sorted { $0.finalJS[3].mean < $1.finalJS[3].mean }
        let analytic = byQuality.first { PenaltyKind(rawValue: $0.configuration)?.needsSecondOrder == true }
        let difference = byQuality.first { PenaltyKind(rawValue: $0.configuration)?.family == .difference }
        let pair = analytic.flatMap { a in difference.map { d in [a, d] } } ?? Array(byQuality.prefix(2))
        let (best, next) = pair[0].finalJS[3].mean <= pair[1].finalJS[3].mean ? (pair[0], pair[1]) : (pair[1], pair[0])
        let gap = next.finalJS[3].mean - best.finalJS[3].mean
        let spread = best.finalJS[3].std + next.finalJS[3].std
        let (fast, slow) = best.secondsPerIteration.mean <= next.secondsPerIteration.mean ? (best, next) : (next, best)
        // With one seed a penalty has no spread to compare the gap with.
        let comparison = min(best.seeds.count, next.seeds.count) < 2
            ? String(format: "a gap of %.4f bits; the spread between seeds is unknown (%@ has %@, %@ %d)", gap,
                     best.configuration, counted(best.seeds.count, "seed"), next.configuration, next.seeds.count)
            : String(format: "a gap of %.4f bits that %@ the spread between seeds (%.4f)", gap,
                     gap > spread ? "exceeds" : "does not exceed", spread)
        let quality = String(
            format: "%@ reaches the lower final JS-4 (%.4f vs %.4f for %@), %@; %@ is the faster per iteration, by %.2f×.",
            best.configuration, best.finalJS[3].mean, next.finalJS[3].mean, next.configuration, comparison, fast.configuration,
            slow.secondsPerIteration.mean / fast.secondsPerIteration.mean)
        guard best.finalInputNormRatio.count > 0, next.finalInputNormRatio.count > 0 else { return quality }
        return quality + String(
            format: " At the end the critic reads rare characters at %.2f of the strength of common ones under %@, %.2f under %@ (about 1 at initialisation).",
            best.finalInputNormRatio.mean, best.configuration, next.finalInputNormRatio.mean, next.configuration)
    }

    /// The verdict of configurations that differ in more than the penalty: every
    /// configuration ranked by late JS-4 (the mean over each run's last quarter of
    /// evaluations, steadier than the final one), and whether the first one's lead
    /// over the second exceeds the seeds' spread. When held-out real text itself scores a JS-4
    /// within ``js4RoomBits`` of the best configuration's (a corpus whose 4-grams are almost
    /// all rare, such as 29 000 characters of Chinese over 2719 distinct ones), JS-4 cannot
    /// rank the runs, and the verdict says so and adds the ranking by final JS-1.
    static func ranking(_ s: [ConfigurationSummary], floorJS: [Double]? = nil) -> String {
        let scored = s.filter { !$0.lateJS4.mean.isNaN }.sorted { $0.lateJS4.mean < $1.lateJS4.mean }
        if s.count == 1, let only = scored.first {
            return "One configuration, nothing to rank: \(only.configuration) ends at JS-4 \(only.lateJS4.text(digits: 3)) over the last quarter of training."
        }
        guard scored.count >= 2 else {
            return "No verdict: it ranks configurations by JS-4 and only \(scored.count) of \(s.count) logged any (train with --eval-every)."
        }
        let list = scored.map { "\($0.configuration) \($0.lateJS4.text(digits: 3))" }.joined(separator: ", ")
        let (best, next) = (scored[0], scored[1])
        let gap = next.lateJS4.mean - best.lateJS4.mean
        let spread = best.lateJS4.std + next.lateJS4.std
        let lead = min(best.lateJS4.count, next.lateJS4.count) < 2
            ? String(format: "by %.3f bits, against a spread between seeds that one seed cannot show", gap)
            : String(format: "by %.3f bits, which %@ the spread between seeds (%.3f)", gap, gap > spread ? "exceeds" : "does not exceed", spread)
        let sentence = "Ranked by JS-4 over the last quarter of training (lower is better): \(list). \(best.configuration) leads \(next.configuration) \(lead)."
        guard let floor = floorJS, floor.count == 4, best.lateJS4.mean - floor[3] < Self.js4RoomBits else { return sentence }
        let byJS1 = scored.filter { !$0.finalJS[0].mean.isNaN }.sorted { $0.finalJS[0].mean < $1.finalJS[0].mean }
            .map { "\($0.configuration) \($0.finalJS[0].text(digits: 3))" }.joined(separator: ", ")
        return sentence + String(format: " But held-out real text itself scores JS-4 %.3f, so JS-4 has almost no room to rank these runs here; by final JS-1 (held-out text %.3f): %@.",
                                 floor[3], floor[0], byJS1)
    }

    /// How close (in bits) the best configuration's late JS-4 may come to held-out text's
    /// before the ranking says JS-4 has no room left to separate configurations.
    static let js4RoomBits = 0.02
}
