import Foundation
import Testing
@testable import Tokenize

@Suite struct VocabularyTests {
    @Test func ordersByFrequencyThenCodePoints() throws {
        let vocabulary = try Vocabulary.build(lines: ["abba", "cab", "dd"], maxVocab: 10)
        // a, b: 3 each (a < b); d: 2; c: 1.
        #expect(vocabulary.units == ["<pad>", "<unk>", "a", "b", "d", "c"])
        #expect(vocabulary.counts == [0, 0, 3, 3, 2, 1])
        #expect(vocabulary.padID == 0 && vocabulary.unknownID == 1)
    }

    @Test func keepsTheMostFrequentUnits() throws {
        let vocabulary = try Vocabulary.build(lines: ["abba", "cab", "dd"], maxVocab: 4)
        #expect(vocabulary.count == 4)
        #expect(vocabulary.units == ["<pad>", "<unk>", "a", "b"])
        #expect(vocabulary.encode("cab") == [1, 2, 3])
        #expect(vocabulary.id(of: "d") == vocabulary.unknownID)
    }

    @Test func buildsAreDeterministicAndIndependentOfLineOrder() throws {
        let lines = ["床前明月光", "疑是地上霜", "举头望明月", "低头思故乡", "e\u{301}🇫🇷👍🏽"]
        let first = try Vocabulary.build(lines: lines, maxVocab: 12)
        let second = try Vocabulary.build(lines: lines, maxVocab: 12)
        let reversed = try Vocabulary.build(lines: lines.reversed(), maxVocab: 12)
        #expect(first == second)
        #expect(first == reversed)
        #expect(try first.jsonData() == reversed.jsonData())
    }

    @Test func unitsAreComparedByCodePointsNotCanonicalEquivalence() throws {
        // Without normalisation, é and e + U+0301 are different units.
        let vocabulary = try Vocabulary.build(lines: ["\u{E9}", "e\u{301}"], options: .init(normalization: .none))
        #expect(vocabulary.count == 4)
        // Equal counts: ordered by code points, [0x65, 0x301] before [0xE9].
        #expect(vocabulary.encode("\u{E9}e\u{301}") == [3, 2])
        #expect(scalars(vocabulary.decode([2, 3])) == [0x65, 0x301, 0xE9])
    }

    @Test(arguments: TokenUnit.allCases)
    func roundTrips(unit: TokenUnit) throws {
        let samples = [
            "", "a", "e\u{301}", "한국어", "\u{1112}\u{1161}\u{11AB}", "床前明月光，疑是地上霜。",
            "👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈", "🇫🇷🇩🇪", "tab\tand CR\r", "Ωmega ﬁ",
        ]
        let options = TokenizerOptions(unit: unit)
        let vocabulary = try Vocabulary.build(lines: samples, options: options)
        let tokenizer = Tokenizer(options: options)
        for sample in samples {
            let ids = vocabulary.encode(sample)
            #expect(!ids.contains(vocabulary.unknownID), "\(sample.debugDescription) has unknown units")
            #expect(scalars(vocabulary.decode(ids)) == scalars(tokenizer.normalized(sample)), "\(sample.debugDescription)")
            #expect(ids.map { vocabulary.units[Int($0)] } == tokenizer.units(of: sample))
        }
    }

    @Test func decodeDropsPadsAndMarksUnknowns() throws {
        let vocabulary = try Vocabulary.build(lines: ["ab"])
        let a = vocabulary.id(of: "a"), b = vocabulary.id(of: "b")
        #expect(vocabulary.decode([a, vocabulary.unknownID, b, vocabulary.padID, vocabulary.padID]) == "a\u{FFFD}b")
        #expect(vocabulary.decode([a, vocabulary.unknownID, 99, -3], unknownMarker: "?") == "a???")
        #expect(vocabulary.decode([]) == "")
        #expect(vocabulary.id(of: "<pad>") == vocabulary.padID)
        #expect(vocabulary.id(of: "<unk>") == vocabulary.unknownID)
        #expect(vocabulary.id(of: "ab") == vocabulary.unknownID)
    }

    @Test func byteDecodingRejoinsBytesAroundUnknowns() throws {
        let vocabulary = try Vocabulary.build(lines: ["é"], options: .init(unit: .byte))
        let ids = vocabulary.encode("é")
        #expect(vocabulary.decode(ids) == "é")
        #expect(vocabulary.decode([ids[0], vocabulary.unknownID, ids[1]]) == "\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(vocabulary.id(of: "<0xC3>") == ids[0])
    }

