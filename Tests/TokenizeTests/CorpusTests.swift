import Foundation
import Testing
@testable import Tokenize

@Suite struct CorpusTests {
    /// The corpus of `text`'s UTF-8 bytes.
    func corpus(_ text: String, _ options: CorpusOptions = CorpusOptions(sequenceLength: 4), vocabulary: Vocabulary? = nil) throws -> Corpus {
        try Corpus.load(utf8: Array(text.utf8), source: "test.txt", options: options, vocabulary: vocabulary)
    }

    /// Example `i` decoded.
    func line(_ corpus: Corpus, _ i: Int) -> String {
        corpus.vocabulary.decode(corpus.example(i))
    }

    @Test func linesArePaddedAndTruncatedToT() throws {
        let c = try corpus("ab\nabcdef\n\nb\n")
        #expect(c.count == 3 && c.sequenceLength == 4)
        let a = c.vocabulary.id(of: "a"), b = c.vocabulary.id(of: "b"), pad = c.vocabulary.padID
        #expect(Array(c.example(0)) == [a, b, pad, pad])
        #expect(line(c, 1) == "abcd")
        #expect(Array(c.example(2)) == [b, pad, pad, pad])
        let s = c.statistics
        #expect(s.linesRead == 4 && s.linesSkippedEmpty == 1 && s.linesSkipped == 1 && s.linesTruncated == 1)
        #expect(s.examples == 3 && s.units == 9 && s.distinctUnits == 6 && s.bytes == 13)
        #expect(s.coverage == 1)
    }

    @Test func longLinesAreSkippedWhenTruncationIsOff() throws {
        let c = try corpus("ab\nabcdef\nb", CorpusOptions(sequenceLength: 4, truncate: false))
        #expect(c.count == 2)
        #expect(line(c, 1) == "b")
        #expect(c.statistics.linesSkippedTooLong == 1 && c.statistics.linesRead == 3)
        // Units of skipped lines are not counted.
        #expect(c.vocabulary.id(of: "f") == c.vocabulary.unknownID)
    }

    @Test func crlfLineEndsAndALeadingBOMAreRemoved() throws {
        let c = try corpus("\u{FEFF}ab\r\ncd\r\n")
        #expect(c.count == 2)
        #expect(line(c, 0) == "ab" && line(c, 1) == "cd")
        #expect(c.vocabulary.id(of: "\u{FEFF}") == c.vocabulary.unknownID)
        #expect(c.statistics.distinctUnits == 4)
    }

    @Test func coverageCountsUnknownUnits() throws {
        let c = try corpus("aaab\naac", CorpusOptions(sequenceLength: 4, maxVocab: 3))
        // Only "a" fits: b and c are <unk>, 2 of 7 units.
        #expect(c.vocabulary.units == ["<pad>", "<unk>", "a"])
        #expect(c.statistics.unknownUnits == 2)
        #expect(abs(c.statistics.coverage - 5.0 / 7.0) < 1e-12)
        #expect(line(c, 0) == "aaa\u{FFFD}")
    }

    @Test func givenVocabularyIsUsedWithItsOwnOptions() throws {
        let vocabulary = try Vocabulary.build(lines: ["abc"], options: .init(caseFold: true))
        let c = try corpus("CAB\nxa", CorpusOptions(sequenceLength: 3), vocabulary: vocabulary)
        #expect(c.vocabulary == vocabulary)
        #expect(line(c, 0) == "cab")
        #expect(line(c, 1) == "\u{FFFD}a")
    }

    @Test func windowsSlideOverRunningText() throws {
        // Units: a b \n c d e \n  (7), T = 4, stride 2: starts 0, 2, then the tail window at 3.
        let c = try corpus("ab\ncde\n", CorpusOptions(sequenceLength: 4, window: true))
        #expect((0..<c.count).map { line(c, $0) } == ["ab\nc", "\ncde", "cde\n"])
        let short = try corpus("ab", CorpusOptions(sequenceLength: 4, window: true, stride: 1))
        #expect(short.count == 1 && line(short, 0) == "ab\n")
        let exact = try corpus("abc", CorpusOptions(sequenceLength: 2, window: true, stride: 2))
        #expect((0..<exact.count).map { line(exact, $0) } == ["ab", "c\n"])
    }

    @Test func graphemeClustersStayWhole() throws {
        let c = try corpus("🇫🇷e\u{301}한\n", CorpusOptions(sequenceLength: 3))
        #expect(c.example(0).allSatisfy { $0 != c.vocabulary.unknownID && $0 != c.vocabulary.padID })
        #expect(scalars(line(c, 0)) == [0x1F1EB, 0x1F1F7, 0xE9, 0xD55C])
    }

