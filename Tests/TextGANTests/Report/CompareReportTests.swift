import Foundation
import Testing
@testable import TextGAN

/// The compare report from a small fixture of metrics: every chart is there,
/// the summary's means and spreads are right, the verdict follows the numbers.
@Suite struct CompareReportTests {
    static func metrics(step: Int, js4: Double, seconds: Double, norm: Double) -> StepMetrics {
        StepMetrics(step: step, criticLoss: -1, wasserstein: 1, penalty: 0.5, generatorLoss: 0.2, secondsPerIteration: seconds,
                    tokensPerSecond: 1000, elapsedSeconds: Double(step) * seconds, gradientNormMean: norm, gradientNormStd: 0.1,
                    gradientNormMax: norm + 0.2, timing: PhaseTiming(criticForward: seconds / 2, criticBackward: seconds / 2),
                    peakMemoryMiB: 100, js: [0.1, 0.2, 0.3, js4])
    }

    static func metrics(step: Int, js4: Double, seconds: Double, norm: Double, rareShare: Double, rareInputNorm: Double = 1) -> StepMetrics {
        var m = metrics(step: step, js4: js4, seconds: seconds, norm: norm)
        m.rareShare = rareShare
        m.lineSlopeMean = 0.8 * norm
        m.criticInputNorms = CriticInputNorms(inputWeights: Tensor(shape: [1, 2, 1], scalars: [1, Float(rareInputNorm)]), common: [0])
        return m
    }

    static let report: CompareReport = {
        // gp: JS-4 0.70 and 0.72 at the end; fd: 0.80 and 0.84. fd is faster per iteration.
        // gp's runs measured the rare-character share (5% and 3% at the end) and the critic's input norms (rare / common
        // 0.125 and 0.375 at the end); fd's, logged as by older textgans, did not.
        let runs = [
            CompareReport.Run(configuration: "gp", seed: 1, metrics: [metrics(step: 10, js4: 0.9, seconds: 2, norm: 1.2, rareShare: 0.2), metrics(step: 20, js4: 0.70, seconds: 2, norm: 1.0, rareShare: 0.05, rareInputNorm: 0.125)], samples: ["the cat", "a dog"]),
            CompareReport.Run(configuration: "gp", seed: 2, metrics: [metrics(step: 10, js4: 0.95, seconds: 2, norm: 1.1, rareShare: 0.01), metrics(step: 20, js4: 0.72, seconds: 2, norm: 1.1, rareShare: 0.03, rareInputNorm: 0.375)], samples: []),
            CompareReport.Run(configuration: "fd", seed: 1, metrics: [metrics(step: 10, js4: 0.95, seconds: 1, norm: 9), metrics(step: 20, js4: 0.80, seconds: 1, norm: 12)], samples: ["eee"]),
            CompareReport.Run(configuration: "fd", seed: 2, metrics: [metrics(step: 10, js4: 0.97, seconds: 1, norm: 8), metrics(step: 20, js4: 0.84, seconds: 1, norm: 14)], samples: []),
        ]
        return CompareReport(runs: runs, floorJS: [0.001, 0.02, 0.1, 0.27], floorRareShare: 0.016, settings: "corpus c.txt; C = 8 <&>")
    }()

    @Test func aVerdictNeedsTwoScoredPenaltiesAndSaysWhatIsMissing() {
        let gp = CompareReport.Run(configuration: "gp", seed: 1, metrics: [Self.metrics(step: 10, js4: 0.9, seconds: 1, norm: 1)], samples: [])
        var unscoredMetrics = Self.metrics(step: 10, js4: 0.9, seconds: 1, norm: 1)
        unscoredMetrics.js = nil
        let fd = CompareReport.Run(configuration: "fd", seed: 1, metrics: [unscoredMetrics], samples: [])
        #expect(CompareReport(runs: [gp], floorJS: nil).summary.verdict.hasPrefix("No verdict: it compares two penalties and this report has one (gp)"))
        #expect(CompareReport(runs: [gp, fd], floorJS: nil).summary.verdict.hasPrefix("No verdict: it needs two penalties with JS scores, and fd logged none"))
    }

