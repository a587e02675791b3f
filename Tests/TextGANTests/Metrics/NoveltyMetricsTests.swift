import Foundation
import Testing
@testable import TextGAN

extension MetricsTests {
    @Suite struct NoveltyTests {
        @Test func matchesAHandComputedCase() {
            // Pad 0. Training rows [1,2,3,4,5,6,0,0] and [7,8,…,14].
            // Samples, trailing pads dropped:
            //   s0 = [1,2,3,4,5,6]       a training row verbatim
            //   s1 = [1,2,3,4,9,9]
            //   s2 = [7,8,9,10,11,12,13] a prefix of a row, not a row
            // 4-grams: s0 3 of 3 seen; s1 (1,2,3,4) seen, (2,3,4,9), (3,4,9,9) not: 1 of 3;
            //          s2 4 of 4 → (3 + 1 + 4) / (3 + 3 + 4) = 0.8
            // 6-grams: s0 1 of 1; s1 0 of 1; s2 2 of 2 → 3 / 4 = 0.75
            // verbatim rows: s0 only → 1/3
            let reference = ReferenceCorpus(rows: [[1, 2, 3, 4, 5, 6, 0, 0], [7, 8, 9, 10, 11, 12, 13, 14]], padID: 0)
            let novelty = Novelty(
                samples: [[1, 2, 3, 4, 5, 6, 0, 0], [1, 2, 3, 4, 9, 9, 0, 0], [7, 8, 9, 10, 11, 12, 13, 0]],
                reference: reference)
            #expect(novelty == Novelty(fourGramsInTraining: 0.8, sixGramsInTraining: 0.75, samplesInTraining: 1.0 / 3))
        }

        @Test func trailingPadsNeverCountAsCopied() {
            // Without dropping pads, [9, 0, 0, 0, 0] would share the 4-gram (0,0,0,0).
            let reference = ReferenceCorpus(rows: [[1, 0, 0, 0, 0]], padID: 0)
            let novelty = Novelty(samples: [[9, 0, 0, 0, 0]], reference: reference)
            #expect(novelty == Novelty(fourGramsInTraining: 0, sixGramsInTraining: 0, samplesInTraining: 0))
        }
    }
}
