import Foundation

/// The runs of a comparison, penalty by penalty, and what they add up to:
/// `summary.json`, `report.md` and a self-contained `report.html` with
/// inline SVG charts.
public struct CompareReport: Sendable {
    /// One training run of the comparison.
    public struct Run: Sendable {
        public let penalty: String
        public let seed: UInt64
        public let metrics: [StepMetrics]
        /// The last samples file's lines.
        public let samples: [String]

        public init(penalty: String, seed: UInt64, metrics: [StepMetrics], samples: [String]) {
            self.penalty = penalty
            self.seed = seed
            self.metrics = metrics
            self.samples = samples
        }

        // The run's own numbers: the summary spreads them over seeds, the per-run table shows them.

        /// JS-1…4 of the last evaluation; nil if the run never evaluated.
        var finalJS: [Double]? { metrics.last(where: { $0.js != nil })?.js }
        /// The lowest JS-4 of any evaluation.
        var bestJS4: Double? { metrics.compactMap { $0.js?[3] }.min() }
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

    /// Mean and (sample) standard deviation over seeds; `std` is 0 for one seed.
    public struct Spread: Codable, Equatable, Sendable {
        public let mean: Double
        public let std: Double
        /// How many seeds: with one, there is no spread to show.
        public let count: Int

        init(_ values: [Double]) {
            let m = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
            mean = m
            std = values.count < 2 ? 0 : (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
            count = values.count
        }

        /// `mean ± std` with `digits` decimals; the mean alone for one seed, "–" for none.
        func text(digits: Int = 4) -> String {
            if mean.isNaN { return "–" }
            let value = String(format: "%.\(digits)f", mean)
            return count < 2 ? value : value + String(format: " ± %.\(digits)f", std)
        }

        /// A share as percent: ``text(digits:)`` of `100 · mean ± 100 · std`.
        func percent(digits: Int = 2) -> String {
            Spread(mean: 100 * mean, std: 100 * std, count: count).text(digits: digits)
        }

        private init(mean: Double, std: Double, count: Int) {
            (self.mean, self.std, self.count) = (mean, std, count)
        }
    }

    /// One penalty's numbers over its seeds.
    public struct PenaltySummary: Codable, Sendable {
        public let penalty: String
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
        /// Training seconds until JS-4 first fell to ``Summary/js4Threshold``, over the seeds that got there.
        public let secondsToThreshold: Spread?
        public let seedsReachingThreshold: Int
        public let samples: [String]
    }

    public struct Summary: Codable, Sendable {
        public let penalties: [PenaltySummary]
        /// JS-1…4 of held-out real text against the training text: the floor.
        public let floorJS: [Double]?
        /// The rare-character share of held-out real text: the floor of ``PenaltySummary/finalRareShare``.
        public let floorRareShare: Double?
        /// The JS-4 level every penalty reaches on average (the worst final mean).
        public let js4Threshold: Double?
        public let verdict: String
        /// What the runs were trained on and with, one line (``CompareReport/init(runs:floorJS:floorRareShare:settings:)``).
        public let settings: String?
    }

    public let runs: [Run]
    public let floorJS: [Double]?
    public let floorRareShare: Double?
    public let summary: Summary

    /// - Parameter settings: the corpus and every setting the runs share, one line, printed
    ///   under the title so that a report says what produced it.
    public init(runs: [Run], floorJS: [Double]?, floorRareShare: Double? = nil, settings: String? = nil) {
        self.runs = runs
        self.floorJS = floorJS
        self.floorRareShare = floorRareShare
        let penalties = runs.map(\.penalty).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let finals = penalties.map { p in Spread(runs.filter { $0.penalty == p }.compactMap { $0.finalJS?[3] }).mean }
        let threshold = finals.filter { !$0.isNaN }.max()
        let summaries = penalties.map { penalty in Self.summarize(penalty, runs.filter { $0.penalty == penalty }, threshold: threshold) }
        summary = Summary(penalties: summaries, floorJS: floorJS, floorRareShare: floorRareShare, js4Threshold: threshold, verdict: Self.verdict(summaries),
                          settings: settings)
    }

