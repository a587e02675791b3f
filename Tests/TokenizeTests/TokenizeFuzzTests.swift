import Foundation
import Testing
@testable import Tokenize

/// Seeded random inputs for the tokenizer and the vocabulary loader: each
/// either succeeds or throws a `TokenizeError`, never crashes.
@Suite struct TokenizeFuzzTests {
    static let executions = 2000

    @Test func randomBytesNeverCrashTheCorpusLoader() {
        var rng = SplitMix64(seed: 7)
        let pieces: [[UInt8]] = [Array("é".utf8), Array("👨‍👩‍👧".utf8), Array("한".utf8), [0xE0, 0x80], [0xFF], [0x0A], [0x0D, 0x0A],
                                 [0xEF, 0xBB, 0xBF], Array("e\u{301}".utf8), [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], Array("漢字".utf8)]
        var ok = 0, rejected = 0
        for i in 0..<Self.executions {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                if Bool.random(using: &rng) { bytes += pieces.randomElement(using: &rng) ?? [] } else { bytes.append(UInt8.random(in: 1...255, using: &rng)) }
            }
            if i % 50 == 0 { bytes.insert(0, at: Int.random(in: 0...bytes.count, using: &rng)) }
            let policy = InvalidUTF8Policy.allCases[i % InvalidUTF8Policy.allCases.count]
            let unit = TokenUnit.allCases[i % TokenUnit.allCases.count]
            let options = CorpusOptions(tokenizer: TokenizerOptions(normalization: i % 2 == 0 ? .nfc : .nfkc, caseFold: i % 3 == 0, stripControls: i % 5 == 0, unit: unit),
                                        sequenceLength: 1 + i % 17, maxVocab: 3 + i % 50, window: i % 4 == 0, invalidUTF8: policy)
            do {
                let corpus = try Corpus.load(utf8: bytes, source: "fuzz", options: options)
                // Decoding whatever came out must work too.
                for e in 0..<min(corpus.count, 3) { _ = corpus.vocabulary.decode(corpus.example(e)) }
                ok += 1
            } catch {
                rejected += 1
            }
        }
        #expect(ok + rejected == Self.executions)
        #expect(ok > 0 && rejected > 0)
    }

    @Test func mutatedVocabularyFilesNeverCrashTheLoader() throws {
        let corpus = try Corpus.load(utf8: Array("the cat sat\non the mat\n".utf8), source: "v", options: CorpusOptions(tokenizer: TokenizerOptions(), sequenceLength: 8))
        let original = try corpus.vocabulary.jsonData()
        let path = NSTemporaryDirectory() + "textgan-vocab-fuzz-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var rng = SplitMix64(seed: 11)
        var loaded = 0, rejected = 0
        for _ in 0..<Self.executions {
            var bytes = [UInt8](original)
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
                case 1: bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
                case 2: bytes.insert(Array("{}[],:\"0-9e".utf8).randomElement(using: &rng) ?? 0, at: Int.random(in: 0...bytes.count, using: &rng))
                default: if !bytes.isEmpty { bytes.remove(at: Int.random(in: 0..<bytes.count, using: &rng)) }
                }
                if bytes.isEmpty { break }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let v = try Vocabulary.load(from: path)
                _ = v.decode([0, 1, 2, Int32(v.count - 1)])
                loaded += 1
            } catch {
                rejected += 1
            }
        }
        #expect(loaded + rejected == Self.executions)
        #expect(rejected > Self.executions / 2)
    }
}
