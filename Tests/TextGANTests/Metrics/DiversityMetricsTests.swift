import Foundation
import Testing
@testable import TextGAN

extension MetricsTests {
    @Suite struct DiversityTests {
        @Test func matchesHandComputedSelfBLEU() {
            // Pad 0; ε = 0.1; p_n = clipped matches / n-grams; BLEU = BP·(p1·p2·p3·p4)^(1/4).
            // s0 = [1,2,3,4] vs {s1, s2}: all its n-grams are in s2; r = 4 (s1) → 1.
            // s1 = [1,2,3,5] vs {s0, s2}: p1 = 4/4, p2 = 2/3 ((3,5) unseen),
            //      p3 = 1/2, p4 = 0 → ε/1; r = 4 → (1·2/3·1/2·0.1)^(1/4) = (1/30)^(1/4).
            // s2 = [1,2,3,4,5,6] vs {s0, s1}: p1 = 5/6, p2 = 3/5, p3 = 2/4, p4 = 1/3;
            //      c = 6 > r = 4 → BP = 1 → (1/12)^(1/4).
            // (NLTK 3.10 sentence_bleu with SmoothingFunction().method1 gives the same.)
            let scores = selfBLEUScores([[1, 2, 3, 4, 0, 0], [1, 2, 3, 5, 0, 0], [1, 2, 3, 4, 5, 6]], padID: 0)
            let expected = [1, pow(1.0 / 30, 0.25), pow(1.0 / 12, 0.25)]
            #expect(zip(scores, expected).allSatisfy { abs($0 - $1) < 1e-12 }, "\(scores)")
        }

        @Test func appliesTheBrevityPenalty() {
            // s0 = [1,2,3,4]: every n-gram in s1, but c = 4 < r = 6 → exp(1 − 6/4) = exp(−0.5).
            // s1 = [1,…,6]: p = 4/6, 3/5, 2/4, 1/3, c > r → (1/15)^(1/4).
            let scores = selfBLEUScores([[1, 2, 3, 4], [1, 2, 3, 4, 5, 6]], padID: nil)
            #expect(abs(scores[0] - exp(-0.5)) < 1e-12)
            #expect(abs(scores[1] - pow(1.0 / 15, 0.25)) < 1e-12)
        }

        @Test func leavesTheHypothesisOutOfItsReferences() {
            // With itself as a reference every sample would score 1.
            #expect(selfBLEUScores([[1, 2, 3, 4], [5, 6, 7, 8]], padID: nil) == [0, 0])
            // Three copies and one other row: the copies still match each other.
            let scores = selfBLEUScores([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4], [5, 6, 7, 8]], padID: nil)
            #expect(scores == [1, 1, 1, 0])
        }

        @Test func identicalSamplesScoreOne() {
            let row: [Int32] = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 0, 0]
            #expect(selfBLEU(Array(repeating: row, count: 640), padID: 0) == 1)
            #expect(distinctCount(Array(repeating: row, count: 640), padID: 0) == 1)
        }

        @Test func distinctRandomSamplesScoreLow() {
            var rng = SeededGenerator(seed: 42)
            let rows = (0..<640).map { _ in (0..<32).map { _ in Int32.random(in: 0..<64, using: &rng) } }
            #expect(distinctCount(rows, padID: nil) == 640)
            let score = selfBLEU(rows, padID: nil)
            #expect(score < 0.2, "Self-BLEU-4 of random rows: \(score)")
        }

        @Test func countsDistinctSamplesWithoutTrailingPads() {
            #expect(distinctCount([[1, 2, 0], [1, 2], [1, 2, 0, 0], [0, 1, 2]], padID: 0) == 2)
            #expect(distinctCount([[1, 2, 0], [1, 2]], padID: nil) == 2)
        }
    }
}
