import Foundation
import Testing
@testable import Tokenize

/// The code points of `text`: compares strings exactly, not up to canonical equivalence
/// as `String.==` does.
func scalars(_ text: String) -> [UInt32] {
    text.unicodeScalars.map(\.value)
}

/// The string of the code points written as hexadecimal numbers separated by spaces ("0044 0307").
func string(hexScalars: some StringProtocol) -> String {
    var view = String.UnicodeScalarView()
    for word in hexScalars.split(separator: " ") {
        guard let value = UInt32(word, radix: 16), let scalar = Unicode.Scalar(value) else {
            Issue.record("bad hex scalar \(word)")
            continue
        }
        view.append(scalar)
    }
    return String(view)
}

/// A fresh directory for one test's files, removed by `cleanUp()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("TokenizeTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to `name` in the directory and returns its path.
    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Writes `text` as UTF-8 to `name` in the directory and returns its path.
    func file(_ name: String, text: String) throws -> String {
        try file(name, Array(text.utf8))
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Checks that an error message is one line, names what it should and tells what to do.
func expectHelpful(_ error: TokenizeError, mentions words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let message = error.description
    #expect(!message.contains("\n"), "message spans lines: \(message)", sourceLocation: sourceLocation)
    for word in words {
        #expect(message.contains(word), "message lacks \(word.debugDescription): \(message)", sourceLocation: sourceLocation)
    }
    let advice = ["pass", "convert", "rebuild", "check", "choose", "add", "raise"]
    #expect(advice.contains { message.contains($0) }, "message gives no advice: \(message)", sourceLocation: sourceLocation)
}

/// The `TokenizeError` `body` throws, recording an issue if it throws nothing or something else.
func thrownError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> TokenizeError? {
    do {
        try body()
        Issue.record("expected a TokenizeError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as TokenizeError {
        return error
    } catch {
        Issue.record("expected a TokenizeError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
