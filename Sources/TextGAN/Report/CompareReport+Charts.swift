import Foundation

/// The report's charts: one series per configuration, mean ± std over its seeds at each logged step.
extension CompareReport {
    /// Mean ± std over seeds of `value` at each logged step, x = step or training seconds.
    func series(_ value: (StepMetrics) -> Double?, bySeconds: Bool = false) -> [SVGChart.Series] {
        summary.configurations.map { p in
            let runs = self.runs.filter { $0.configuration == p.configuration }
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
            return SVGChart.Series(name: p.configuration, points: points)
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
}
