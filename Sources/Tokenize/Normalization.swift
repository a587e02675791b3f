/// The Unicode normalisation form applied to every line before segmentation.
///
/// Normalising first makes canonically equivalent text tokenize identically:
/// "é" typed as U+00E9 and as e + U+0301 become the same unit.
public enum Normalization: String, Codable, CaseIterable, Sendable {
    /// Canonical composition (NFC): canonical equivalents become one spelling; the default.
    case nfc
    /// Compatibility composition (NFKC): also folds compatibility characters
    /// ("ﬁ" → "fi", full-width "Ａ" → "A", "①" → "1").
    case nfkc
    /// No normalisation: units are the code points as written.
    case none
}

/// What to do with a line that is not valid UTF-8.
public enum InvalidUTF8Policy: String, Codable, CaseIterable, Sendable {
    /// Throw ``TokenizeError/invalidUTF8(path:line:byteOffset:byte:)`` naming the byte offset and line; the default.
    case error
    /// Replace each maximal invalid subsequence with U+FFFD and keep the line.
    case replace
    /// Drop the line and count it in ``CorpusStatistics/linesSkippedInvalidUTF8``.
    case skipLine = "skip-line"
}