    @Test func theSettingsLineIsInEveryOutput() throws {
        #expect(Self.report.markdown.contains("# textgan compare\n\n**Settings.** corpus c.txt; C = 8 <&>\n\n**Verdict.**"))
        #expect(Self.report.html.contains("<p><b>Settings.</b> corpus c.txt; C = 8 &lt;&amp;&gt;</p>"))
        let json = try JSONSerialization.jsonObject(with: Self.report.summaryJSON()) as? [String: Any]
        #expect(json?["settings"] as? String == "corpus c.txt; C = 8 <&>")
        let none = CompareReport(runs: [CompareReport.Run(configuration: "gp", seed: 1, metrics: [Self.metrics(step: 10, js4: 0.9, seconds: 1, norm: 1)], samples: [])], floorJS: nil)
        #expect(!none.markdown.contains("Settings") && !none.html.contains("Settings"))
    }

    @Test func summaryHasMeansAndSpreadsOverSeeds() throws {
        let gp = try #require(Self.report.summary.configurations.first { $0.configuration == "gp" })
        #expect(abs(gp.finalJS[3].mean - 0.71) < 1e-12)
        #expect(abs(gp.finalJS[3].std - 0.02 / 2.0.squareRoot()) < 1e-12)  // sample std of {0.70, 0.72}
        #expect(abs(gp.secondsPerIteration.mean - 2) < 1e-12)
        #expect(abs(gp.finalGradientNorm.mean - 1.05) < 1e-12)
        // Threshold: the worst final mean JS-4 (fd's 0.82); gp reaches it at step 20 (40 s).
        #expect(abs((Self.report.summary.js4Threshold ?? 0) - 0.82) < 1e-12)
        #expect(gp.seedsReachingThreshold == 2)
        #expect(abs((gp.secondsToThreshold?.mean ?? 0) - 40) < 1e-9)
    }

    /// A run paused in one logged window (a suspended process) would dominate a
    /// mean, one unusual process a maximum; the report's s/iter, phase times and
    /// peak memory are medians over the windows.
    @Test func oneUnusualWindowDoesNotMoveTimesOrMemory() throws {
        var windows = [2.0, 2.2, 47.0].enumerated().map { Self.metrics(step: 10 * ($0.offset + 1), js4: 0.8, seconds: $0.element, norm: 1) }
        windows[0].peakMemoryMiB = 900  // e.g. the first process of a comparison, counting n-grams
        let report = CompareReport(runs: [CompareReport.Run(configuration: "gp", seed: 1, metrics: windows, samples: [])], floorJS: nil)
        let gp = try #require(report.summary.configurations.first)
        #expect(gp.secondsPerIteration.mean == 2.2)
        #expect(gp.phases.criticForward == 1.1 && gp.phases.criticBackward == 1.1)
        #expect(gp.peakMemoryMiB == 100)
        #expect([3, 1, 2, 10].median == 2.5 && [Double]().median == nil && [4, 1, 9].median == 4)
        // One seed: the table shows the value alone, not "± 0".
        #expect(report.tableRows[1][9] == "2.200", "\(report.tableRows[1])")
    }