    @Test func batchesAndSplitsAreDeterministic() throws {
        let text = (0..<20).map { "line \($0)" }.joined(separator: "\n")
        let c = try corpus(text, CorpusOptions(sequenceLength: 8))
        #expect(c.batch([3, 1]) == Array(c.example(3)) + Array(c.example(1)))
        let (train, held) = c.split(heldOut: 5, seed: 42)
        let again = c.split(heldOut: 5, seed: 42)
        #expect(train.count == 15 && held.count == 5)
        #expect(train.ids == again.train.ids && held.ids == again.heldOut.ids)
        let trainLines = Set((0..<train.count).map { line(train, $0) })
        let heldLines = Set((0..<held.count).map { line(held, $0) })
        #expect(trainLines.isDisjoint(with: heldLines) && trainLines.union(heldLines).count == 20)
        #expect(c.split(heldOut: 5, seed: 43).heldOut.ids != held.ids)
        #expect(c.split(heldOut: 100, seed: 1).train.count == 1)
    }

    @Test func invalidUTF8PolicyDecides() throws {
        let bytes: [UInt8] = Array("ok\nab".utf8) + [0xFF] + Array("c\nend".utf8)
        let strict = CorpusOptions(sequenceLength: 4)
        let error = thrownError { _ = try Corpus.load(utf8: bytes, source: "bad.txt", options: strict) }
        #expect(error == .invalidUTF8(path: "bad.txt", line: 2, byteOffset: 5, byte: 0xFF))
        if let error { expectHelpful(error, mentions: ["bad.txt", "offset 5", "line 2", "0xFF", "replace", "skip-line"]) }

        var skipping = strict
        skipping.invalidUTF8 = .skipLine
        let skipped = try Corpus.load(utf8: bytes, source: "bad.txt", options: skipping)
        #expect(skipped.count == 2 && skipped.statistics.linesSkippedInvalidUTF8 == 1)

        var replacing = strict
        replacing.invalidUTF8 = .replace
        let replaced = try Corpus.load(utf8: bytes, source: "bad.txt", options: replacing)
        #expect(replaced.count == 3 && replaced.statistics.linesRepaired == 1)
        #expect(line(replaced, 1) == "ab\u{FFFD}c")
    }

    @Test func invalidUTF8OffsetsPointAtTheBadSequence() {
        // A truncated 3-byte sequence, an overlong form, a surrogate, beyond U+10FFFF.
        let cases: [([UInt8], Int)] = [
            (Array("héllo ".utf8) + [0xE2, 0x82], 7),
            ([0x61, 0xC0, 0x80], 1),
            (Array("ab\n".utf8) + [0xED, 0xA0, 0x80], 3),
            ([0xF4, 0x90, 0x80, 0x80], 0),
        ]
        for (bytes, offset) in cases {
            let error = thrownError { _ = try Corpus.load(utf8: bytes, source: "x", options: CorpusOptions()) }
            guard case .invalidUTF8(_, _, let found, let byte) = error else {
                Issue.record("expected invalidUTF8 for \(bytes), got \(String(describing: error))")
                continue
            }
            #expect(found == offset && byte == bytes[offset])
        }
    }

