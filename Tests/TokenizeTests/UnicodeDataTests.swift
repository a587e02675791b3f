import Testing
@testable import Tokenize

/// A few lines of the Unicode Character Database's conformance tests, copied verbatim
/// (comments dropped): NormalizationTest.txt and auxiliary/GraphemeBreakTest.txt.
@Suite struct UnicodeDataTests {
    /// `c1;c2;c3;c4;c5;` with c2 = NFC(c1), c4 = NFKC(c1) (c3, c5 are the decomposed forms).
    static let normalizationLines = [
        "1E0A;1E0A;0044 0307;1E0A;0044 0307;",
        "1E0C;1E0C;0044 0323;1E0C;0044 0323;",
        "1E0A 0323;1E0C 0307;0044 0323 0307;1E0C 0307;0044 0323 0307;",
        "1E0C 0307;1E0C 0307;0044 0323 0307;1E0C 0307;0044 0323 0307;",
        "0044 0307 0323;1E0C 0307;0044 0323 0307;1E0C 0307;0044 0323 0307;",
        "00C5;00C5;0041 030A;00C5;0041 030A;",
        "212B;00C5;0041 030A;00C5;0041 030A;",
        "2126;03A9;03A9;03A9;03A9;",
        "00A0;00A0;00A0;0020;0020;",
        "2460;2460;2460;0031;0031;",
        "FB01;FB01;FB01;0066 0069;0066 0069;",
        "FF21;FF21;FF21;0041;0041;",
        "1E9B 0323;1E9B 0323;017F 0323 0307;1E69;0073 0323 0307;",
        "AC00;AC00;1100 1161;AC00;1100 1161;",
        "AC01;AC01;1100 1161 11A8;AC01;1100 1161 11A8;",
    ]

    /// `÷` marks a boundary, `×` none, between the hexadecimal code points.
    static let graphemeBreakLines = [
        "÷ 0020 ÷ 0020 ÷",
        "÷ 0020 × 0308 ÷ 0020 ÷",
        "÷ 000D × 000A ÷",
        "÷ 000D ÷ 0308 ÷",
        "÷ 000A ÷ 0308 ÷",
        "÷ 0001 ÷ 0308 ÷",
        "÷ 1100 × 1161 ÷",
        "÷ 1100 × AC00 ÷",
        "÷ AC00 × 11A8 ÷",
        "÷ AC01 × 11A8 ÷",
        "÷ 11A8 ÷ 1100 ÷",
        "÷ 1F1E6 × 1F1E7 ÷ 1F1E8 ÷",
        "÷ 0061 ÷ 1F1E6 × 1F1E7 ÷ 1F1E8 ÷ 0062 ÷",
        "÷ 0061 × 200D ÷ 1F6D1 ÷",
        "÷ 1F6D1 × 200D × 1F6D1 ÷",
        "÷ 261D × 1F3FB ÷ 261D ÷",
        "÷ 0061 × 0903 ÷ 0062 ÷",
        "÷ 0600 × 0020 ÷",
        "÷ 0020 × 200D ÷ 0646 ÷",
        "÷ 0646 × 200D ÷ 0020 ÷",
        "÷ 2701 × 200D × 2701 ÷",
    ]

    @Test(arguments: normalizationLines)
    func normalization(line: String) {
        let columns = line.split(separator: ";").map { string(hexScalars: $0) }
        try? #require(columns.count == 5)
        let nfc = Tokenizer(options: .init(normalization: .nfc))
        let nfkc = Tokenizer(options: .init(normalization: .nfkc))
        for (i, column) in columns.enumerated() {
            let expectedNFC = i < 3 ? columns[1] : columns[3]
            #expect(scalars(nfc.normalized(column)) == scalars(expectedNFC), "NFC of column \(i + 1)")
            #expect(scalars(nfkc.normalized(column)) == scalars(columns[3]), "NFKC of column \(i + 1)")
        }
    }

    @Test(arguments: graphemeBreakLines)
    func graphemeBreaks(line: String) {
        var clusters: [[UInt32]] = []
        var current: [UInt32] = []
        for token in line.split(separator: " ") {
            switch token {
            case "÷":
                if !current.isEmpty { clusters.append(current) }
                current = []
            case "×":
                continue
            default:
                current.append(UInt32(token, radix: 16) ?? 0xFFFD)
            }
        }
        let text = clusters.joined().map { String(Unicode.Scalar($0) ?? "\u{FFFD}") }.joined()
        let tokenizer = Tokenizer(options: .init(normalization: .none))
        #expect(tokenizer.units(of: text).map(scalars) == clusters)
    }
}
