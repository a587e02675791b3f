/// Every sample metric of one evaluation, with fixed fields for logs and
/// reports (DESIGN.md, "Measuring").
///
/// - `js1`…`js4`: ``jensenShannon(_:_:order:)`` in bits between the
///   samples' and the reference's n-gram distributions, pads included (the
///   WGAN-GP language experiment's JS-n; lower is better; run held-out real
///   text through the same function for the floor).
/// - `novelty`: ``Novelty`` (copying from the reference).
/// - `selfBLEU4`: ``selfBLEU(_:maxOrder:padID:epsilon:)`` with `N = 4`,
///   leave-one-out, method1 smoothing (lower is more diverse).
/// - `distinctSamples`: ``distinctCount(_:padID:)`` out of `sampleCount`.
/// - `rareShare`: ``rareTokenShare(_:unigrams:threshold:)``, the share of
///   sample positions on tokens under 0.1% of the reference's positions.
///
///     let reference = ReferenceCorpus(rows: trainingRows, padID: pad)    // once
///     let quality = SampleQuality(samples: generated, reference: reference)
///     quality.js4        // e.g. 0.40
public struct SampleQuality: Codable, Sendable, Equatable {
    public var sampleCount: Int
    public var js1: Double
    public var js2: Double
    public var js3: Double
    public var js4: Double
    public var novelty: Novelty
    public var selfBLEU4: Double
    public var distinctSamples: Int
    public var rareShare: Double

    /// JS-1…4 as an array: `js[n − 1]` is JS-n.
    public var js: [Double] { [js1, js2, js3, js4] }

    /// Measures `samples` `[B][L]` (typically `B = 640`, `L = T`) against `reference`.
    ///
    /// - Precondition: at least 2 samples; some sample (pads included) and
    ///   some reference row have at least 4 ids, so every JS order has
    ///   n-grams on both sides; ids in `0…65535`.
    /// - Complexity: O(B·L) look-ups for JS and novelty, O(B·L·4) dictionary
    ///   operations for Self-BLEU; independent of the reference's size.
    public init(samples: [[Int32]], reference: ReferenceCorpus) {
        let counts = NGramCounts(rows: samples, orders: 1...4)
        let js = jensenShannon(counts, reference.ngrams, orders: 1...4)
        sampleCount = samples.count
        (js1, js2, js3, js4) = (js[0], js[1], js[2], js[3])
        novelty = Novelty(samples: samples, reference: reference)
        selfBLEU4 = selfBLEU(samples, maxOrder: 4, padID: reference.padID)
        distinctSamples = distinctCount(samples, padID: reference.padID)
        rareShare = rareTokenShare(samples, unigrams: reference.ngrams)
    }
}