    @Test(arguments: TokenUnit.allCases)
    func jsonRoundTrip(unit: TokenUnit) throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let options = TokenizerOptions(normalization: .nfkc, caseFold: true, stripControls: true, unit: unit)
        let vocabulary = try Vocabulary.build(lines: ["Hello, wörld! 👍🏽\u{7}", "\"quoted\" \\ <0xC3>"], options: options)
        let path = directory.path + "/vocab.json"
        try vocabulary.write(to: path)
        let loaded = try Vocabulary.load(from: path)
        #expect(loaded == vocabulary)
        #expect(loaded.units == vocabulary.units)
        #expect(loaded.options == options)
        let json = try #require(String(data: try vocabulary.jsonData(), encoding: .utf8))
        #expect(json.contains("\"formatVersion\" : \(Vocabulary.formatVersion)"))
    }

    @Test func maxVocabSmallerThanTheSpecialsThrows() {
        for k in [-1, 0, 1, 2] {
            let error = thrownError { _ = try Vocabulary.build(lines: ["abc"], maxVocab: k) }
            #expect(error == .maxVocabTooSmall(given: k, minimum: 3))
        }
        expectHelpful(.maxVocabTooSmall(given: 1, minimum: 3), mentions: ["1", "at least 3"])
        #expect(throws: Never.self) { try Vocabulary.build(lines: ["abc"], maxVocab: 3) }
    }

    @Test func loadingAMissingOrDirectoryPathThrows() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        #expect(thrownError { _ = try Vocabulary.load(from: directory.path + "/none.json") }
            == .fileNotFound(path: directory.path + "/none.json"))
        #expect(thrownError { _ = try Vocabulary.load(from: directory.path) } == .isDirectory(path: directory.path))
    }

    /// (file contents, a word the reason must contain)
    static let malformed: [(String, String)] = [
        ("", "empty"),
        ("not json", "JSON"),
        ("[1, 2]", "JSON object"),
        ("{}", "formatVersion"),
        (#"{"formatVersion": 1}"#, "options"),
        (#"{"formatVersion": "1"}"#, "JSON object"),
        (#"{"formatVersion": 1, "options": {"normalization": "nfd", "caseFold": false, "stripControls": false, "unit": "grapheme"}, "padID": 0, "unknownID": 1, "units": ["<pad>", "<unk>"], "counts": [0, 0]}"#, "normalization"),
        (#"{"formatVersion": 1, "options": {"normalization": "nfc", "caseFold": false, "stripControls": false, "unit": "grapheme"}, "padID": 0, "unknownID": 1, "units": ["<unk>", "<pad>"], "counts": [0, 0]}"#, "<pad>"),
        (#"{"formatVersion": 1, "options": {"normalization": "nfc", "caseFold": false, "stripControls": false, "unit": "grapheme"}, "padID": 0, "unknownID": 1, "units": ["<pad>", "<unk>", "a"], "counts": [0, 0]}"#, "counts"),
        (#"{"formatVersion": 1, "options": {"normalization": "nfc", "caseFold": false, "stripControls": false, "unit": "grapheme"}, "padID": 0, "unknownID": 1, "units": ["<pad>", "<unk>", "a", "a"], "counts": [0, 0, 1, 1]}"#, "twice"),
        (#"{"formatVersion": 1, "options": {"normalization": "nfc", "caseFold": false, "stripControls": false, "unit": "byte"}, "padID": 0, "unknownID": 1, "units": ["<pad>", "<unk>", "ab"], "counts": [0, 0, 1]}"#, "byte"),
    ]

    @Test(arguments: malformed)
    func malformedVocabularyThrows(contents: String, reasonWord: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = try directory.file("vocab.json", text: contents)
        let error = try #require(thrownError { _ = try Vocabulary.load(from: path) })
        guard case .malformedVocabulary(let errorPath, let reason) = error else {
            Issue.record("expected malformedVocabulary, got \(error)")
            return
        }
        #expect(errorPath == path)
        #expect(reason.contains(reasonWord), "reason: \(reason)")
        expectHelpful(error, mentions: [path, "textgan vocab", "--out"])
    }

    @Test func vocabularyFromAnotherVersionThrows() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let vocabulary = try Vocabulary.build(lines: ["abc"])
        let json = try #require(String(data: try vocabulary.jsonData(), encoding: .utf8))
        let future = json.replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 99")
        let path = try directory.file("vocab.json", text: future)
        let error = try #require(thrownError { _ = try Vocabulary.load(from: path) })
        #expect(error == .unsupportedVocabularyVersion(path: path, found: 99, expected: Vocabulary.formatVersion))
        expectHelpful(error, mentions: ["version 99", "version 1", "rebuild"])
    }

    @Test func writingIntoAMissingDirectoryThrows() throws {
        let vocabulary = try Vocabulary.build(lines: ["abc"])
        let path = "/nonexistent-\(UInt32.max)/vocab.json"
        let error = try #require(thrownError { try vocabulary.write(to: path) })
        guard case .cannotWrite(let errorPath, _) = error else {
            Issue.record("expected cannotWrite, got \(error)")
            return
        }
        #expect(errorPath == path)
        expectHelpful(error, mentions: [path, "no directory", "writable"])
    }
}