    @Test func nulByteIsRejectedAsBinary() {
        let bytes: [UInt8] = Array("text\nmore".utf8) + [0, 1, 2]
        let error = thrownError { _ = try Corpus.load(utf8: bytes, source: "a.bin", options: CorpusOptions()) }
        #expect(error == .nulByte(path: "a.bin", line: 2, byteOffset: 9))
        if let error { expectHelpful(error, mentions: ["NUL", "offset 9", "line 2", "UTF-16"]) }
        // UTF-16 text is full of NULs.
        let utf16: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x62, 0x00]
        #expect(thrownError { _ = try Corpus.load(utf8: utf16, source: "u16.txt", options: CorpusOptions()) }
            == .nulByte(path: "u16.txt", line: 1, byteOffset: 3))
    }

    @Test func filesWithNoUsableLinesThrow() {
        let empty = thrownError { _ = try corpus("\n\r\n\n") }
        #expect(empty == .noUsableLines(path: "test.txt", linesRead: 3, empty: 3, tooLong: 0, invalidUTF8: 0, sequenceLength: 4))
        if let empty {
            expectHelpful(empty, mentions: ["no usable lines", "3 read", "3 empty"])
            // Only the remedies for what happened: truncation was not what skipped these lines.
            #expect(!empty.description.contains("truncation"), "\(empty)")
        }
        let long = thrownError { _ = try corpus("abcdef\n\n", CorpusOptions(sequenceLength: 4, truncate: false)) }
        #expect(long == .noUsableLines(path: "test.txt", linesRead: 2, empty: 1, tooLong: 1, invalidUTF8: 0, sequenceLength: 4))
        if let long { expectHelpful(long, mentions: ["1 longer than the sequence length 4", "turn truncation on"]) }
        let bomOnly = thrownError { _ = try corpus("\u{FEFF}") }
        #expect(bomOnly == .noUsableLines(path: "test.txt", linesRead: 0, empty: 0, tooLong: 0, invalidUTF8: 0, sequenceLength: 4))
    }

    @Test func badFilesThrow() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let missing = directory.path + "/missing.txt"
        let notFound = thrownError { _ = try Corpus.load(path: missing, options: CorpusOptions()) }
        #expect(notFound == .fileNotFound(path: missing))
        if let notFound { expectHelpful(notFound, mentions: [missing, "check the path"]) }

        let isDirectory = thrownError { _ = try Corpus.load(path: directory.path, options: CorpusOptions()) }
        #expect(isDirectory == .isDirectory(path: directory.path))
        if let isDirectory { expectHelpful(isDirectory, mentions: ["directory"]) }

        let emptyPath = try directory.file("empty.txt", [])
        let empty = thrownError { _ = try Corpus.load(path: emptyPath, options: CorpusOptions()) }
        #expect(empty == .emptyFile(path: emptyPath))
        if let empty { expectHelpful(empty, mentions: ["empty", "0 bytes"]) }

        let goodPath = try directory.file("good.txt", text: "hello\nworld\n")
        #expect(try Corpus.load(path: goodPath, options: CorpusOptions()).count == 2)
    }

    @Test func aCorpusReadsThroughAPipe() throws {
        // `--corpus <(zcat corpus.gz)` names a pipe as /dev/fd/N; Foundation's
        // Data(contentsOf:) calls that a permission error.
        let pipe = Pipe()
        try pipe.fileHandleForWriting.write(contentsOf: Data("hello\nworld\n".utf8))
        try pipe.fileHandleForWriting.close()
        let path = "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)"
        #expect(FileInput.isStream(path))
        let corpus = try Corpus.load(path: path, options: CorpusOptions())
        #expect(corpus.count == 2)
        #expect(!FileInput.isStream(#filePath))
        #expect(!FileInput.isStream(URL(fileURLWithPath: #filePath).deletingLastPathComponent().path))
        #expect(!FileInput.isStream("/nonexistent/corpus.txt"))
    }

    @Test func optionsOutOfRangeThrow() {
        #expect(thrownError { _ = try corpus("a", CorpusOptions(sequenceLength: 0)) } == .invalidSequenceLength(given: 0))
        #expect(thrownError { _ = try corpus("a", CorpusOptions(maxVocab: 1)) } == .maxVocabTooSmall(given: 1, minimum: 3))
        #expect(thrownError { _ = try corpus("a", CorpusOptions(sequenceLength: 4, window: true, stride: 5)) }
            == .invalidStride(given: 5, sequenceLength: 4))
        expectHelpful(.invalidSequenceLength(given: 0), mentions: ["at least 1"])
        expectHelpful(.invalidStride(given: 5, sequenceLength: 4), mentions: ["1...4"])
    }

    /// config.json stores ``CorpusOptions/sequenceLength`` under its first
    /// name, `seqLen`: runs written before the rename still load, and new ones
    /// stay readable by older textgans.
    @Test func sequenceLengthKeepsItsStoredKey() throws {
        let old = #"{"invalidUTF8": "skip-line", "maxVocab": 300, "seqLen": 24, "stride": 6, "truncate": false, "window": true,"#
            + #""tokenizer": {"caseFold": true, "normalization": "nfkc", "stripControls": false, "unit": "scalar"}}"#
        let options = try JSONDecoder().decode(CorpusOptions.self, from: Data(old.utf8))
        #expect(options == CorpusOptions(
            tokenizer: TokenizerOptions(normalization: .nfkc, caseFold: true, stripControls: false, unit: .scalar),
            sequenceLength: 24, maxVocab: 300, window: true, stride: 6, truncate: false, invalidUTF8: .skipLine))
        let written = try JSONSerialization.jsonObject(with: JSONEncoder().encode(options)) as? [String: Any]
        #expect(written?["seqLen"] as? Int == 24 && written?["sequenceLength"] == nil)
        // The corpus options of a run in the repository, as an older textgan wrote them.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try Data(contentsOf: root.appendingPathComponent("bench/results/2026-11-27-gp-replacement/gp-seed1/config.json"))
        let corpus = try #require((try JSONSerialization.jsonObject(with: config) as? [String: Any])?["corpus"])
        let stored = try JSONDecoder().decode(CorpusOptions.self, from: JSONSerialization.data(withJSONObject: corpus))
        #expect(stored == CorpusOptions(sequenceLength: 32, maxVocab: 2048))
    }

    @Test func bundledTinyCorpusLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let c = try Corpus.load(path: root.appendingPathComponent("corpora/tiny.txt").path, options: CorpusOptions())
        #expect(c.count == 100 && c.statistics.linesSkipped == 0 && c.statistics.coverage == 1)
        let again = try Corpus.load(path: root.appendingPathComponent("corpora/tiny.txt").path, options: CorpusOptions())
        #expect(again.vocabulary == c.vocabulary && again.ids == c.ids)
    }
}
