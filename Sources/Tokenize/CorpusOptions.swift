/// How a corpus file becomes `[N, T]` examples.
///
/// Two modes:
/// - **lines** (default): one example per line; lines longer than ``seqLen`` units are cut
///   to ``seqLen`` (``truncate``) or skipped; shorter ones are padded with `<pad>`.
/// - **windows** (``window``): the file is one stream of units, each line followed by a
///   `"\n"` unit, cut into windows of ``seqLen`` units starting every ``windowStride`` units;
///   a last window ending at the stream's end covers the tail; a stream shorter than
///   ``seqLen`` gives one padded example. For running text without short lines (prose, poetry).
public struct CorpusOptions: Codable, Equatable, Sendable {
    /// Normalisation, folding, stripping and unit (ignored when a vocabulary is given: its own options apply).
    public var tokenizer: TokenizerOptions
    /// T: units per example.
    public var seqLen: Int
    /// V at most: the most ids a built vocabulary may have, `<pad>` and `<unk>` included.
    public var maxVocab: Int
    /// Sliding windows over running text instead of one example per line.
    public var window: Bool
    /// Units between the starts of consecutive windows; `nil` means `max(1, seqLen / 2)`.
    public var stride: Int?
    /// Cut long lines to ``seqLen`` units (`true`) or skip them (`false`).
    public var truncate: Bool
    /// What to do with lines that are not valid UTF-8.
    public var invalidUTF8: InvalidUTF8Policy

    /// Options for a corpus of lines of at most 32 units and a vocabulary of at most 2048 ids.
    public init(
        tokenizer: TokenizerOptions = TokenizerOptions(),
        seqLen: Int = 32,
        maxVocab: Int = 2048,
        window: Bool = false,
        stride: Int? = nil,
        truncate: Bool = true,
        invalidUTF8: InvalidUTF8Policy = .error
    ) {
        self.tokenizer = tokenizer
        self.seqLen = seqLen
        self.maxVocab = maxVocab
        self.window = window
        self.stride = stride
        self.truncate = truncate
        self.invalidUTF8 = invalidUTF8
    }

    /// The stride in window mode: ``stride`` or `max(1, seqLen / 2)`.
    public var windowStride: Int { stride ?? max(1, seqLen / 2) }

    /// Checks the numbers: `seqLen ≥ 1`, `maxVocab ≥ 3`, `1 ≤ stride ≤ seqLen`.
    ///
    /// - Throws: ``TokenizeError/invalidSeqLen(given:)``, ``TokenizeError/maxVocabTooSmall(given:minimum:)``
    ///   or ``TokenizeError/invalidStride(given:seqLen:)``.
    public func validate() throws(TokenizeError) {
        guard seqLen >= 1 else { throw .invalidSeqLen(given: seqLen) }
        guard maxVocab >= Vocabulary.minimumMaxVocab else {
            throw .maxVocabTooSmall(given: maxVocab, minimum: Vocabulary.minimumMaxVocab)
        }
        if let stride, !(1...seqLen).contains(stride) {
            throw .invalidStride(given: stride, seqLen: seqLen)
        }
    }
}