    /// "JS-1, last ¼" and "JS-4, last ¼": each run's evaluations after ¾ of its steps, averaged, then mean ± std over seeds.
    @Test func lateJSAveragesTheLastQuarterOfEachRun() throws {
        func run(_ seed: UInt64, _ js4: [Double]) -> CompareReport.Run {
            let metrics = js4.enumerated().map { step -> StepMetrics in
                var m = Self.metrics(step: 100 * (step.offset + 1), js4: step.element, seconds: 1, norm: 1)
                m.js = [step.element - 0.5, 0.2, 0.3, step.element]   // JS-1 follows JS-4, 0.5 lower
                return m
            }
            return CompareReport.Run(configuration: "gp", seed: seed, metrics: metrics, samples: [])
        }
        // Steps 100…800: the last quarter is steps 700 and 800 (600 is exactly ¾, left out).
        let report = CompareReport(runs: [run(1, [1, 1, 1, 1, 1, 0.9, 0.8, 0.6]), run(2, [1, 1, 1, 1, 1, 1, 0.9, 0.7])], floorJS: nil)
        let gp = try #require(report.summary.configurations.first)
        #expect(abs(gp.lateJS4.mean - 0.75) < 1e-12 && abs(gp.lateJS4.std - 0.05 * 2.0.squareRoot()) < 1e-12)  // {0.7, 0.8}
        #expect(abs(gp.lateJS1.mean - 0.25) < 1e-12 && abs(gp.lateJS1.std - 0.05 * 2.0.squareRoot()) < 1e-12)  // {0.2, 0.3}
        #expect(report.tableRows[0][6] == "JS-1, last ¼ (mean)" && report.tableRows[1][6] == "0.2500 ± 0.0707")
        #expect(report.tableRows[0][7] == "JS-4, last ¼ (mean)" && report.tableRows[1][7] == "0.7500 ± 0.0707")
        #expect(report.runRows[0][6] == "JS-1, last ¼ (mean)" && report.runRows[1][6] == "0.2000", "\(report.runRows[1])")
        #expect(CompareReport.Run(configuration: "gp", seed: 3, metrics: [], samples: []).lateJS4 == nil)
        #expect(CompareReport.Run(configuration: "gp", seed: 3, metrics: [], samples: []).lateJS1 == nil)
    }

    /// The per-run table lists every run, grouped by penalty and ordered by seed, with its own numbers.
    @Test func everyRunHasItsRow() {
        let rows = Self.report.runRows
        #expect(rows.dropFirst().map(\.first) == ["gp seed 1", "gp seed 2", "fd seed 1", "fd seed 2"])
        #expect(rows[1][4] == "0.7000" && rows[4][4] == "0.8400", "\(rows)")   // final JS-4
        #expect(rows[1][8] == "5.00" && rows[2][8] == "3.00", "\(rows[1])")   // gp: rare-character share at the end, %
        #expect(rows[3][8] == "–" && rows[3][9] == "1.000" && rows[3][10] == "12.00", "\(rows[3])")  // fd seed 1: unmeasured, s/iter, final ‖∇D‖
        #expect(Self.report.markdown.contains("## Every run") && Self.report.html.contains("<h2>Every run</h2>"))
    }

    /// The share of positions on rare characters: the last measured value of each run, mean ± std over
    /// seeds in percent, beside held-out real text's; runs that never measured it show "–".
    @Test func rareShareIsTheLastMeasuredValueBesideItsFloor() throws {
        let rows = Self.report.tableRows
        #expect(rows[0][8] == "on rare chars at end (%)")
        #expect(rows[1][8] == "4.00 ± 1.41", "\(rows[1])")   // {5, 3}
        #expect(rows[2][8] == "–", "\(rows[2])")
        #expect(rows[3][0] == "floor (held-out real text)" && rows[3][8] == "1.60", "\(rows[3])")
        #expect(rows.allSatisfy { $0.count == rows[0].count })
        let gp = try #require(Self.report.summary.configurations.first)
        #expect(abs(gp.finalRareShare.mean - 0.04) < 1e-12 && gp.finalRareShare.count == 2)
        #expect(Self.report.summary.floorRareShare == 0.016)
    }

    /// The slope along the real→fake line: the last measured value of each run, mean ± std over seeds;
    /// runs logged before textgan measured it show "–"; it has a chart.
    @Test func lineSlopeIsTheLastMeasuredValue() throws {
        for rows in [Self.report.tableRows, Self.report.runRows] {
            let column = try #require(rows[0].firstIndex(of: "|∇D(x̂)·u| at end"))
            #expect(rows[0][column - 1] == "‖∇D(x̂)‖ at end")
            #expect(rows.allSatisfy { $0.count == rows[0].count })
            if rows[0][0] == "run" {
                #expect(rows[1][column] == "0.80" && rows[2][column] == "0.88" && rows[3][column] == "–", "\(rows)")
            } else {
                #expect(rows[1][column] == "0.84 ± 0.06" && rows[2][column] == "–" && rows[3][column] == "", "\(rows)")
            }
        }
        let gp = try #require(Self.report.summary.configurations.first)
        #expect(abs(gp.finalLineSlope.mean - 0.84) < 1e-12 && gp.finalLineSlope.count == 2)
        #expect(Self.report.html.contains("along the real→fake line"))
    }

