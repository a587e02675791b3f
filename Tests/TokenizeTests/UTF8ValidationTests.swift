import Testing
@testable import Tokenize

@Suite struct UTF8ValidationTests {
    func firstInvalid(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8Offset($0) }
    }

    @Test func wellFormedTextPasses() {
        #expect(firstInvalid([]) == nil)
        #expect(firstInvalid(Array("aé한👍🏽\u{10FFFF}\u{FEFF}".utf8)) == nil)
    }

    /// (bytes, offset of the first bad sequence)
    static let illFormed: [([UInt8], Int)] = [
        ([0x80], 0),                      // lone continuation
        ([0x61, 0xC1, 0xBF], 1),          // overlong two-byte
        ([0xE0, 0x9F, 0xBF], 0),          // overlong three-byte
        ([0xF0, 0x8F, 0xBF, 0xBF], 0),    // overlong four-byte
        ([0xED, 0xA0, 0x80], 0),          // surrogate U+D800
        ([0xF4, 0x90, 0x80, 0x80], 0),    // U+110000
        ([0xF5, 0x80, 0x80, 0x80], 0),    // invalid lead
        ([0x61, 0x62, 0xE2, 0x82], 2),    // truncated at the end
        ([0xE2, 0x28, 0xA1], 0),          // bad second byte
        ([0xF0, 0x9F, 0x91, 0x41], 0),    // bad fourth byte
        ([0xFF, 0xFE], 0),                // UTF-16 byte-order mark
    ]

    @Test(arguments: illFormed)
    func illFormedSequencesAreFound(bytes: [UInt8], offset: Int) {
        #expect(firstInvalid(bytes) == offset)
        // Swift's own decoder agrees that the bytes are not UTF-8.
        #expect(String(validating: bytes, as: UTF8.self) == nil)
    }

    @Test func repairReplacesMaximalSubparts() {
        let repaired = [0x61, 0xE2, 0x82, 0x62, 0xFF].withUnsafeBufferPointer { repairingUTF8($0) }
        #expect(String(decoding: repaired, as: UTF8.self) == "a\u{FFFD}b\u{FFFD}")
    }
}