    static func summarize(_ penalty: String, _ runs: [Run], threshold: Double?) -> PenaltySummary {
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
        return PenaltySummary(
            penalty: penalty, seeds: runs.map(\.seed), iterations: runs.compactMap { $0.metrics.last?.step }.max() ?? 0,
            finalJS: finalJS, bestJS4: Spread(runs.compactMap(\.bestJS4)), lateJS4: Spread(runs.compactMap(\.lateJS4)),
            lateJS1: Spread(runs.compactMap(\.lateJS1)),
            secondsPerIteration: Spread(runs.compactMap(\.secondsPerIteration)),
            phases: phases,
            peakMemoryMiB: all.compactMap(\.peakMemoryMiB).median,
            finalGradientNorm: Spread(runs.compactMap(\.finalGradientNorm)),
            finalLineSlope: Spread(runs.compactMap(\.finalLineSlope)),
            finalRareShare: Spread(runs.compactMap(\.finalRareShare)),
            finalInputNormRatio: Spread(runs.compactMap(\.finalInputNormRatio)),
            secondsToThreshold: reached.isEmpty ? nil : Spread(reached), seedsReachingThreshold: reached.count,
            samples: Array((runs.first?.samples ?? []).prefix(8)))
    }

    /// One sentence from the numbers: better on quality (final JS-4), whether
    /// the gap exceeds the seeds' spread, and faster per iteration; then, when
    /// both penalties measured it, how strongly each one's critic reads rare
    /// characters (``CriticInputNorms/ratio``). When both
    /// families ran, the best analytic penalty (gp, gp-one-sided, gp-directional: every penalty that needs second-order gradients) meets the
    /// best difference penalty (fd, fd-one-sided); otherwise the two best.
    static func verdict(_ s: [PenaltySummary]) -> String {
        let scored = s.filter { !$0.finalJS[3].mean.isNaN }
        guard scored.count >= 2 else {
            let unscored = s.filter { $0.finalJS[3].mean.isNaN }.map(\.penalty)
            return s.count < 2
                ? "No verdict: it compares two penalties and this report has one (\(s.first?.penalty ?? "none")); add another with --penalties, e.g. gp,fd."
                : "No verdict: it needs two penalties with JS scores, and \(unscored.joined(separator: ", ")) logged none (train with --eval-every)."
        }
        let byQuality = scored.sorted { $0.finalJS[3].mean < $1.finalJS[3].mean }
        let analytic = byQuality.first { PenaltyKind(rawValue: $0.penalty)?.needsSecondOrder == true }
        let difference = byQuality.first { PenaltyKind(rawValue: $0.penalty).map { $0 == .fd || $0 == .fdOneSided } == true }
        let pair = analytic.flatMap { a in difference.map { d in [a, d] } } ?? Array(byQuality.prefix(2))
        let (best, next) = pair[0].finalJS[3].mean <= pair[1].finalJS[3].mean ? (pair[0], pair[1]) : (pair[1], pair[0])
        let gap = next.finalJS[3].mean - best.finalJS[3].mean
        let spread = best.finalJS[3].std + next.finalJS[3].std
        let (fast, slow) = best.secondsPerIteration.mean <= next.secondsPerIteration.mean ? (best, next) : (next, best)
        // With one seed a penalty has no spread to compare the gap with.
        let comparison = min(best.seeds.count, next.seeds.count) < 2
            ? String(format: "a gap of %.4f bits; the spread between seeds is unknown (%@ has %@, %@ %d)", gap,
                     best.penalty, counted(best.seeds.count, "seed"), next.penalty, next.seeds.count)
            : String(format: "a gap of %.4f bits that %@ the spread between seeds (%.4f)", gap,
                     gap > spread ? "exceeds" : "does not exceed", spread)
        let quality = String(
            format: "%@ reaches the lower final JS-4 (%.4f vs %.4f for %@), %@; %@ is the faster per iteration, by %.2f×.",
            best.penalty, best.finalJS[3].mean, next.finalJS[3].mean, next.penalty, comparison, fast.penalty,
            slow.secondsPerIteration.mean / fast.secondsPerIteration.mean)
        guard best.finalInputNormRatio.count > 0, next.finalInputNormRatio.count > 0 else { return quality }
        return quality + String(
            format: " At the end the critic reads rare characters at %.2f of the strength of common ones under %@, %.2f under %@ (about 1 at initialisation).",
            best.finalInputNormRatio.mean, best.penalty, next.finalInputNormRatio.mean, next.penalty)
    }

