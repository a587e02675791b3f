/// How text is cut into units: normalisation, case folding, control stripping and the unit.
///
/// A vocabulary stores the options it was built with, so that text is encoded
/// and decoded exactly as in training.
public struct TokenizerOptions: Codable, Equatable, Hashable, Sendable {
    /// The normalisation form applied before segmentation (NFC by default).
    public var normalization: Normalization
    /// Apply Unicode case folding ("Straße" → "strasse", "ΣΑΣ" → "σασ").
    public var caseFold: Bool
    /// Remove control characters (general category Cc) other than tab (U+0009).
    public var stripControls: Bool
    /// What one token stands for.
    public var unit: TokenUnit

    /// Options with NFC, no case folding, controls kept and grapheme units by default.
    public init(
        normalization: Normalization = .nfc,
        caseFold: Bool = false,
        stripControls: Bool = false,
        unit: TokenUnit = .grapheme
    ) {
        self.normalization = normalization
        self.caseFold = caseFold
        self.stripControls = stripControls
        self.unit = unit
    }
}
