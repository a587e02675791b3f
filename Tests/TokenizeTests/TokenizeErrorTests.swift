import Testing
@testable import Tokenize

@Suite struct TokenizeErrorTests {
    static let all: [TokenizeError] = [
        .fileNotFound(path: "c.txt"),
        .isDirectory(path: "corpora"),
        .unreadable(path: "c.txt", reason: "permission denied"),
        .emptyFile(path: "c.txt"),
        .noUsableLines(path: "c.txt", linesRead: 3, empty: 1, tooLong: 1, invalidUTF8: 1, sequenceLength: 32),
        .invalidUTF8(path: "c.txt", line: 2, byteOffset: 17, byte: 0xE9),
        .nulByte(path: "c.txt", line: 1, byteOffset: 0),
        .malformedVocabulary(path: "v.json", reason: "missing field 'units'"),
        .unsupportedVocabularyVersion(path: "v.json", found: 2, expected: 1),
        .maxVocabTooSmall(given: 1, minimum: 3),
        .invalidSequenceLength(given: 0),
        .invalidStride(given: 0, sequenceLength: 32),
        .cannotWrite(path: "v.json", reason: "no such directory"),
    ]

    @Test(arguments: all)
    func messagesAreOneHelpfulLine(error: TokenizeError) {
        expectHelpful(error, mentions: [])
        #expect(error.description.count < 300, "too long: \(error.description)")
    }

    @Test func messagesNameTheFacts() {
        expectHelpful(.invalidUTF8(path: "c.txt", line: 2, byteOffset: 17, byte: 0xE9),
                      mentions: ["c.txt", "0xE9", "offset 17", "line 2", "iconv"])
        expectHelpful(.noUsableLines(path: "c.txt", linesRead: 3, empty: 1, tooLong: 1, invalidUTF8: 1, sequenceLength: 32),
                      mentions: ["3 read", "1 empty", "1 longer than the sequence length 32", "1 not valid UTF-8"])
    }
}
