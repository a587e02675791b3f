/// How much of the samples already occurs in the training text: high values
/// mean copying, low values mean novel (or garbled) text.
///
/// - `fourGramsInTraining`, `sixGramsInTraining`: the share of the samples'
///   n-gram *occurrences* (a repeated n-gram counts each time) that occur at
///   least once in the training rows:
///
///       share_n = Σ_i Σ_{g ∈ ngrams_n(s_i)} [count_train(g) > 0] / Σ_i max(0, |s_i| − n + 1)
///
/// - `samplesInTraining`: the share of samples equal to some training row.
///
/// Samples `s_i` are compared with their trailing pads dropped (the
/// reference's `padID`), so a sample's padding never counts as copied text;
/// pads inside a sample stay. A share over no occurrences (every sample
/// shorter than `n`) is 0.
///
///     // training row [1, 2, 3, 4, 5]; sample [1, 2, 3, 4, 9]:
///     // its 4-grams (1,2,3,4) and (2,3,4,9): one of two seen → 0.5
public struct Novelty: Codable, Sendable, Equatable {
    /// Share of sample 4-gram occurrences seen in training, in `[0, 1]`.
    public var fourGramsInTraining: Double
    /// Share of sample 6-gram occurrences seen in training, in `[0, 1]`.
    public var sixGramsInTraining: Double
    /// Share of samples that are verbatim training rows, in `[0, 1]`.
    public var samplesInTraining: Double

    public init(fourGramsInTraining: Double, sixGramsInTraining: Double, samplesInTraining: Double) {
        self.fourGramsInTraining = fourGramsInTraining
        self.sixGramsInTraining = sixGramsInTraining
        self.samplesInTraining = samplesInTraining
    }

    /// Measures `samples` against `reference`.
    ///
    /// - Precondition: `samples` is not empty; ids are in `0…65535`.
    /// - Complexity: O(B·L) look-ups for `B` samples of length `L`.
    public init(samples: [[Int32]], reference: ReferenceCorpus) {
        precondition(!samples.isEmpty, "Novelty: no samples")
        let stripped = samples.map { $0.droppingTrailing(reference.padID) }
        self.init(
            fourGramsInTraining: Self.shareSeen(stripped, order: 4, in: reference.ngrams),
            sixGramsInTraining: Self.shareSeen(stripped, order: 6, in: reference.ngrams),
            samplesInTraining: Double(stripped.count { reference.rows.contains(Array($0)) })
                / Double(stripped.count))
    }

    /// `share_n` above: seen occurrences of order `n` over all occurrences.
    static func shareSeen(_ samples: [ArraySlice<Int32>], order n: Int, in training: NGramCounts) -> Double {
        let table = training.table(order: n)
        var seen = 0, total = 0
        for sample in samples where sample.count >= n {
            for start in sample.startIndex...(sample.endIndex - n) {
                if table[NGram(sample[start..<(start + n)])] != nil { seen += 1 }
                total += 1
            }
        }
        return total == 0 ? 0 : Double(seen) / Double(total)
    }
}
