import RealModule

/// The Jensen–Shannon divergence, in bits, between the order-`n` n-gram
/// distributions of `p` and `q`: the JS-n quality metric of the WGAN-GP
/// language experiment (Gulrajani et al., 2017, `language_helpers.py`,
/// `NgramLanguageModel.js_with`).
///
/// With `p(g) = count_p(g) / total_p`, `q(g) = count_q(g) / total_q` and
/// `m = (p + q) / 2`:
///
///     JS(p, q) = [ ½·Σ_{g∈supp p} p(g)·ln(p(g)/m(g)) + ½·Σ_{g∈supp q} q(g)·ln(q(g)/m(g)) ] / ln 2
///
/// It is symmetric and lies in `[0, 1]`: 0 for equal distributions, exactly
/// 1 for disjoint supports.
///
/// An n-gram in only one support, say `p`, has `m = p/2` and contributes
/// `p·ln 2`, so those terms add up to `ln 2 · (p-mass outside supp q)`, a
/// ratio of integer counts. Hence only the smaller support is visited:
///
///     JS = ½·(p_only + q_only) + ½·Σ_{g∈supp p ∩ supp q} [p·log₂(p/m) + q·log₂(q/m)]
///
/// which is the formula above rearranged (equal to the reference to ~1e-15),
/// and evaluating a few hundred samples against a large corpus costs only
/// the samples' n-grams.
///
///     let a = NGramCounts(rows: [[1, 2]]), b = NGramCounts(rows: [[3, 4]])
///     jensenShannon(a, b, order: 1)  // 1.0
///
/// - Precondition: both counted order `n`, and both have at least one
///   n-gram of order `n`.
/// - Complexity: O(min(|supp p|, |supp q|)) dictionary look-ups.
public func jensenShannon(_ p: NGramCounts, _ q: NGramCounts, order n: Int) -> Double {
    let pTotal = p.total(order: n), qTotal = q.total(order: n)
    precondition(pTotal > 0 && qTotal > 0,
                 "jensenShannon: order \(n) needs n-grams on both sides, found totals \(pTotal) and \(qTotal)")
    // JS is symmetric: walk the smaller support (usually the samples').
    var (small, smallTotal) = (p.table(order: n), pTotal)
    var (large, largeTotal) = (q.table(order: n), qTotal)
    if small.count > large.count {
        swap(&small, &large)
        swap(&smallTotal, &largeTotal)
    }
    let smallScale = 1 / Double(smallTotal), largeScale = 1 / Double(largeTotal)
    var terms: [Double] = []         // a·ln(a/m) + b·ln(b/m) of each shared n-gram
    terms.reserveCapacity(small.count)
    var smallSharedCount = 0, largeSharedCount = 0
    for (ngram, smallCount) in small {
        guard let largeCount = large[ngram] else { continue }
        let a = Double(smallCount) * smallScale, b = Double(largeCount) * largeScale
        let m = (a + b) / 2
        terms.append(a * .log(a / m) + b * .log(b / m))
        smallSharedCount += smallCount
        largeSharedCount += largeCount
    }
    // Summed in sorted order: a dictionary's order changes from one process to the next
    // (Swift seeds its hashing per process), and the metric should not.
    let shared = terms.sorted().reduce(0, +)
    let smallOnly = Double(smallTotal - smallSharedCount) * smallScale
    let largeOnly = Double(largeTotal - largeSharedCount) * largeScale
    return (smallOnly + largeOnly) / 2 + shared / (2 * .log(2))
}

/// JS-n in bits for each order in `orders` (see
/// ``jensenShannon(_:_:order:)``): `result[k]` is JS-`orders.lowerBound + k`.
///
///     let corpus = NGramCounts(rows: corpusRows)              // orders 1...4
///     let js = jensenShannon(NGramCounts(rows: samples), corpus, orders: 1...4)
///     // [JS-1, JS-2, JS-3, JS-4]
///
/// - Precondition: both counted every order in `orders`, each with at least one n-gram.
public func jensenShannon(_ p: NGramCounts, _ q: NGramCounts, orders: ClosedRange<Int>) -> [Double] {
    orders.map { jensenShannon(p, q, order: $0) }
}
