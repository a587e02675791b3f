/// The share of sample positions that hold tokens rare in the reference text:
/// a failure mode JS-1 averages away. A generator that writes `#`, `}` or a
/// stray control character at a few percent of its positions has learned
/// something the real text does not do, and the critic has stopped telling it.
///
/// A token is *rare* when it fills less than `threshold` of the reference's
/// positions (pads count as positions and as tokens, as in JS-n):
///
///     rare(v)   ⇔  count_ref(v) < threshold · Σ_u count_ref(u)
///     share     =  |{(i, j) : rare(samples[i][j])}| / Σ_i |samples[i]|
///
/// Tokens the reference never holds are rare. Held-out real text scores
/// about the reference's own share (1.6% on the bundled English corpus at
/// the default 0.1%), so compare a generator with its floor.
///
///     let reference = ReferenceCorpus(rows: trainingRows, padID: pad)
///     rareTokenShare(samples, unigrams: reference.ngrams)   // e.g. 0.0155
///
/// - Parameters:
///   - samples: `[B][L]` token ids, pads included.
///   - unigrams: counts holding order 1 (the reference's n-grams).
///   - threshold: the frequency below which a token is rare (default 0.1%).
/// - Returns: a share in `[0, 1]`; 0 for no positions.
/// - Precondition: `unigrams` counted order 1; `0 ≤ threshold ≤ 1`.
/// - Complexity: O(V) to find the common tokens, then O(B·L) set look-ups.
public func rareTokenShare(_ samples: [[Int32]], unigrams: NGramCounts, threshold: Double = 0.001) -> Double {
    let common = commonTokens(unigrams: unigrams, threshold: threshold)
    let positions = samples.reduce(0) { $0 + $1.count }
    guard positions > 0 else { return 0 }
    let rare = samples.reduce(0) { total, row in total + row.count { !common.contains($0) } }
    return Double(rare) / Double(positions)
}

/// The tokens that fill at least `threshold` of the reference's positions:
/// every other token is *rare* in the sense of ``rareTokenShare(_:unigrams:threshold:)``.
///
/// - Precondition: `unigrams` counted order 1; `0 ≤ threshold ≤ 1`.
/// - Complexity: O(V).
public func commonTokens(unigrams: NGramCounts, threshold: Double = 0.001) -> Set<Int32> {
    precondition((0...1).contains(threshold), "commonTokens: threshold \(threshold) is outside [0, 1]")
    let minimumCount = threshold * Double(unigrams.total(order: 1))
    return Set(unigrams.table(order: 1).compactMap { gram, count in
        Double(count) >= minimumCount ? gram.ids[0] : nil
    })
}
