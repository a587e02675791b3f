/// Counts of every contiguous n-gram of a set of rows, for each order `n` in a
/// range: the n-gram language model of the WGAN-GP language experiment
/// (Gulrajani et al., 2017, `language_helpers.py`, `NgramLanguageModel`).
///
/// A row of length `L` contributes its `max(0, L − n + 1)` n-grams
/// `row[i..<i+n]`; n-grams never cross rows. Pads are ordinary tokens here.
/// The empirical distribution of order `n` is `p(g) = count(g) / total(n)`.
///
/// A value: count a corpus once, keep the result, pass it around, cache it
/// (it is `Codable`, written as sorted tables so that, with an encoder
/// that sorts object keys, equal counts give equal bytes).
///
///     let counts = NGramCounts(rows: [[1, 2, 1, 2]], orders: 1...2)
///     counts.count(of: NGram([1, 2]))  // 2
///     counts.total(order: 2)           // 3
///
/// - Complexity: counting is O(R·L·N) dictionary updates for `R` rows of
///   length `L` and `N` orders; memory is O(number of distinct n-grams).
public struct NGramCounts: Sendable, Equatable {
    /// The orders `n` counted, within `1…7`.
    public let orders: ClosedRange<Int>
    // tables[n − orders.lowerBound]: n-gram → count, and the sum of its counts.
    private var tables: [[NGram: Int]]
    private var totals: [Int]

    /// No rows yet; ``add(row:)`` adds them.
    ///
    /// - Precondition: `orders` lies within `1…7` (``NGram/maxCount``).
    public init(orders: ClosedRange<Int> = 1...4) {
        precondition(orders.lowerBound >= 1 && orders.upperBound <= NGram.maxCount,
                     "NGramCounts: orders \(orders) must lie within 1...\(NGram.maxCount)")
        self.orders = orders
        tables = Array(repeating: [:], count: orders.count)
        totals = Array(repeating: 0, count: orders.count)
    }

    /// Tables made elsewhere, one per order (`tables[n − orders.lowerBound]`);
    /// the totals are their sums.
    ///
    /// - Precondition: one table per order.
    init(orders: ClosedRange<Int>, tables: [[NGram: Int]]) {
        precondition(tables.count == orders.count, "NGramCounts: \(tables.count) tables for orders \(orders)")
        self.init(orders: orders)
        self.tables = tables
        totals = tables.map { $0.values.reduce(0, +) }
    }

    /// Counts the n-grams of each row, rows of any lengths.
    ///
    /// - Precondition: every id is in `0…65535`; `orders` within `1…7`.
    public init(rows: [[Int32]], orders: ClosedRange<Int> = 1...4) {
        self.init(orders: orders)
        for row in rows { add(row: row) }
    }

    /// Counts the n-grams of a flat buffer `[B·T]` of `B` rows of length `T`.
    ///
    /// - Precondition: `rowLength > 0` divides `tokens.count`; ids in `0…65535`.
    public init(tokens: [Int32], rowLength: Int, orders: ClosedRange<Int> = 1...4) {
        precondition(rowLength > 0 && tokens.count % rowLength == 0,
                     "NGramCounts: \(tokens.count) ids are not a whole number of rows of \(rowLength)")
        self.init(orders: orders)
        tokens.withUnsafeBufferPointer { all in
            for start in stride(from: 0, to: all.count, by: rowLength) {
                add(row: UnsafeBufferPointer(rebasing: all[start..<(start + rowLength)]))
            }
        }
    }

    /// Adds the n-grams of one row.
    ///
    /// - Precondition: every id is in `0…65535`.
    /// - Complexity: O(L·N) dictionary updates.
    public mutating func add(row: some Collection<Int32>) {
        let counted: Void? = row.withContiguousStorageIfAvailable { add(row: $0) }
        if counted == nil {
            Array(row).withUnsafeBufferPointer { add(row: $0) }
        }
    }

