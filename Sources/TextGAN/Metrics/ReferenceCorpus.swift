/// What sample metrics compare against, computed once from the training rows
/// (or any real text) and then reused: n-gram counts of orders 1…6 and the
/// set of whole rows.
///
/// - `ngrams`: ``NGramCounts`` of the rows as given, pads included (JS-1…4
///   counts pads as ordinary tokens, as the WGAN-GP experiment does; novelty
///   uses orders 4 and 6).
/// - `rows`: every row with its trailing pads dropped, for verbatim matches.
///
/// `Codable`, so it can be cached next to a tokenized corpus; rows are
/// written in ascending lexicographic order, so equal values give equal bytes
/// (with an encoder that sorts object keys).
///
///     let reference = ReferenceCorpus(rows: trainingRows, padID: vocabulary.padID)
///     let quality = SampleQuality(samples: generated, reference: reference)
///
/// - Complexity: O(R·L) dictionary updates for `R` rows of length `L`
///   (6 per token); memory O(distinct n-grams + R·L).
public struct ReferenceCorpus: Sendable, Equatable {
    /// The n-gram orders counted: JS uses 1…4, novelty 4 and 6.
    public static let orders: ClosedRange<Int> = 1...6

    /// The pad id whose trailing runs are dropped before whole-row and
    /// novelty comparisons (`nil`: rows have no pads).
    public let padID: Int32?
    /// Counts of orders ``orders``, pads included.
    public let ngrams: NGramCounts
    /// The distinct rows, trailing pads dropped.
    public let rows: Set<[Int32]>
    /// The number of rows counted (with repeats).
    public let rowCount: Int

    /// Counts `rows` (any lengths).
    ///
    /// - Precondition: every id is in `0…65535` (see ``NGram``).
    public init(rows: [[Int32]], padID: Int32?) {
        self.padID = padID
        self.ngrams = NGramCounts(rows: rows, orders: Self.orders)
        self.rows = Set(rows.map { Array($0.droppingTrailing(padID)) })
        self.rowCount = rows.count
    }

    /// Assembles counts made (or read back) elsewhere.
    init(padID: Int32?, ngrams: NGramCounts, rows: Set<[Int32]>, rowCount: Int) {
        self.padID = padID
        self.ngrams = ngrams
        self.rows = rows
        self.rowCount = rowCount
    }
}

extension ReferenceCorpus: Codable {
    private enum CodingKeys: String, CodingKey { case padID, ngrams, rows, rowCount }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(padID, forKey: .padID)
        try container.encode(ngrams, forKey: .ngrams)
        try container.encode(rows.sorted { $0.lexicographicallyPrecedes($1) }, forKey: .rows)
        try container.encode(rowCount, forKey: .rowCount)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        padID = try container.decodeIfPresent(Int32.self, forKey: .padID)
        ngrams = try container.decode(NGramCounts.self, forKey: .ngrams)
        guard ngrams.orders == Self.orders else {
            throw DecodingError.dataCorruptedError(
                forKey: .ngrams, in: container,
                debugDescription: "expected n-gram orders \(Self.orders), found \(ngrams.orders)")
        }
        rows = Set(try container.decode([[Int32]].self, forKey: .rows))
        rowCount = try container.decode(Int.self, forKey: .rowCount)
    }
}
