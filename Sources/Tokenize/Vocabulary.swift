/// The map between units and token ids: `<pad>` (id 0), `<unk>` (id 1), then the most
/// frequent units of a corpus.
///
/// Order is deterministic: units by descending count, ties broken by their code points
/// (byte values for byte units) compared lexicographically, so two builds over the same
/// corpus give the same ids. The vocabulary keeps the ``TokenizerOptions`` it was built
/// with and writes them into its JSON file, so sampling decodes with exactly the
/// vocabulary (and normalisation) that training used.
///
/// ```swift
/// let vocabulary = try Vocabulary.build(lines: ["abba", "cab"], maxVocab: 4)
/// vocabulary.units                // ["<pad>", "<unk>", "a", "b"]   (c is cut: V = 4 at most)
/// vocabulary.encode("cab")        // [1, 2, 3]
/// vocabulary.decode([1, 2, 3, 0]) // "\u{FFFD}ab"
/// ```
public struct Vocabulary: Equatable, Sendable {
    /// The version of the JSON layout ``jsonData()`` writes and ``load(from:)`` reads.
    public static let formatVersion = 1
    /// The spelling of the padding token in ``units``.
    public static let padUnit = "<pad>"
    /// The spelling of the unknown-unit token in ``units``.
    public static let unknownUnit = "<unk>"
    /// The number of special tokens (`<pad>`, `<unk>`) counted in every size.
    public static let specialCount = 2
    /// The smallest useful `maxVocab`: the specials and one unit.
    public static let minimumMaxVocab = specialCount + 1

    /// The id that fills examples shorter than the sequence length; ``decode(_:unknownMarker:)`` drops it.
    public let padID: Int32
    /// The id of every unit not in the vocabulary.
    public let unknownID: Int32
    /// How text is normalised and cut before lookup.
    public let options: TokenizerOptions
    /// id → unit: the printable spelling of each unit (see ``Tokenizer/units(of:)``), specials included.
    public let units: [String]
    /// id → how often the unit occurred in the corpus the vocabulary was built from (0 for the specials).
    public let counts: [Int]
    /// id → key; the specials have keys no text produces (`[-1]`, `[-2]`).
    let keys: [UnitKey]
    /// key → id.
    let table: UnitTable

    /// V: the number of ids, specials included.
    public var count: Int { units.count }

    /// A vocabulary with `<pad>` = 0, `<unk>` = 1 and then `keys` in the given order.
    init(options: TokenizerOptions, keys unitKeys: [UnitKey], counts unitCounts: [Int]) {
        precondition(unitKeys.count == unitCounts.count, "Vocabulary: \(unitKeys.count) keys but \(unitCounts.count) counts")
        var table = UnitTable()
        table.insert([-1])
        table.insert([-2])
        for key in unitKeys { table.insert(key) }
        precondition(table.count == unitKeys.count + Self.specialCount, "Vocabulary: duplicate unit keys")
        self.options = options
        self.padID = 0
        self.unknownID = 1
        self.keys = [[-1], [-2]] + unitKeys
        self.counts = [0, 0] + unitCounts
        self.units = [Self.padUnit, Self.unknownUnit] + unitKeys.map { UnitText.string(of: $0, unit: options.unit) }
        self.table = table
    }

    /// The vocabulary of the `maxVocab − 2` most frequent units among `keys` (ids of a
    /// ``UnitTable``) with `counts`, in deterministic order; units with count 0 are left out.
    ///
    /// - Throws: ``TokenizeError/maxVocabTooSmall(given:minimum:)`` if `maxVocab < 3`.
    /// - Complexity: O(D log D) for D distinct units.
    static func build(keys: [UnitKey], counts: [Int], options: TokenizerOptions, maxVocab: Int) throws(TokenizeError) -> Vocabulary {
        guard maxVocab >= minimumMaxVocab else {
            throw .maxVocabTooSmall(given: maxVocab, minimum: minimumMaxVocab)
        }
        let order = keys.indices.filter { counts[$0] > 0 }.sorted { a, b in
            counts[a] != counts[b] ? counts[a] > counts[b] : keys[a].lexicographicallyPrecedes(keys[b])
        }
        let kept = order.prefix(maxVocab - specialCount)
        return Vocabulary(options: options, keys: kept.map { keys[$0] }, counts: kept.map { counts[$0] })
    }

    /// The vocabulary of the most frequent units of `lines` (at most `maxVocab` ids, specials included).
    ///
    /// - Throws: ``TokenizeError/maxVocabTooSmall(given:minimum:)`` if `maxVocab < 3`.
    public static func build(
        lines: some Sequence<String>, options: TokenizerOptions = TokenizerOptions(), maxVocab: Int = 2048
    ) throws(TokenizeError) -> Vocabulary {
        var table = UnitTable()
        var counts: [Int] = []
        var segmenter = Segmenter(options: options)
        for var line in lines {
            line.withUTF8 { utf8 in
                segmenter.forEachUnit(utf8) { key in
                    let id = Int(table.insert(key))
                    if id == counts.count { counts.append(0) }
                    counts[id] += 1
                }
            }
        }
        return try build(keys: table.keys, counts: counts, options: options, maxVocab: maxVocab)
    }

    /// The id of `unit` (spelled as in ``units``), or ``unknownID`` if it is not in the
    /// vocabulary. `"<pad>"` and `"<unk>"` give ``padID`` and ``unknownID``.
    public func id(of unit: String) -> Int32 {
        if unit == Self.padUnit { return padID }
        if unit == Self.unknownUnit { return unknownID }
        guard let key = UnitText.key(of: unit, unit: options.unit) else { return unknownID }
        return table.id(of: key) ?? unknownID
    }

    /// The id of the unit with `key`, or ``unknownID``.
    func id(ofKey key: UnsafeBufferPointer<Int32>) -> Int32 {
        table.id(of: key) ?? unknownID
    }

    /// The ids of `line`'s units: normalised and cut with ``options``, unknown units as
    /// ``unknownID``; neither truncated nor padded.
    public func encode(_ line: String) -> [Int32] {
        var ids: [Int32] = []
        Tokenizer(options: options).forEachUnitKey(of: line) { ids.append(id(ofKey: $0)) }
        return ids
    }

    /// The text of `ids`: units concatenated, ``padID`` dropped, ``unknownID`` and ids outside
    /// `0..<count` written as `unknownMarker` (U+FFFD by default).
    ///
    /// Byte units are joined as bytes and decoded as UTF-8, each invalid sequence becoming U+FFFD.
    public func decode(_ ids: some Sequence<Int32>, unknownMarker: String = "\u{FFFD}") -> String {
        var text = ""
        var bytes: [UInt8] = []
        for id in ids where id != padID {
            let isKnown = id >= 0 && Int(id) < count && id != unknownID
            if options.unit == .byte {
                if isKnown, let byte = keys[Int(id)].first {
                    bytes.append(UInt8(truncatingIfNeeded: byte))
                    continue
                }
                text += String(decoding: bytes, as: UTF8.self)
                bytes.removeAll(keepingCapacity: true)
            }
            text += isKnown ? units[Int(id)] : unknownMarker
        }
        text += String(decoding: bytes, as: UTF8.self)
        return text
    }

    /// Equal when options, ids, units (by code points, not by canonical equivalence) and counts agree.
    public static func == (a: Vocabulary, b: Vocabulary) -> Bool {
        a.options == b.options && a.padID == b.padID && a.unknownID == b.unknownID && a.keys == b.keys && a.counts == b.counts
    }
}
