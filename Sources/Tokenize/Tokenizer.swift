/// Cuts text into units (grapheme clusters, code points or bytes) after normalising it
/// with utf8proc.
///
/// ```swift
/// let tokenizer = Tokenizer(options: TokenizerOptions())       // NFC, graphemes
/// tokenizer.units(of: "e\u{301}t\u{E9} 🇫🇷")                     // ["é", "t", "é", " ", "🇫🇷"]
/// Tokenizer(options: .init(unit: .byte)).units(of: "é")        // ["<0xC3>", "<0xA9>"]
/// ```
///
/// A `Tokenizer` is a value with no state beyond its options; each call sets up its own
/// buffers. To tokenize many lines fast, use ``Corpus/load(path:options:vocabulary:)``,
/// which reuses them.
public struct Tokenizer: Sendable {
    /// The normalisation, folding, stripping and unit settings.
    public let options: TokenizerOptions

    /// A tokenizer with the given options (NFC, graphemes by default).
    public init(options: TokenizerOptions = TokenizerOptions()) {
        self.options = options
    }

    /// The units of `line`, each as the string of one grapheme cluster, one scalar, or one
    /// byte (ASCII bytes as themselves, bytes from 0x80 up as `<0xHH>`; see ``Vocabulary/decode(_:unknownMarker:)``).
    ///
    /// - Complexity: O(n) in the UTF-8 length of `line`.
    public func units(of line: String) -> [String] {
        var result: [String] = []
        forEachUnitKey(of: line) { result.append(UnitText.string(of: $0, unit: options.unit)) }
        return result
    }

    /// `line` normalised, case folded and stripped as the options say, before segmentation.
    public func normalized(_ line: String) -> String {
        var segmenter = Segmenter(options: options)
        var line = line
        let codes = line.withUTF8 { segmenter.normalizedScalars($0) }
        return UnitText.string(of: codes, unit: .scalar)
    }

    /// Calls `body` with the key of each unit of `line`.
    func forEachUnitKey(of line: String, _ body: (UnsafeBufferPointer<Int32>) -> Void) {
        var segmenter = Segmenter(options: options)
        var line = line
        line.withUTF8 { segmenter.forEachUnit($0, body) }
    }
}