    private mutating func add(row: UnsafeBufferPointer<Int32>) {
        let first = orders.lowerBound, last = orders.upperBound
        // Grow one key per start position: (row[i]), (row[i], row[i+1]), …
        for start in row.indices {
            let longest = min(last, row.count - start)
            if longest < first { break }
            var key = NGram()
            for n in 1...longest {
                key = key.appending(row[start + n - 1])
                if n >= first { tables[n - first][key, default: 0] += 1 }
            }
        }
        for n in orders { totals[n - first] += max(0, row.count - n + 1) }
    }

    /// The number of occurrences of `ngram` (0 if never seen).
    ///
    /// - Precondition: `ngram.count` is one of ``orders``.
    public func count(of ngram: NGram) -> Int {
        table(order: ngram.count)[ngram] ?? 0
    }

    /// `Σ_g count(g)` over n-grams of order `n`: the number of n-gram occurrences.
    ///
    /// - Precondition: `n` is one of ``orders``.
    public func total(order n: Int) -> Int {
        totals[index(of: n, in: "total(order:)")]
    }

    /// The table n-gram → count of order `n`, holding only nonzero counts
    /// (its keys are the support of the distribution).
    ///
    /// - Precondition: `n` is one of ``orders``.
    public func table(order n: Int) -> [NGram: Int] {
        tables[index(of: n, in: "table(order:)")]
    }

    private func index(of n: Int, in function: String) -> Int {
        precondition(orders.contains(n), "NGramCounts.\(function): order \(n) was not counted (orders \(orders))")
        return n - orders.lowerBound
    }
}

extension NGramCounts: Codable {
    // On disk each order is a table of its n-grams in ascending order: their
    // ids flattened (n per n-gram) and their counts. The layout does not
    // depend on NGram's packing, and equal counts encode to equal bytes
    // (given an encoder that sorts keys, e.g. JSONEncoder's `.sortedKeys`).
    private enum CodingKeys: String, CodingKey { case orders, tables }
    private struct Table: Codable {
        var order: Int
        var ids: [Int32]
        var counts: [Int]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode([orders.lowerBound, orders.upperBound], forKey: .orders)
        let encoded = orders.map { n in
            let entries = table(order: n).sorted { $0.key < $1.key }
            return Table(order: n,
                         ids: entries.flatMap { $0.key.ids },
                         counts: entries.map { $0.value })
        }
        try container.encode(encoded, forKey: .tables)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let bounds = try container.decode([Int].self, forKey: .orders)
        guard bounds.count == 2, bounds[0] >= 1, bounds[0] <= bounds[1], bounds[1] <= NGram.maxCount else {
            throw DecodingError.dataCorruptedError(
                forKey: .orders, in: container,
                debugDescription: "expected [first, last] with 1 <= first <= last <= \(NGram.maxCount), found \(bounds)")
        }
        self.init(orders: bounds[0]...bounds[1])
        let decoded = try container.decode([Table].self, forKey: .tables)
        guard decoded.map(\.order) == Array(orders) else {
            throw DecodingError.dataCorruptedError(
                forKey: .tables, in: container,
                debugDescription: "expected tables for orders \(Array(orders)), found \(decoded.map(\.order))")
        }
        for table in decoded {
            let n = table.order
            guard table.ids.count == n * table.counts.count,
                  table.ids.allSatisfy({ $0 >= 0 && $0 <= NGram.maxID }),
                  table.counts.allSatisfy({ $0 > 0 }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .tables, in: container,
                    debugDescription: "order \(n): expected \(n) ids in 0...\(NGram.maxID) per positive count, "
                        + "found \(table.ids.count) ids for \(table.counts.count) counts")
            }
            let i = n - orders.lowerBound
            tables[i].reserveCapacity(table.counts.count)
            for (k, count) in table.counts.enumerated() {
                tables[i][NGram(table.ids[(k * n)..<(k * n + n)])] = count
            }
            guard tables[i].count == table.counts.count else {
                throw DecodingError.dataCorruptedError(
                    forKey: .tables, in: container,
                    debugDescription: "order \(n): expected \(table.counts.count) distinct n-grams, "
                        + "found \(tables[i].count) (a repeated n-gram)")
            }
            totals[i] = table.counts.reduce(0, +)
        }
    }
}