    /// Runs logged before a measure existed leave its chart empty: the chart says so and how to measure them.
    @Test func chartsOfUnmeasuredQuantitiesSayHowToMeasureThem() throws {
        let old = CompareReport(runs: [CompareReport.Run(configuration: "fd", seed: 1, metrics: [Self.metrics(step: 10, js4: 0.9, seconds: 1, norm: 9)], samples: [])],
                                floorJS: nil)
        let empty = old.charts.filter { $0.series.allSatisfy(\.points.isEmpty) }
        #expect(empty.count == 3, "\(empty.map(\.title))")
        #expect(empty.allSatisfy { $0.svg.contains("logged before textgan measured it (`textgan eval --run DIR` measures a checkpoint)") })
        #expect(SVGChart(title: "t", xLabel: "x", yLabel: "y", series: []).svg.contains(">no data</tspan>"))
    }

    /// The critic's rare/common input-norm ratio: the last measured value of each run, mean ± std over
    /// seeds; runs that never measured it show "–", and the floor row has none.
    @Test func criticInputRatioIsTheLastMeasuredValue() throws {
        let rows = Self.report.tableRows
        let column = try #require(rows[0].firstIndex(of: "critic input rare/common at end"))
        #expect(rows[1][column] == "0.25 ± 0.18", "\(rows[1])")   // {0.125, 0.375}
        #expect(rows[2][column] == "–" && rows[3][column] == "", "\(rows[2]) \(rows[3])")
        let gp = try #require(Self.report.summary.configurations.first)
        #expect(abs(gp.finalInputNormRatio.mean - 0.25) < 1e-12 && gp.finalInputNormRatio.count == 2)
        let runRows = Self.report.runRows
        let runColumn = try #require(runRows[0].firstIndex(of: "critic input rare/common at end"))
        #expect(runRows.dropFirst().map { $0[runColumn] } == ["0.12", "0.38", "–", "–"], "\(runRows)")
    }

    @Test func verdictFollowsTheNumbers() {
        let verdict = Self.report.summary.verdict
        #expect(verdict.hasPrefix("gp reaches the lower final JS-4 (0.7100 vs 0.8200 for fd)"), "\(verdict)")
        #expect(verdict.contains("exceeds the spread between seeds"))
        #expect(verdict.contains("fd is the faster per iteration, by 2.00×"))
    }

    @Test func whenBothMeasuredItTheVerdictSaysHowStronglyEachCriticReadsRareCharacters() {
        // The fixture's fd runs predate the measurement: no sentence about it.
        #expect(!Self.report.summary.verdict.contains("rare characters"))
        func run(_ penalty: String, _ seed: UInt64, _ js4: Double, _ rareNorm: Double) -> CompareReport.Run {
            CompareReport.Run(configuration: penalty, seed: seed, metrics: [Self.metrics(step: 20, js4: js4, seconds: 1, norm: 1, rareShare: 0.01, rareInputNorm: rareNorm)], samples: [])
        }
        let runs = [run("gp", 1, 0.70, 0.0625), run("gp", 2, 0.72, 0.125), run("fd", 1, 0.74, 1.0), run("fd", 2, 0.76, 1.25)]
        let verdict = CompareReport(runs: runs, floorJS: nil).summary.verdict
        #expect(verdict.hasSuffix("At the end the critic reads rare characters at 0.09 of the strength of common ones under gp, 1.12 under fd (about 1 at initialisation)."), "\(verdict)")
    }