    // MARK: - Series for the charts

    /// Mean ± std over seeds of `value` at each logged step, x = step or training seconds.
    func series(_ value: (StepMetrics) -> Double?, bySeconds: Bool = false) -> [SVGChart.Series] {
        summary.penalties.map { p in
            let runs = self.runs.filter { $0.penalty == p.penalty }
            var byStep: [Int: (xs: [Double], ys: [Double])] = [:]
            for run in runs {
                for m in run.metrics {
                    guard let y = value(m) else { continue }
                    byStep[m.step, default: ([], [])].xs.append(bySeconds ? m.elapsedSeconds : Double(m.step))
                    byStep[m.step, default: ([], [])].ys.append(y)
                }
            }
            let points = byStep.keys.sorted().compactMap { step -> (x: Double, mean: Double, std: Double)? in
                guard let entry = byStep[step], entry.ys.count == runs.count else { return nil }  // steps every seed logged
                let y = Spread(entry.ys)
                return (entry.xs.reduce(0, +) / Double(entry.xs.count), y.mean, y.std)
            }
            return SVGChart.Series(name: p.penalty, points: points)
        }
    }

    public var charts: [SVGChart] {
        var charts: [SVGChart] = []
        // Side by side in the page: each JS-n against iterations, then against training time.
        for n in 1...4 {
            charts.append(SVGChart(title: "JS-\(n) of samples vs training text", xLabel: "generator iterations", yLabel: "JS-\(n) (bits)",
                                   series: series { $0.js?[n - 1] }))
            charts.append(SVGChart(title: "JS-\(n) against wall-clock time", xLabel: "training time (s)", yLabel: "JS-\(n) (bits)",
                                   series: series({ $0.js?[n - 1] }, bySeconds: true)))
        }
        charts.append(SVGChart(title: "Wasserstein estimate E[D(real)] − E[D(fake)]", xLabel: "generator iterations", yLabel: "critic score difference",
                               series: series { $0.wasserstein }))
        charts.append(SVGChart(title: "Penalty value", xLabel: "generator iterations", yLabel: "penalty added to the critic loss",
                               series: series { $0.penalty }))
        charts.append(SVGChart(title: "Critic gradient norm ‖∇D(x̂)‖ at interpolates (1 = 1-Lipschitz)", xLabel: "generator iterations",
                               yLabel: "mean ‖∇D(x̂)‖₂", series: series { $0.gradientNormMean }))
        // Measures added to metrics.jsonl over time: runs logged before them have none.
        let unmeasured = "no data: these runs were logged before textgan measured it (`textgan eval --run DIR` measures a checkpoint)"
        var lineSlope = SVGChart(title: "Critic slope |∇D(x̂)·u| along the real→fake line (1 = 1-Lipschitz on the line)", xLabel: "generator iterations",
                                 yLabel: "mean |∇D(x̂)·u|", series: series { $0.lineSlopeMean })
        var rare = SVGChart(title: "Samples on rare characters (under 0.1% of the training text)", xLabel: "generator iterations",
                            yLabel: "share of sample positions (%)", series: series { $0.rareShare.map { 100 * $0 } })
        var inputNorms = SVGChart(title: "How strongly the critic reads rare characters (1 at initialisation)", xLabel: "generator iterations",
                                  yLabel: "input-weight norm, rare / common", series: series { $0.criticInputNorms?.ratio })
        (lineSlope.emptyMessage, rare.emptyMessage, inputNorms.emptyMessage) = (unmeasured, unmeasured, unmeasured)
        return charts + [lineSlope, rare, inputNorms]
    }

