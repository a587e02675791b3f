import Foundation

extension Corpus {
    /// Reads, tokenizes and lays out the UTF-8 corpus at `path` (see ``CorpusOptions`` for the
    /// two modes). With `vocabulary`, encodes with it (and its tokenizer options) instead of
    /// building one, as sampling and evaluation must.
    ///
    /// The file may start with a byte-order mark (skipped) and use LF or CRLF line ends.
    ///
    /// - Throws: a ``TokenizeError``: the file is missing, a directory, unreadable or empty;
    ///   holds a NUL byte; is not UTF-8 (policy `error`); has no usable line; or the options
    ///   are out of range.
    /// - Complexity: O(bytes + D log D) for D distinct units.
    public static func load(
        path: String, options: CorpusOptions, vocabulary: Vocabulary? = nil
    ) throws(TokenizeError) -> Corpus {
        try options.validate()
        let data = try FileInput.read(path)
        return try load(utf8: Array(data), source: path, options: options, vocabulary: vocabulary)
    }

    /// Tokenizes `utf8`, the contents of a corpus file named `source` in error messages,
    /// exactly as ``load(path:options:vocabulary:)`` does with a file's bytes.
    public static func load(
        utf8 bytes: [UInt8], source: String, options: CorpusOptions, vocabulary: Vocabulary? = nil
    ) throws(TokenizeError) -> Corpus {
        try options.validate()
        let clock = ContinuousClock()
        let start = clock.now
        guard !bytes.isEmpty else { throw .emptyFile(path: source) }
        var reader = LineTokenizer(
            source: source, options: options, tokenizer: vocabulary?.options ?? options.tokenizer)
        // `withUnsafeBufferPointer` rethrows untyped errors; a Result keeps the error type.
        let outcome = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(TokenizeError) in try reader.read(buffer) }
        }
        try outcome.get()
        let vocabulary = if let vocabulary { vocabulary } else {
            try Vocabulary.build(
                keys: reader.table.keys, counts: reader.counts, options: options.tokenizer, maxVocab: options.maxVocab)
        }
        var corpus = reader.layout(vocabulary: vocabulary, bytes: bytes.count)
        var statistics = corpus.statistics
        statistics.seconds = (clock.now - start) / .seconds(1)
        corpus = Corpus(vocabulary: vocabulary, sequenceLength: corpus.sequenceLength, ids: corpus.ids, statistics: statistics)
        return corpus
    }
}

/// The first pass of corpus loading: splits bytes into lines, checks them, and collects every
/// kept line's units as dense local ids with their counts. The second pass (``layout(vocabulary:bytes:)``)
/// maps local ids to vocabulary ids and cuts examples.
struct LineTokenizer {
    let source: String
    let options: CorpusOptions
    /// Local id ↔ unit key, in order of first occurrence.
    private(set) var table = UnitTable()
    /// Local id → occurrences in kept text.
    private(set) var counts: [Int] = []
    /// Local ids of all kept units, line after line.
    private var units: [Int32] = []
    /// Where each kept line starts in `units` (line mode), plus a final end.
    private var lineStarts: [Int] = [0]
    private var segmenter: Segmenter
    private var statistics = CorpusStatistics(
        linesRead: 0, linesSkippedEmpty: 0, linesSkippedTooLong: 0, linesSkippedInvalidUTF8: 0, linesRepaired: 0,
        linesTruncated: 0, examples: 0, units: 0, unknownUnits: 0, distinctUnits: 0, bytes: 0, seconds: 0)
    /// The local id of the `"\n"` unit that ends each line in window mode.
    private var newline: Int32 = -1
    /// Units other than `"\n"` in window mode.
    private var contentUnits = 0

    init(source: String, options: CorpusOptions, tokenizer: TokenizerOptions) {
        self.source = source
        self.options = options
        self.segmenter = Segmenter(options: tokenizer)
        units.reserveCapacity(1 << 16)
    }