    @Test func withBothFamiliesTheVerdictSetsTheBestAnalyticAgainstTheBestDifferencePenalty() {
        // gp-one-sided beats gp, but the question is analytic against difference:
        // gp-one-sided (0.705) against fd-one-sided (0.78), not against gp.
        func run(_ penalty: String, _ seed: UInt64, _ js4: Double, _ seconds: Double) -> CompareReport.Run {
            CompareReport.Run(configuration: penalty, seed: seed, metrics: [Self.metrics(step: 20, js4: js4, seconds: seconds, norm: 1)], samples: [])
        }
        let runs = [
            run("gp", 1, 0.70, 2), run("gp", 2, 0.72, 2), run("gp-one-sided", 1, 0.70, 2), run("gp-one-sided", 2, 0.71, 2),
            run("fd", 1, 0.80, 1), run("fd", 2, 0.84, 1), run("fd-one-sided", 1, 0.78, 1.5), run("fd-one-sided", 2, 0.78, 1.5),
        ]
        let verdict = CompareReport(runs: runs, floorJS: nil).summary.verdict
        #expect(verdict.hasPrefix("gp-one-sided reaches the lower final JS-4 (0.7050 vs 0.7800 for fd-one-sided)"), "\(verdict)")
        #expect(verdict.contains("fd-one-sided is the faster per iteration, by 1.33×"), "\(verdict)")
    }

