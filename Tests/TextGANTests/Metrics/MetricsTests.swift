import Foundation
import Testing
@testable import TextGAN

/// The suite of every metrics test (`swift test --filter MetricsTests`); each
/// family is a nested suite in its own file.
@Suite struct MetricsTests {}

/// The JS-n reference fixture (`Fixtures/js-ngram/README.md`): 3,000 corpus
/// lines and 640 sample lines of 32 characters, backtick-padded, one token
/// per `Character`, and the reference port's JS-1…4 values.
struct JSFixture {
    let corpus: [[Int32]]
    let samples: [[Int32]]
    let padID: Int32
    let expected: [String: Double]

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()    // Metrics
        .deletingLastPathComponent()    // TextGANTests
        .appendingPathComponent("Fixtures/js-ngram")

    init() throws {
        func lines(_ name: String) throws -> [String] {
            let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
            return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
        // Ids in order of first appearance; the backtick pad is an ordinary character.
        var ids: [Character: Int32] = [:]
        func encode(_ line: String) -> [Int32] {
            line.map { character in
                if let id = ids[character] { return id }
                let id = Int32(ids.count)
                ids[character] = id
                return id
            }
        }
        corpus = try lines("corpus.txt").map(encode)
        samples = try lines("samples.txt").map(encode)
        padID = encode("`")[0]
        expected = try JSONDecoder().decode(
            [String: Double].self,
            from: Data(contentsOf: Self.directory.appendingPathComponent("expected.json")))
    }
}
