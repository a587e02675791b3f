import Testing
@testable import TextGAN

extension MetricsTests {
    @Suite struct RareTokenTests {
        /// 1000 reference positions: token 1 fills 990, token 2 fills 9 (0.9%),
        /// token 3 fills 1 (0.1%, exactly the threshold), token 4 none.
        static let unigrams: NGramCounts = {
            var row = [Int32](repeating: 1, count: 990)
            row += [Int32](repeating: 2, count: 9) + [3]
            return NGramCounts(rows: [row], orders: 1...1)
        }()

        @Test func countsPositionsOnTokensUnderTheThreshold() {
            // At 1%: tokens 2, 3 and the unseen 4 are rare; 1 is not.
            let samples: [[Int32]] = [[1, 1, 2, 1], [3, 4, 1, 1]]
            #expect(rareTokenShare(samples, unigrams: Self.unigrams, threshold: 0.01) == 3.0 / 8)
            // At 0.1%: token 3 sits exactly on the threshold (common); only the unseen 4 is rare.
            #expect(rareTokenShare(samples, unigrams: Self.unigrams, threshold: 0.001) == 1.0 / 8)
            // At 0: nothing the reference holds is rare.
            #expect(rareTokenShare(samples, unigrams: Self.unigrams, threshold: 0) == 1.0 / 8)
        }

        @Test func rowsOfAnyLengthWeighByTheirPositions() {
            let samples: [[Int32]] = [[4], [1, 1, 1, 1, 1, 1, 1]]
            #expect(rareTokenShare(samples, unigrams: Self.unigrams, threshold: 0.01) == 1.0 / 8)
            #expect(rareTokenShare([], unigrams: Self.unigrams) == 0)
            #expect(rareTokenShare([[], []], unigrams: Self.unigrams) == 0)
        }

        @Test func realTextScoresItsOwnShare() throws {
            // The reference's own rows score the reference's share: its rare tokens' counts over all positions.
            let fixture = try JSFixture()
            let reference = ReferenceCorpus(rows: fixture.corpus, padID: fixture.padID)
            let total = Double(reference.ngrams.total(order: 1))
            let expected = Double(reference.ngrams.table(order: 1).values.filter { Double($0) < 0.001 * total }.reduce(0, +)) / total
            #expect(expected > 0)
            #expect(abs(rareTokenShare(fixture.corpus, unigrams: reference.ngrams) - expected) < 1e-12)
        }

        @Test func sampleQualityCarriesTheShare() throws {
            let fixture = try JSFixture()
            let reference = ReferenceCorpus(rows: fixture.corpus, padID: fixture.padID)
            let quality = SampleQuality(samples: fixture.samples, reference: reference)
            #expect(quality.rareShare == rareTokenShare(fixture.samples, unigrams: reference.ngrams))
        }
    }
}
