import Testing
@testable import TextGAN

extension MetricsTests {
    @Suite struct CriticInputNormTests {
        @Test func commonTokensAreThoseAtOrAboveTheThreshold() {
            let unigrams = RareTokenTests.unigrams  // 1: 990, 2: 9, 3: 1 of 1000 positions
            #expect(commonTokens(unigrams: unigrams, threshold: 0.01) == [1])
            #expect(commonTokens(unigrams: unigrams, threshold: 0.001) == [1, 2, 3])
            #expect(commonTokens(unigrams: unigrams, threshold: 0) == [1, 2, 3])
        }

        @Test func averagesRowNormsOverRareAndCommonCharacters() {
            // V = 4, C = 2: rows (3, 4), (0, 1), (6, 8), (0, 0); ids 0 and 2 common.
            let w = Tensor<Float>(shape: [1, 4, 2], scalars: [3, 4, 0, 1, 6, 8, 0, 0])
            let norms = CriticInputNorms(inputWeights: w, common: [0, 2])
            #expect(norms.common == 7.5)  // (5 + 10) / 2
            #expect(norms.rare == 0.5)    // (1 + 0) / 2
            #expect(norms.ratio == 0.5 / 7.5)
        }

        @Test func aMissingKindHasNoNormAndNoRatio() {
            let w = Tensor<Float>(shape: [1, 2, 1], scalars: [2, -2])
            let allCommon = CriticInputNorms(inputWeights: w, common: [0, 1])
            #expect(allCommon.rare == nil && allCommon.common == 2 && allCommon.ratio == nil)
            let allRare = CriticInputNorms(inputWeights: w, common: [])
            #expect(allRare.rare == 2 && allRare.common == nil && allRare.ratio == nil)
        }

        @Test func aFreshCriticReadsEveryCharacterAlike() throws {
            // Every row's C entries come from the same uniform law, so at initialisation the mean
            // norms of 32 "rare" and 32 "common" rows of C = 256 agree to within a few percent.
            var rng = SeededGenerator(seed: 3)
            let critic = Critic<Float>(ModelConfiguration(vocabularySize: 64, sequenceLength: 8, channels: 256, blocks: 1), using: &rng)
            let norms = CriticInputNorms(inputWeights: critic.input.weight, common: Set(0..<32))
            let ratio = try #require(norms.ratio)
            #expect(abs(ratio - 1) < 0.05)
        }
    }
}
