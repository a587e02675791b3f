import RealModule

/// Self-BLEU of each sample: its sentence BLEU with every *other* sample as
/// the references (Zhu et al., 2018, "Texygen"). High values mean the samples
/// repeat each other (mode collapse); identical samples score 1.
///
/// The hypothesis is left out of its own references (leave-one-out): with it
/// in, every precision would be 1 and every score 1.0.
///
/// For hypothesis `h` (trailing pads dropped, length `c`) and references
/// `R = {s_j : j ≠ i}`, as NLTK's `sentence_bleu` with uniform weights and
/// `SmoothingFunction().method1` (the Texygen setting):
///
///     m_n   = Σ_{g ∈ ngrams_n(h)} min(count_h(g), max_{r∈R} count_r(g))   (clipped matches)
///     d_n   = max(1, c − n + 1)
///     p_n   = m_n / d_n if m_n > 0, else ε / d_n        (ε = `epsilon`, 0.1)
///     r     = the reference length closest to c (the shorter on a tie)
///     BP    = 1 if c > r, 0 if c = 0, else exp(1 − r/c)
///     BLEU  = BP · exp(Σ_{n=1…N} ln(p_n) / N),   and 0 when m_1 = 0
///
/// `max_{r∈R}` without sample `i` comes from one table per order holding, for
/// each n-gram, its largest count over all samples, which sample has it, and
/// the second largest; sample `i` reads the second when it owns the first.
///
///     selfBLEUScores([[1, 2, 3, 4], [1, 2, 3, 4]], padID: nil)  // [1.0, 1.0]
///
/// - Parameters:
///   - samples: `B` rows of token ids `[B][L]`, any lengths.
///   - maxOrder: `N`, the longest n-gram (4 for Self-BLEU-4).
///   - padID: trailing runs of this id are dropped before scoring (`nil`: none).
///   - epsilon: the method1 smoothing count for orders with no match.
/// - Returns: `[B]`, one score in `[0, 1]` per sample.
/// - Precondition: at least 2 samples, `1 ≤ maxOrder ≤ 7`, `epsilon > 0`,
///   ids in `0…65535`.
/// - Complexity: O(B·L·N) dictionary operations.
public func selfBLEUScores(
    _ samples: [[Int32]], maxOrder: Int = 4, padID: Int32?, epsilon: Double = 0.1
) -> [Double] {
    precondition(samples.count >= 2, "selfBLEU: needs at least 2 samples (one hypothesis, one reference), got \(samples.count)")
    precondition((1...NGram.maxCount).contains(maxOrder), "selfBLEU: maxOrder \(maxOrder) is outside 1...\(NGram.maxCount)")
    precondition(epsilon > 0, "selfBLEU: epsilon must be positive, got \(epsilon)")
    let hypotheses = samples.map { $0.droppingTrailing(padID) }
    let b = hypotheses.count

    var logPrecisionSum = [Double](repeating: 0, count: b)   // Σ_n ln p_n
    var hasUnigramMatch = [Bool](repeating: false, count: b)
    for n in 1...maxOrder {
        let counts = hypotheses.map { ngramCounts(of: $0, order: n) }
        var top: [NGram: TopTwo] = [:]
        for (owner, table) in counts.enumerated() {
            for (ngram, count) in table { top[ngram, default: TopTwo()].insert(count, from: owner) }
        }
        for (i, table) in counts.enumerated() {
            var matched = 0, total = 0
            for (ngram, count) in table {
                matched += min(count, top[ngram]?.largest(excluding: i) ?? 0)
                total += count
            }
            let denominator = Double(max(1, total))
            let precision = matched > 0 ? Double(matched) / denominator : epsilon / denominator
            logPrecisionSum[i] += .log(precision)
            if n == 1 { hasUnigramMatch[i] = matched > 0 }
        }
    }

    let closest = closestOtherLengths(hypotheses.map(\.count))
    return (0..<b).map { i in
        let c = hypotheses[i].count, r = closest[i]
        guard c > 0, hasUnigramMatch[i] else { return 0 }
        let brevity = c > r ? 1 : Double.exp(1 - Double(r) / Double(c))
        return brevity * .exp(logPrecisionSum[i] / Double(maxOrder))
    }
}

/// Self-BLEU-`N` of a sample set: the mean of ``selfBLEUScores(_:maxOrder:padID:epsilon:)``.
///
///     selfBLEU(generated, padID: vocabulary.padID)  // Self-BLEU-4 in [0, 1]
///
/// - Precondition: at least 2 samples (see ``selfBLEUScores(_:maxOrder:padID:epsilon:)``).
public func selfBLEU(
    _ samples: [[Int32]], maxOrder: Int = 4, padID: Int32?, epsilon: Double = 0.1
) -> Double {
    let scores = selfBLEUScores(samples, maxOrder: maxOrder, padID: padID, epsilon: epsilon)
    return scores.reduce(0, +) / Double(scores.count)
}

/// The number of different samples once trailing pads are dropped.
///
/// - Complexity: O(B·L).
public func distinctCount(_ samples: [[Int32]], padID: Int32?) -> Int {
    Set(samples.map { Array($0.droppingTrailing(padID)) }).count
}

/// The two largest counts of one n-gram over the samples, and which sample
/// has the largest. Each sample inserts each of its n-grams once.
private struct TopTwo {
    var first = 0, firstOwner = -1, second = 0

    mutating func insert(_ count: Int, from owner: Int) {
        if count > first {
            (second, first, firstOwner) = (first, count, owner)
        } else if count > second {
            second = count
        }
    }

    /// The largest count over every sample but `sample`.
    func largest(excluding sample: Int) -> Int { sample == firstOwner ? second : first }
}

private func ngramCounts(of row: ArraySlice<Int32>, order n: Int) -> [NGram: Int] {
    var table: [NGram: Int] = [:]
    guard row.count >= n else { return table }
    for start in row.startIndex...(row.endIndex - n) {
        table[NGram(row[start..<(start + n)]), default: 0] += 1
    }
    return table
}

/// For each length `lengths[i]`, the closest of the other lengths (the
/// shorter on a tie), as BLEU's brevity penalty needs.
private func closestOtherLengths(_ lengths: [Int]) -> [Int] {
    var histogram = [Int](repeating: 0, count: (lengths.max() ?? 0) + 1)
    for length in lengths { histogram[length] += 1 }
    return lengths.map { c in
        histogram[c] -= 1
        defer { histogram[c] += 1 }
        for distance in 0..<histogram.count {
            if c - distance >= 0 && histogram[c - distance] > 0 { return c - distance }
            if c + distance < histogram.count && histogram[c + distance] > 0 { return c + distance }
        }
        return c  // not reached: another sample has some length
    }
}
