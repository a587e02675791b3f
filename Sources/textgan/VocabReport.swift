import Foundation
import Tokenize

/// The text `textgan vocab` prints: corpus statistics, then the most frequent units.
struct VocabReport {
    let path: String
    let corpus: Corpus
    let options: CorpusOptions
    let top: Int

    var text: String {
        let s = corpus.statistics
        let v = corpus.vocabulary
        let unitName = ["grapheme": "graphemes", "scalar": "scalars", "byte": "bytes"][v.options.unit.rawValue] ?? "units"
        var lines: [String] = []
        lines.append("corpus      \(path): \(grouped(s.bytes)) bytes")
        var skipped = "\(grouped(s.linesSkipped)) skipped (\(grouped(s.linesSkippedEmpty)) empty, "
            + "\(grouped(s.linesSkippedTooLong)) too long, \(grouped(s.linesSkippedInvalidUTF8)) invalid UTF-8)"
        if s.linesRepaired > 0 { skipped += ", \(grouped(s.linesRepaired)) repaired" }
        lines.append("lines       \(grouped(s.linesRead)) read, \(skipped), \(grouped(s.linesTruncated)) truncated")
        let mode = options.window ? "windows of \(corpus.sequenceLength) every \(options.windowStride) units" : "one per line"
        lines.append("examples    \(grouped(corpus.count)) × \(corpus.sequenceLength) (\(mode))")
        lines.append("units       \(grouped(s.units)) \(unitName), \(grouped(s.distinctUnits)) distinct")
        lines.append("vocabulary  \(v.count) ids (\(v.count - Vocabulary.specialCount) units + <pad> + <unk>; "
            + "max \(options.maxVocab)), \(v.options.normalization.rawValue)"
            + (v.options.caseFold ? ", case folded" : "") + (v.options.stripControls ? ", controls stripped" : ""))
        lines.append("coverage    " + String(format: "%.4f %%", 100 * s.coverage)
            + " of units are in the vocabulary (\(grouped(s.unknownUnits)) <unk>)")
        lines.append("speed       " + String(format: "%.1f MB/s (%.3f s to tokenize)", s.megabytesPerSecond, s.seconds))
        let shown = min(top, v.count - Vocabulary.specialCount)
        if shown > 0 {
            lines.append("top \(shown) units:")
            for id in Vocabulary.specialCount..<(Vocabulary.specialCount + shown) {
                let share = s.units == 0 ? 0 : 100 * Double(v.counts[id]) / Double(s.units)
                lines.append("  " + pad(String(id), 5) + "  " + pad(v.units[id].debugDescription, 10, left: false)
                    + pad(grouped(v.counts[id]), 12) + String(format: "  %6.2f %%", share))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `n` with thousands separated by commas: 1234567 → "1,234,567".
    private func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// `text` padded with spaces to `width` characters, on the left (right-aligned) by default.
    private func pad(_ text: String, _ width: Int, left: Bool = true) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? fill + text : text + fill
    }
}
