/// How a corpus file becomes `[N, T]` examples.
///
/// Two modes:
/// - **lines** (default): one example per line; lines longer than ``sequenceLength`` units are cut
///   to ``sequenceLength`` (``truncate``) or skipped; shorter ones are padded with `<pad>`.
/// - **windows** (``window``): the file is one stream of units, each line followed by a
///   `"\n"` unit, cut into windows of ``sequenceLength`` units starting every ``windowStride`` units;
///   a last window ending at the stream's end covers the tail; a stream shorter than
///   ``sequenceLength`` gives one padded example. For running text without short lines (prose, poetry).
public struct CorpusOptions: Codable, Equatable, Sendable {
    /// Normalisation, folding, stripping and unit (ignored when a vocabulary is given: its own options apply).
    public var tokenizer: TokenizerOptions
    /// T: units per example.
    public var sequenceLength: Int
    /// V at most: the most ids a built vocabulary may have, `<pad>` and `<unk>` included.
    public var maxVocab: Int
    /// The vocabulary cap V of a corpus loaded without one.
    public static let defaultMaxVocab = 2048
    /// Sliding windows over running text instead of one example per line.
    public var window: Bool
    /// Units between the starts of consecutive windows; `nil` means `max(1, sequenceLength / 2)`.
    public var stride: Int?
    /// Cut long lines to ``sequenceLength`` units (`true`) or skip them (`false`).
    public var truncate: Bool
    /// What to do with lines that are not valid UTF-8.
    public var invalidUTF8: InvalidUTF8Policy

    /// The keys of a run's config.json. ``sequenceLength`` keeps the name
    /// `seqLen` it was first written with, so every run written so far loads.
    enum CodingKeys: String, CodingKey {
        case tokenizer, sequenceLength = "seqLen", maxVocab, window, stride, truncate, invalidUTF8
    }

    /// Options for a corpus of lines of at most 32 units and a vocabulary of at most 2048 ids.
    public init(
        tokenizer: TokenizerOptions = TokenizerOptions(),
        sequenceLength: Int = 32,
        maxVocab: Int = CorpusOptions.defaultMaxVocab,
        window: Bool = false,
        stride: Int? = nil,
        truncate: Bool = true,
        invalidUTF8: InvalidUTF8Policy = .error
    ) {
        self.tokenizer = tokenizer
        self.sequenceLength = sequenceLength
        self.maxVocab = maxVocab
        self.window = window
        self.stride = stride
        self.truncate = truncate
        self.invalidUTF8 = invalidUTF8
    }

    /// The stride in window mode: ``stride`` or `max(1, sequenceLength / 2)`.
    public var windowStride: Int { stride ?? max(1, sequenceLength / 2) }

    /// Checks the numbers: `sequenceLength ≥ 1`, `maxVocab ≥ 3`, `1 ≤ stride ≤ sequenceLength`.
    ///
    /// - Throws: ``TokenizeError/invalidSequenceLength(given:)``, ``TokenizeError/maxVocabTooSmall(given:minimum:)``
    ///   or ``TokenizeError/invalidStride(given:sequenceLength:)``.
    public func validate() throws(TokenizeError) {
        guard sequenceLength >= 1 else { throw .invalidSequenceLength(given: sequenceLength) }
        guard maxVocab >= Vocabulary.minimumMaxVocab else {
            throw .maxVocabTooSmall(given: maxVocab, minimum: Vocabulary.minimumMaxVocab)
        }
        if let stride, !(1...sequenceLength).contains(stride) {
            throw .invalidStride(given: stride, sequenceLength: sequenceLength)
        }
    }
}