    // MARK: - Output

    public func summaryJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(summary)
    }

    /// The columns the summary table and the per-run table share, after the name,
    /// in the order both fill them.
    static let sharedColumns = ["final JS-1", "final JS-2", "final JS-3", "final JS-4", "best JS-4", "JS-1, last ¼ (mean)", "JS-4, last ¼ (mean)",
                                "on rare chars at end (%)", "s/iter (median)", "‖∇D(x̂)‖ at end", "|∇D(x̂)·u| at end", "critic input rare/common at end"]

    var tableRows: [[String]] {
        let floor = floorJS.map { $0.map { String(format: "%.4f", $0) } } ?? Array(repeating: "–", count: 4)
        var rows = [[""] + Self.sharedColumns + ["training s to JS-4 ≤ \(summary.js4Threshold.map { String(format: "%.4f", $0) } ?? "–")", "peak MiB (median)"]]
        for p in summary.penalties {
            rows.append(["\(p.penalty) (\(counted(p.seeds.count, "seed")))"] + p.finalJS.map { $0.text() } + [p.bestJS4.text(), p.lateJS1.text(), p.lateJS4.text(), p.finalRareShare.percent(), p.secondsPerIteration.text(digits: 3),
                         p.finalGradientNorm.text(digits: 2), p.finalLineSlope.text(digits: 2), p.finalInputNormRatio.text(digits: 2),
                         p.secondsToThreshold.map { String(format: "%.1f (%d/%d seeds)", $0.mean, p.seedsReachingThreshold, p.seeds.count) } ?? "–",
                         p.peakMemoryMiB.map { String(format: "%.0f", $0) } ?? "–"])
        }
        // Held-out text has final JS-n and a rare-character share, nothing else.
        let floorRow = ["floor (held-out real text)"] + floor + ["", "", "", floorRareShare.map { String(format: "%.2f", 100 * $0) } ?? ""]
        rows.append(floorRow + Array(repeating: "", count: rows[0].count - floorRow.count))
        return rows
    }

    var costRows: [[String]] {
        [["", "data", "critic forward", "penalty", "critic backward", "generator step", "optimizer"]] + summary.penalties.map { p in
            [p.penalty] + [p.phases.data, p.phases.criticForward, p.phases.criticPenalty, p.phases.criticBackward, p.phases.generatorStep, p.phases.optimizer]
                .map { String(format: "%.3f", $0) }
        }
    }

    /// One row per run, in the summary's penalty order then by seed: the numbers the
    /// means and spreads above are made of.
    var runRows: [[String]] {
        let head = ["run"] + Self.sharedColumns
        let order = summary.penalties.map(\.penalty)
        let sorted = runs.sorted { (order.firstIndex(of: $0.penalty) ?? 0, $0.seed) < (order.firstIndex(of: $1.penalty) ?? 0, $1.seed) }
        func number(_ value: Double?, _ digits: Int) -> String { value.map { String(format: "%.\(digits)f", $0) } ?? "–" }
        return [head] + sorted.map { run in
            let final = run.finalJS
            return ["\(run.penalty) seed \(run.seed)"] + (0..<4).map { n in number(final?[n], 4) } + [
                number(run.bestJS4, 4), number(run.lateJS1, 4), number(run.lateJS4, 4), number(run.finalRareShare.map { 100 * $0 }, 2),
                number(run.secondsPerIteration, 3), number(run.finalGradientNorm, 2), number(run.finalLineSlope, 2), number(run.finalInputNormRatio, 2),
            ]
        }
    }

