import Foundation

/// A compact binary form of ``ReferenceCorpus`` for the on-disk cache
/// (``ReferenceCache``): reading it back builds the tables from their distinct
/// n-grams, about a quarter of the dictionary work of counting the corpus.
///
/// Layout, little-endian, every field 8 bytes:
///
///     "TGREF001"  key  padID (−1: none)  rowCount  firstOrder  lastOrder
///     per order n: E, then E × (NGram.high, NGram.low, count)
///     distinct rows: R, total ids I, then R lengths, then I ids
///
/// `key` identifies what was counted (``ReferenceCache/key(training:rowLength:padID:)``);
/// a reader compares it with the key it expects, so a cache file is never
/// used for other text.
extension ReferenceCorpus {
    static let fileMagic = Array("TGREF001".utf8)

    /// The binary form, tagged with `key`.
    func fileData(key: UInt64) -> Data {
        var words: [UInt64] = [key, UInt64(bitPattern: Int64(padID ?? -1)), UInt64(rowCount),
                               UInt64(ngrams.orders.lowerBound), UInt64(ngrams.orders.upperBound)]
        for n in ngrams.orders {
            let table = ngrams.table(order: n)
            words.append(UInt64(table.count))
            for (gram, count) in table { words += [gram.high, gram.low, UInt64(count)] }
        }
        let distinct = Array(rows)
        words.append(UInt64(distinct.count))
        words.append(UInt64(distinct.reduce(0) { $0 + $1.count }))
        words += distinct.map { UInt64($0.count) }
        for row in distinct { words += row.map { UInt64(UInt32(bitPattern: $0)) } }
        var data = Data(Self.fileMagic)
        words.map(\.littleEndian).withUnsafeBufferPointer { data.append($0) }
        return data
    }

    /// Reads ``fileData(key:)``'s output; `nil` when the bytes are not such a
    /// file, are truncated, or were made for another key.
    init?(fileData data: Data, key expectedKey: UInt64) {
        guard data.count >= 8 && data.count % 8 == 0 && Array(data.prefix(8)) == Self.fileMagic else { return nil }
        let words: [UInt64] = data.dropFirst(8).withUnsafeBytes { raw in
            (0..<(raw.count / 8)).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self)) }
        }
        var reader = WordReader(words: words)
        guard let key = reader.next(), key == expectedKey,
              let pad = reader.next(), let rowCount = reader.next(),
              let first = reader.next(), let last = reader.next(),
              first >= 1, first <= last, last <= UInt64(NGram.maxCount), Array(Self.orders) == Array(Int(first)...Int(last))
        else { return nil }
        var tables: [[NGram: Int]] = []
        for n in Int(first)...Int(last) {
            guard let entries = reader.next(), let flat = reader.take(3 * entries) else { return nil }
            var table: [NGram: Int] = [:]
            table.reserveCapacity(Int(entries))
            for e in 0..<Int(entries) {
                let gram = NGram(high: flat[3 * e], low: flat[3 * e + 1])
                guard gram.count == n, flat[3 * e + 2] > 0 else { return nil }
                table[gram] = Int(flat[3 * e + 2])
            }
            tables.append(table)
        }
        guard let rowTotal = reader.next(), let idTotal = reader.next(),
              let lengths = reader.take(rowTotal), let ids = reader.take(idTotal),
              lengths.reduce(0, +) == idTotal, reader.isAtEnd else { return nil }
        var distinct = Set<[Int32]>(minimumCapacity: Int(rowTotal))
        var offset = 0
        for length in lengths {
            distinct.insert(ids[offset..<(offset + Int(length))].map { Int32(bitPattern: UInt32(truncatingIfNeeded: $0)) })
            offset += Int(length)
        }
        let padID = Int64(bitPattern: pad)
        self.init(padID: padID < 0 ? nil : Int32(truncatingIfNeeded: padID),
                  ngrams: NGramCounts(orders: Int(first)...Int(last), tables: tables),
                  rows: distinct, rowCount: Int(rowCount))
    }
}

/// Reads 64-bit words in order, `nil` past the end.
private struct WordReader {
    let words: [UInt64]
    var position = 0

    var isAtEnd: Bool { position == words.count }

    mutating func next() -> UInt64? {
        guard position < words.count else { return nil }
        defer { position += 1 }
        return words[position]
    }

    /// The next `count` words, indexed from 0.
    mutating func take(_ count: UInt64) -> [UInt64]? {
        guard count <= UInt64(words.count - position) else { return nil }
        defer { position += Int(count) }
        return Array(words[position..<(position + Int(count))])
    }
}
