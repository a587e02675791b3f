/// What loading a corpus found: the counts `textgan vocab` prints.
public struct CorpusStatistics: Codable, Equatable, Sendable {
    /// Lines in the file (a final line without a newline counts; the empty remainder after a final newline does not).
    public var linesRead: Int
    /// Lines with no units after normalisation (line mode only; window mode keeps them as `"\n"`).
    public var linesSkippedEmpty: Int
    /// Lines longer than the sequence length while truncation is off.
    public var linesSkippedTooLong: Int
    /// Lines dropped because they were not valid UTF-8 (policy `skip-line`).
    public var linesSkippedInvalidUTF8: Int
    /// Lines in which invalid UTF-8 was replaced by U+FFFD (policy `replace`).
    public var linesRepaired: Int
    /// Lines cut to the sequence length.
    public var linesTruncated: Int
    /// N: examples produced.
    public var examples: Int
    /// Units in the kept text, before truncation (window mode: including one `"\n"` per line).
    public var units: Int
    /// Of ``units``, those not in the vocabulary (encoded as `<unk>`).
    public var unknownUnits: Int
    /// Distinct units in the kept text.
    public var distinctUnits: Int
    /// Bytes in the file.
    public var bytes: Int
    /// Wall-clock seconds from the file's bytes to the `[N, T]` ids (reading the file excluded).
    public var seconds: Double

    /// All lines dropped: ``linesSkippedEmpty`` + ``linesSkippedTooLong`` + ``linesSkippedInvalidUTF8``.
    public var linesSkipped: Int { linesSkippedEmpty + linesSkippedTooLong + linesSkippedInvalidUTF8 }

    /// The fraction of ``units`` that are in the vocabulary: `1 − unknownUnits / units` (1 for no units).
    public var coverage: Double { units == 0 ? 1 : 1 - Double(unknownUnits) / Double(units) }

    /// Tokenizing speed, `bytes / 10⁶ / seconds`.
    public var megabytesPerSecond: Double { Double(bytes) / 1e6 / max(seconds, 1e-9) }
}
