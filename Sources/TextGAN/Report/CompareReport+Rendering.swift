import Foundation

/// The report's three files: `summary.json`, `report.md` and the self-contained `report.html`.
extension CompareReport {
    public func summaryJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(summary)
    }

    /// The columns the summary table and the per-run table share, after the name,
    /// in the order both fill them.
    static let sharedColumns = ["final JS-1", "final JS-2", "final JS-3", "final JS-4", "best JS-4", "JS-1, last ¼ (mean)", "JS-4, last ¼ (mean)",
                                "on rare chars at end (%)", "s/iter (median)", "‖∇D(x̂)‖ at end", "|∇D(x̂)·u| at end", "critic input rare/common at end",
                                "iterations", "Self-BLEU-4 at end", "samples in training text (%)", "distinct samples"]

    var tableRows: [[String]] {
        let floor = floorJS.map { $0.map { String(format: "%.4f", $0) } } ?? Array(repeating: "–", count: 4)
        var rows = [[""] + Self.sharedColumns + ["JS-4 at step \(summary.equalIterationsStep.map(String.init) ?? "–") (all runs)",
                                                 "training s to JS-4 ≤ \(summary.js4Threshold.map { String(format: "%.4f", $0) } ?? "–")", "peak MiB (median)"]]
        for p in summary.configurations {
            rows.append(["\(p.configuration) (\(counted(p.seeds.count, "seed")))"] + p.finalJS.map { $0.text() } + [p.bestJS4.text(), p.lateJS1.text(), p.lateJS4.text(), p.finalRareShare.percent(), p.secondsPerIteration.text(digits: 3),
                         p.finalGradientNorm.text(digits: 2), p.finalLineSlope.text(digits: 2), p.finalInputNormRatio.text(digits: 2),
                         String(p.iterations), p.finalSelfBLEU4.text(digits: 3), p.finalSamplesInTraining.percent(), p.finalDistinctSamples.text(digits: 0),
                         p.equalIterationsJS4.text(),
                         p.secondsToThreshold.map { String(format: "%.1f (%d/%d seeds)", $0.mean, p.seedsReachingThreshold, p.seeds.count) } ?? "–",
                         p.peakMemoryMiB.map { String(format: "%.0f", $0) } ?? "–"])
        }
        // Held-out text has final JS-n, a rare-character share and a Self-BLEU, nothing else.
        var floorRow = Array(repeating: "", count: rows[0].count)
        floorRow[0] = "floor (held-out real text)"
        floorRow.replaceSubrange(1...4, with: floor)
        floorRow[1 + Self.sharedColumns.firstIndex(of: "on rare chars at end (%)")!] = floorRareShare.map { String(format: "%.2f", 100 * $0) } ?? ""
        floorRow[1 + Self.sharedColumns.firstIndex(of: "Self-BLEU-4 at end")!] = floorSelfBLEU4.map { String(format: "%.3f", $0) } ?? ""
        rows.append(floorRow)
        return rows
    }

    var costRows: [[String]] {
        [["", "data", "critic forward", "penalty", "critic backward", "generator step", "optimizer"]] + summary.configurations.map { p in
            [p.configuration] + [p.phases.data, p.phases.criticForward, p.phases.criticPenalty, p.phases.criticBackward, p.phases.generatorStep, p.phases.optimizer]
                .map { String(format: "%.3f", $0) }
        }
    }

    /// One row per run, in the summary's configuration order then by seed: the numbers the
    /// means and spreads above are made of.
    var runRows: [[String]] {
        let head = ["run"] + Self.sharedColumns
        let order = summary.configurations.map(\.configuration)
        let sorted = runs.sorted { (order.firstIndex(of: $0.configuration) ?? 0, $0.seed) < (order.firstIndex(of: $1.configuration) ?? 0, $1.seed) }
        func number(_ value: Double?, _ digits: Int) -> String { value.map { String(format: "%.\(digits)f", $0) } ?? "–" }
        return [head] + sorted.map { run in
            let final = run.finalJS
            return ["\(run.configuration) seed \(run.seed)"] + (0..<4).map { n in number(final?[n], 4) } + [
                number(run.bestJS4, 4), number(run.lateJS1, 4), number(run.lateJS4, 4), number(run.finalRareShare.map { 100 * $0 }, 2),
                number(run.secondsPerIteration, 3), number(run.finalGradientNorm, 2), number(run.finalLineSlope, 2), number(run.finalInputNormRatio, 2),
                String(run.metrics.last?.step ?? 0), number(run.finalSelfBLEU4, 3), number(run.finalSamplesInTraining.map { 100 * $0 }, 2),
                number(run.finalDistinctSamples, 0),
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
        for p in summary.configurations {
            md += "### \(p.configuration)\n\n```\n" + p.samples.joined(separator: "\n") + "\n```\n\n"
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
        for p in summary.configurations {
            h += "<div><h3>\(escape(p.configuration))</h3><pre>" + escape(p.samples.joined(separator: "\n")) + "</pre></div>"
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
