import Foundation
import Testing
@testable import Tokenize

@Suite struct BatchSamplerTests {
    @Test func everyExampleOncePerEpoch() {
        var sampler = BatchSampler(exampleCount: 10, batchSize: 5, seed: 3)
        let epoch0 = sampler.next() + sampler.next()
        #expect(sampler.epoch == 0)
        let epoch1 = sampler.next() + sampler.next()
        #expect(sampler.epoch == 1)
        #expect(epoch0.sorted() == Array(0..<10) && epoch1.sorted() == Array(0..<10))
        #expect(epoch0 != epoch1)
    }

    @Test func batchesCrossEpochBoundaries() {
        var sampler = BatchSampler(exampleCount: 5, batchSize: 3, seed: 9)
        let drawn = (0..<5).flatMap { _ in sampler.next() }   // 15 indices: exactly 3 epochs
        #expect(drawn.count == 15 && sampler.epoch == 2 && sampler.position == 5)
        for e in 0..<3 {
            #expect(drawn[(5 * e)..<(5 * e + 5)].sorted() == Array(0..<5))
        }
        var big = BatchSampler(exampleCount: 2, batchSize: 5, seed: 1)
        #expect(big.next().count == 5)
    }

    @Test func sameSeedSameBatchesOtherSeedOthers() {
        var a = BatchSampler(exampleCount: 100, batchSize: 8, seed: 7)
        var b = BatchSampler(exampleCount: 100, batchSize: 8, seed: 7)
        var c = BatchSampler(exampleCount: 100, batchSize: 8, seed: 8)
        let fromA = (0..<30).map { _ in a.next() }
        #expect(fromA == (0..<30).map { _ in b.next() })
        #expect(fromA != (0..<30).map { _ in c.next() })
    }

    @Test func firstPermutationIsPinned() {
        // Pinned so that a change of generator or shuffle (which would silently change every
        // training run's batches) fails here.
        var sampler = BatchSampler(exampleCount: 8, batchSize: 8, seed: 0)
        let first = sampler.next()
        #expect(first.sorted() == Array(0..<8))
        #expect(first == BatchSampler.permutation(count: 8, seed: 0, epoch: 0))
        #expect(first == Self.pinned)
    }

    static let pinned = [7, 1, 0, 6, 3, 2, 4, 5]

    @Test func resumedSamplerDrawsTheSameBatches() throws {
        var original = BatchSampler(exampleCount: 13, batchSize: 4, seed: 2024)
        for _ in 0..<5 { _ = original.next() }
        let saved = try JSONEncoder().encode(original)
        var resumed = try JSONDecoder().decode(BatchSampler.self, from: saved)
        #expect(resumed == original)
        #expect((0..<10).map { _ in resumed.next() } == (0..<10).map { _ in original.next() })
    }

    @Test func corruptStateIsRejected() {
        let json = #"{"exampleCount": 3, "batchSize": 2, "seed": 1, "epoch": 0, "position": 9}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(BatchSampler.self, from: Data(json.utf8)) }
    }

    @Test func withReplacementDrawsIndependentUniformBatches() {
        var sampler = BatchSampler(exampleCount: 5, batchSize: 400, seed: 4, withReplacement: true)
        let first = sampler.next(), second = sampler.next()
        #expect(sampler.epoch == 2 && sampler.position == 0)
        #expect(first != second)
        // 400 draws from 5: every index appears, each near 80 times, so batches repeat examples.
        var histogram = [Int](repeating: 0, count: 5)
        for i in first { histogram[i] += 1 }
        #expect(histogram.allSatisfy { (50...110).contains($0) }, "\(histogram)")
        #expect(first == BatchSampler.uniformBatch(count: 5, batchSize: 400, seed: 4, batch: 0))
        // The same seed with shuffled epochs gives other batches.
        var epochs = BatchSampler(exampleCount: 5, batchSize: 400, seed: 4)
        #expect(epochs.next() != first)
    }

    @Test func firstBatchWithReplacementIsPinned() {
        var sampler = BatchSampler(exampleCount: 10, batchSize: 8, seed: 0, withReplacement: true)
        #expect(sampler.next() == Self.pinnedWithReplacement)
    }

    static let pinnedWithReplacement = [6, 7, 3, 6, 7, 1, 7, 2]   // 6 and 7 twice: drawn with replacement

    @Test func resumedSamplerWithReplacementDrawsTheSameBatches() throws {
        var original = BatchSampler(exampleCount: 13, batchSize: 4, seed: 2024, withReplacement: true)
        for _ in 0..<5 { _ = original.next() }
        var resumed = try JSONDecoder().decode(BatchSampler.self, from: try JSONEncoder().encode(original))
        #expect(resumed == original && resumed.withReplacement)
        #expect((0..<10).map { _ in resumed.next() } == (0..<10).map { _ in original.next() })
    }

    @Test func stateSavedBeforeTheOptionDrawsShuffledEpochs() throws {
        let json = #"{"exampleCount": 8, "batchSize": 8, "seed": 0, "epoch": 0, "position": 0}"#
        var sampler = try JSONDecoder().decode(BatchSampler.self, from: Data(json.utf8))
        #expect(!sampler.withReplacement)
        #expect(sampler.next() == Self.pinned)
        let inconsistent = #"{"exampleCount": 8, "batchSize": 8, "seed": 0, "withReplacement": true, "epoch": 3, "position": 2}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(BatchSampler.self, from: Data(inconsistent.utf8)) }
    }

    @Test func splitMixMatchesReferenceOutputs() {
        // SplitMix64 seeded with 0 (reference values of the published algorithm).
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func boundedDrawsAreInRangeAndRoughlyUniform() {
        var generator = SplitMix64(seed: 5)
        var histogram = [Int](repeating: 0, count: 6)
        for _ in 0..<6000 { histogram[Int(generator.next(below: 6))] += 1 }
        #expect(histogram.allSatisfy { (850...1150).contains($0) }, "\(histogram)")
    }
}
