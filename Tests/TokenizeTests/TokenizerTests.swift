import Testing
@testable import Tokenize

@Suite struct TokenizerTests {
    let graphemes = Tokenizer()
    let raw = Tokenizer(options: TokenizerOptions(normalization: .none))

    /// Units of `text` as code point arrays.
    func unitScalars(_ tokenizer: Tokenizer, _ text: String) -> [[UInt32]] {
        tokenizer.units(of: text).map(scalars)
    }

    @Test func emptyStringHasNoUnits() {
        #expect(graphemes.units(of: "").isEmpty)
        #expect(Tokenizer(options: .init(unit: .byte)).units(of: "").isEmpty)
        #expect(Tokenizer(options: .init(unit: .scalar)).units(of: "").isEmpty)
    }

    @Test func oneCharacterIsOneUnit() {
        #expect(graphemes.units(of: "a") == ["a"])
        #expect(graphemes.units(of: "ß") == ["ß"])
    }

    @Test func combiningMarksJoinTheirBase() {
        // NFC composes e + U+0301 into U+00E9; without normalisation the cluster keeps both scalars.
        #expect(unitScalars(graphemes, "e\u{301}t\u{E9}") == [[0xE9], [0x74], [0xE9]])
        #expect(unitScalars(raw, "e\u{301}t\u{E9}") == [[0x65, 0x301], [0x74], [0xE9]])
        // No precomposed form: q + U+0307 + U+0323 stays one cluster, marks in canonical order.
        #expect(unitScalars(graphemes, "q\u{307}\u{323}") == [[0x71, 0x323, 0x307]])
    }

    @Test func hangulSyllablesAreOneUnitEach() {
        #expect(graphemes.units(of: "한국어") == ["한", "국", "어"])
        // Conjoining jamo ᄒ ᅡ ᆫ: NFC composes them into 한 (U+D55C); raw they are one L V T cluster.
        #expect(unitScalars(graphemes, "\u{1112}\u{1161}\u{11AB}") == [[0xD55C]])
        #expect(unitScalars(raw, "\u{1112}\u{1161}\u{11AB}\u{1100}") == [[0x1112, 0x1161, 0x11AB], [0x1100]])
    }

    @Test func cjkCharactersAreOneUnitEach() {
        #expect(graphemes.units(of: "床前明月光，") == ["床", "前", "明", "月", "光", "，"])
    }

    @Test func emojiSequencesAreOneUnit() {
        let thumbsUpMedium = "\u{1F44D}\u{1F3FD}"
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}"
        let rainbowFlag = "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}"
        let units = graphemes.units(of: thumbsUpMedium + family + rainbowFlag + "!")
        #expect(units.map(scalars) == [scalars(thumbsUpMedium), scalars(family), scalars(rainbowFlag), [0x21]])
    }

    @Test func flagsPairRegionalIndicators() {
        // 🇫🇷🇩🇪🇯: pairs from the left, a lone indicator at the end.
        let units = unitScalars(graphemes, "\u{1F1EB}\u{1F1F7}\u{1F1E9}\u{1F1EA}\u{1F1EF}")
        #expect(units == [[0x1F1EB, 0x1F1F7], [0x1F1E9, 0x1F1EA], [0x1F1EF]])
    }

    @Test func crlfIsOneGrapheme() {
        #expect(unitScalars(graphemes, "a\r\nb") == [[0x61], [0x0D, 0x0A], [0x62]])
    }

    @Test func nfkcFoldsCompatibilityCharacters() {
        let nfkc = Tokenizer(options: .init(normalization: .nfkc))
        #expect(nfkc.units(of: "ﬁＡ①") == ["f", "i", "A", "1"])
        #expect(graphemes.units(of: "ﬁＡ①") == ["ﬁ", "Ａ", "①"])
    }

    @Test func caseFoldingFoldsAsciiAndBeyond() {
        let folding = Tokenizer(options: .init(caseFold: true))
        #expect(folding.normalized("HeLLo") == "hello")
        #expect(scalars(folding.normalized("Straße ΣΑΣ É")) == scalars("strasse σασ é"))
    }

    @Test func strippingControlsKeepsTab() {
        let stripping = Tokenizer(options: .init(stripControls: true))
        #expect(stripping.normalized("a\u{0}b\tc\u{7F}d\u{85}e\u{1B}") == "ab\tcde")
        #expect(stripping.normalized("é\u{7}") == "é")
        // Controls go before normalisation, so a mark after a stripped control still composes.
        #expect(scalars(stripping.normalized("e\u{7}\u{301}")) == [0xE9])
        #expect(scalars(graphemes.normalized("a\u{7}b")) == [0x61, 0x07, 0x62])
    }

    @Test func scalarUnitsAreCodePoints() {
        let scalarTokenizer = Tokenizer(options: .init(normalization: .none, unit: .scalar))
        #expect(scalarTokenizer.units(of: "e\u{301}🇫🇷") == ["e", "\u{301}", "\u{1F1EB}", "\u{1F1F7}"])
    }

    @Test func byteUnitsSpellHighBytesInHex() {
        let bytes = Tokenizer(options: .init(unit: .byte))
        #expect(bytes.units(of: "aé") == ["a", "<0xC3>", "<0xA9>"])
        // NFC first: e + U+0301 becomes the two bytes of U+00E9.
        #expect(bytes.units(of: "e\u{301}") == ["<0xC3>", "<0xA9>"])
        let rawBytes = Tokenizer(options: .init(normalization: .none, unit: .byte))
        #expect(rawBytes.units(of: "e\u{301}") == ["e", "<0xCC>", "<0x81>"])
    }

    /// The pure-ASCII shortcut must agree with utf8proc on every ASCII character.
    @Test(arguments: [false, true])
    func asciiShortcutAgreesWithUtf8proc(caseFold: Bool) {
        let ascii = String(decoding: (1...0x7F).map { UInt8($0) }, as: UTF8.self)
        for normalization in Normalization.allCases {
            let tokenizer = Tokenizer(options: .init(normalization: normalization, caseFold: caseFold))
            // A non-ASCII character sends the whole line through utf8proc.
            let slow = Array(tokenizer.units(of: ascii + "é").dropLast())
            #expect(tokenizer.units(of: ascii) == slow)
        }
    }
}