    /// Reads every line of `bytes`.
    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(TokenizeError) {
        guard let base = bytes.baseAddress else { return }
        if let nul = memchr(base, 0, bytes.count) {
            let offset = UnsafePointer<UInt8>(nul.assumingMemoryBound(to: UInt8.self)) - base
            throw .nulByte(path: source, line: lineNumber(of: offset, in: bytes), byteOffset: offset)
        }
        if options.window {
            newline = Int32([10].withUnsafeBufferPointer { table.insert($0) })
            counts.append(0)
        }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var lineStart = bytes.starts(with: bom) ? 3 : 0
        while lineStart < bytes.count {
            let rest = bytes.count - lineStart
            let lf = memchr(base + lineStart, 0x0A, rest).map {
                UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base
            }
            var lineEnd = lf ?? bytes.count
            if lineEnd > lineStart, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            statistics.linesRead += 1
            try readLine(UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]), at: lineStart)
            lineStart = (lf ?? bytes.count) + 1
        }
        let kept = options.window ? contentUnits : lineStarts.count - 1
        guard kept > 0 else {
            throw .noUsableLines(
                path: source, linesRead: statistics.linesRead,
                empty: statistics.linesRead - statistics.linesSkippedInvalidUTF8 - statistics.linesSkippedTooLong,
                tooLong: statistics.linesSkippedTooLong, invalidUTF8: statistics.linesSkippedInvalidUTF8,
                sequenceLength: options.sequenceLength)
        }
    }

    /// Checks one line (without its line end) starting at byte `offset` of the file, and keeps its units.
    private mutating func readLine(_ line: UnsafeBufferPointer<UInt8>, at offset: Int) throws(TokenizeError) {
        if let bad = firstInvalidUTF8Offset(line) {
            switch options.invalidUTF8 {
            case .error:
                throw .invalidUTF8(path: source, line: statistics.linesRead, byteOffset: offset + bad, byte: line[bad])
            case .skipLine:
                statistics.linesSkippedInvalidUTF8 += 1
            case .replace:
                statistics.linesRepaired += 1
                let repaired = repairingUTF8(line)
                repaired.withUnsafeBufferPointer { keep($0) }
            }
            return
        }
        keep(line)
    }

    /// Segments a valid line and keeps its units unless the line is empty or too long.
    private mutating func keep(_ line: UnsafeBufferPointer<UInt8>) {
        let first = units.count
        segmenter.forEachUnit(line) { key in units.append(table.insert(key)) }
        if counts.count < table.count {
            counts.append(contentsOf: repeatElement(0, count: table.count - counts.count))
        }
        let length = units.count - first
        if options.window {
            contentUnits += length
            units.append(newline)
        } else if length == 0 {
            statistics.linesSkippedEmpty += 1
            return
        } else if length > options.sequenceLength {
            guard options.truncate else {
                statistics.linesSkippedTooLong += 1
                units.removeSubrange(first...)
                return
            }
            statistics.linesTruncated += 1
        }
        for id in units[first...] { counts[Int(id)] += 1 }
        lineStarts.append(units.count)
    }

    /// The corpus of the kept lines with local ids mapped through `vocabulary`.
    func layout(vocabulary: Vocabulary, bytes: Int) -> Corpus {
        let remap = table.keys.map { key in key.withUnsafeBufferPointer { vocabulary.id(ofKey: $0) } }
        var statistics = statistics
        statistics.bytes = bytes
        statistics.units = units.count
        statistics.distinctUnits = counts.count { $0 > 0 }
        statistics.unknownUnits = zip(remap, counts).reduce(0) { $0 + ($1.0 == vocabulary.unknownID ? $1.1 : 0) }

        let t = options.sequenceLength
        var ids: [Int32] = []
        if options.window {
            let s = options.windowStride
            var starts = Array(stride(from: 0, through: max(units.count - t, 0), by: s))
            if let last = starts.last, last + t < units.count { starts.append(units.count - t) }
            ids = Array(repeating: vocabulary.padID, count: starts.count * t)
            for (row, start) in starts.enumerated() {
                for k in 0..<min(t, units.count - start) {
                    ids[row * t + k] = remap[Int(units[start + k])]
                }
            }
        } else {
            let n = lineStarts.count - 1
            ids = Array(repeating: vocabulary.padID, count: n * t)
            for row in 0..<n {
                let start = lineStarts[row]
                for k in 0..<min(t, lineStarts[row + 1] - start) {
                    ids[row * t + k] = remap[Int(units[start + k])]
                }
            }
        }
        statistics.examples = ids.count / t
        return Corpus(vocabulary: vocabulary, sequenceLength: t, ids: ids, statistics: statistics)
    }

    /// The 1-based line holding byte `offset`.
    private func lineNumber(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        1 + bytes[..<offset].count { $0 == 0x0A }
    }
}
