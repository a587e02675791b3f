/// What one token stands for.
public enum TokenUnit: String, CaseIterable, Codable, Sendable {
    /// An extended grapheme cluster: a character as a reader sees it
    /// ("é" as e + U+0301, a flag, a ZWJ emoji sequence).
    case grapheme
    /// One Unicode scalar value (code point).
    case scalar
    /// One UTF-8 byte, as the original WGAN-GP language experiment.
    case byte
}