    /// What the summary table's JS columns mean, under the table in both formats.
    static let tableNote = "JS-n: Jensen–Shannon divergence in bits between character n-gram distributions of 640 argmax samples "
        + "and of the training text (lower is better); the floor row scores held-out real text the same way. Final is the last "
        + "evaluation, best the lowest, last ¼ the mean of the evaluations in the last quarter of training (steadier than one evaluation). "
        + "‖∇D(x̂)‖ is the critic's steepest slope at interpolates x̂ (gp holds it near 1); |∇D(x̂)·u| its slope along the line from "
        + "the real to the fake sample, u = (fake − real)/‖fake − real‖ (what fd's difference quotient and gp-directional hold near 1). "
        + "On rare chars: the share of sample positions holding characters that fill under 0.1% of the training text's positions "
        + "(a generator drifting onto `#`, `}` or control characters; held-out real text sets its floor). "
        + "Critic input rare/common: the mean norm of the critic's input-weight rows for rare characters over that for common "
        + "ones; about 1 at initialisation, near 0 when the critic has stopped reading the characters real text rarely uses "
        + "(the analytic penalty shrinks them), so a generator can write them unseen."

    public var markdown: String {
        func table(_ rows: [[String]]) -> String {
            let head = "| " + rows[0].joined(separator: " | ") + " |\n|" + rows[0].map { _ in "---|" }.joined() + "\n"
            return head + rows.dropFirst().map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
        }
        var md = "# textgan compare\n\n" + (summary.settings.map { "**Settings.** \($0)\n\n" } ?? "") + "**Verdict.** \(summary.verdict)\n\n## Quality, Lipschitzness and cost (mean ± std over seeds)\n\n"
        md += table(tableRows) + "\n\n" + Self.tableNote + "\n\n## Seconds per iteration by phase (medians over the logged windows)\n\n" + table(costRows)
            + "\n\n## Every run\n\n" + table(runRows) + "\n\n## Final samples (first seed)\n\n"
        for p in summary.penalties {
            md += "### \(p.penalty)\n\n```\n" + p.samples.joined(separator: "\n") + "\n```\n\n"
        }
        return md + "Charts: see report.html.\n"
    }

    public var html: String {
        func table(_ rows: [[String]]) -> String {
            "<table><tr>" + rows[0].map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
                + rows.dropFirst().map { "<tr>" + $0.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }.joined() + "</table>"
        }
        var h = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>textgan compare</title><style>
            body{font-family:sans-serif;max-width:1320px;margin:24px auto;padding:0 12px;color:#222}
            table{border-collapse:collapse;margin:12px 0;font-size:13px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
            th{background:#f3f3f3}td:first-child{text-align:left;font-weight:bold}.charts{display:flex;flex-wrap:wrap;gap:12px}
            pre{background:#f7f7f7;padding:8px;font-size:13px}.samples{display:flex;gap:16px;flex-wrap:wrap}
            </style></head><body><h1>textgan compare</h1>
            """
        if let settings = summary.settings { h += "<p><b>Settings.</b> \(escape(settings))</p>" }
        h += "<p><b>Verdict.</b> \(escape(summary.verdict))</p><h2>Quality, Lipschitzness and cost (mean ± std over seeds)</h2>" + table(tableRows)
        h += "<p>\(Self.tableNote)</p>"
        h += "<h2>Charts</h2><div class=\"charts\">" + charts.map(\.svg).joined(separator: "\n") + "</div>"
        h += "<h2>Seconds per iteration by phase (medians over the logged windows)</h2>" + table(costRows)
        h += "<h2>Every run</h2>" + table(runRows)
        h += "<h2>Final samples (first seed)</h2><div class=\"samples\">"
        for p in summary.penalties {
            h += "<div><h3>\(escape(p.penalty))</h3><pre>" + escape(p.samples.joined(separator: "\n")) + "</pre></div>"
        }
        return h + "</div></body></html>\n"
    }

    /// Writes `summary.json`, `report.md` and `report.html` into `directory`.
    public func write(to directory: String) throws {
        try FileIO.writeAtomically(try summaryJSON(), to: directory + "/summary.json")
        try FileIO.writeAtomically(Data(markdown.utf8), to: directory + "/report.md")
        try FileIO.writeAtomically(Data(html.utf8), to: directory + "/report.html")
    }
}