    /// Configurations that differ in more than the penalty: a row, a line and a colour each,
    /// ranked by late JS-4, with JS-4 at the last step every run evaluated.
    @Test func threeConfigurationsHaveARowALineAndAColourEachAndARanking() {
        // Run a: JS-4 0.9 → 0.6 over steps 10…40; b reaches only step 20 (a slower configuration on
        // the same budget); c ends worst.
        func run(_ label: String, _ seed: UInt64, _ js4: [Double]) -> CompareReport.Run {
            CompareReport.Run(configuration: label, seed: seed,
                              metrics: js4.enumerated().map { Self.metrics(step: 10 * ($0.offset + 1), js4: $0.element, seconds: 1, norm: 1) }, samples: [])
        }
        let labels = ["lr=1e-3_critic-iterations=1", "lr=1e-3_critic-iterations=5", "lr=1e-4_critic-iterations=1"]
        let runs = [run(labels[0], 1, [0.9, 0.8, 0.7, 0.6]), run(labels[0], 2, [0.9, 0.8, 0.72, 0.62]),
                    run(labels[1], 1, [0.85, 0.65]), run(labels[1], 2, [0.85, 0.67]),
                    run(labels[2], 1, [0.95, 0.9, 0.88, 0.85]), run(labels[2], 2, [0.95, 0.92, 0.9, 0.87])]
        let report = CompareReport(runs: runs, floorJS: nil)
        #expect(report.summary.configurations.map(\.configuration) == labels)
        #expect(report.summary.equalIterationsStep == 20)
        let b = report.summary.configurations[1]
        #expect(abs(b.equalIterationsJS4.mean - 0.66) < 1e-12 && abs(report.summary.configurations[0].equalIterationsJS4.mean - 0.8) < 1e-12)
        // Late JS-4 (step > ¾ of the last): a 0.61, b 0.66, c 0.86.
        #expect(report.summary.verdict.hasPrefix("Ranked by JS-4 over the last quarter of training (lower is better): \(labels[0]) 0.610 ± 0.014, \(labels[1]) 0.660 ± 0.014, \(labels[2]) 0.860 ± 0.014."),
                "\(report.summary.verdict)")
        #expect(report.summary.verdict.contains("leads \(labels[1]) by 0.050 bits, which exceeds the spread between seeds (0.028)"), "\(report.summary.verdict)")
        for label in labels { #expect(report.tableRows.map(\.first).contains("\(label) (2 seeds)")) }
        let chart = report.charts[0].svg
        let colours = Set(labels.indices.map { SVGChart.color($0) })
        #expect(colours.count == 3 && colours.allSatisfy { chart.contains("stroke=\"\($0)\"") }, "\(chart)")
        for label in labels { #expect(chart.contains(">\(label)</text>")) }
        #expect(Set((0..<30).map(SVGChart.color)).count == 30)
    }

    @Test func whereHeldOutTextLeavesJS4NoRoomTheRankingAddsJS1() {
        // The Chinese check's shape: held-out text scores JS-4 0.454, the runs 0.452 and 0.465,
        // while their JS-1 differ 4.5-fold.
        func run(_ label: String, js1: Double, js4: Double) -> CompareReport.Run {
            var m = Self.metrics(step: 20, js4: js4, seconds: 1, norm: 1)
            m.js = [js1, 0.4, 0.44, js4]
            return CompareReport.Run(configuration: label, seed: 1, metrics: [m], samples: [])
        }
        let runs = [run("preset=reference", js1: 0.337, js4: 0.465), run("preset=standard", js1: 0.075, js4: 0.452)]
        let saturated = CompareReport(runs: runs, floorJS: [0.076, 0.363, 0.435, 0.454]).summary.verdict
        #expect(saturated.hasPrefix("Ranked by JS-4 over the last quarter of training (lower is better): preset=standard 0.452, preset=reference 0.465."), "\(saturated)")
        #expect(saturated.hasSuffix("But held-out real text itself scores JS-4 0.454, so JS-4 has almost no room to rank these runs here; by final JS-1 (held-out text 0.076): preset=standard 0.075, preset=reference 0.337."), "\(saturated)")
        // English's shape: held-out text far below the runs: JS-4 ranks alone.
        let roomy = CompareReport(runs: runs, floorJS: [0.001, 0.022, 0.108, 0.276]).summary.verdict
        #expect(!roomy.contains("no room"), "\(roomy)")
    }

    @Test func withOneSeedTheVerdictSaysTheSpreadIsUnknown() {
        func run(_ penalty: String, _ seed: UInt64, _ js4: Double) -> CompareReport.Run {
            CompareReport.Run(configuration: penalty, seed: seed, metrics: [Self.metrics(step: 20, js4: js4, seconds: 1, norm: 1)], samples: [])
        }
        let report = CompareReport(runs: [run("gp", 1, 0.70), run("gp", 2, 0.80), run("fd", 1, 0.74)], floorJS: nil)
        let verdict = report.summary.verdict
        #expect(verdict.contains("the spread between seeds is unknown (fd has 1 seed, gp 2)"), "\(verdict)")
        #expect(!verdict.contains("exceed"), "\(verdict)")
        let reversed = CompareReport(runs: [run("gp", 1, 0.80), run("fd", 1, 0.70), run("fd", 2, 0.72)], floorJS: nil).summary.verdict
        #expect(reversed.contains("the spread between seeds is unknown (fd has 2 seeds, gp 1)"), "\(reversed)")
        #expect(report.tableRows.map(\.first).contains("gp (2 seeds)") && report.tableRows.map(\.first).contains("fd (1 seed)"))
    }

    @Test func htmlHasEveryChartWithTitlesLabelsAndLegends() {
        let html = Self.report.html
        #expect(html.components(separatedBy: "<svg").count - 1 == 14)
        let js = (1...4).flatMap { ["JS-\($0) of samples vs training text", "JS-\($0) against wall-clock time"] }
        for title in js + ["Wasserstein estimate", "Penalty value", "Critic gradient norm", "Samples on rare characters",
                             "How strongly the critic reads rare characters"] {
            #expect(html.contains(title), "missing chart \(title)")
        }
        for label in ["generator iterations", "training time (s)", "JS-4 (bits)", "mean ‖∇D(x̂)‖₂"] { #expect(html.contains(label)) }
        #expect(html.contains(">gp</text>") && html.contains(">fd</text>"))  // legends
        #expect(html.contains("the cat"))                                       // final samples
        #expect(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""))  // no network
        #expect(Self.report.markdown.contains("| floor (held-out real text) | 0.0010 | 0.0200 | 0.1000 | 0.2700 |"))
    }

    @Test func summaryJSONDecodes() throws {
        let object = try JSONSerialization.jsonObject(with: try Self.report.summaryJSON()) as? [String: Any]
        #expect((object?["configurations"] as? [Any])?.count == 2)
        #expect(object?["verdict"] is String)
    }
}
