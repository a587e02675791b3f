import Foundation
import Testing
@testable import TextGAN

extension MetricsTests {
    @Suite struct SampleQualityTests {
        @Test func bundlesTheMetricsOnTheFixture() throws {
            let fixture = try JSFixture()
            let reference = ReferenceCorpus(rows: fixture.corpus, padID: fixture.padID)
            let quality = SampleQuality(samples: fixture.samples, reference: reference)
            for n in 1...4 {
                let expected = try #require(fixture.expected["js\(n)"])
                #expect(abs(quality.js[n - 1] - expected) < 1e-9)
            }
            #expect(quality.sampleCount == 640)
            #expect(quality.distinctSamples == distinctCount(fixture.samples, padID: fixture.padID))
            #expect(quality.selfBLEU4 == selfBLEU(fixture.samples, padID: fixture.padID))
            #expect(quality.novelty == Novelty(samples: fixture.samples, reference: reference))

            let decoded = try JSONDecoder().decode(SampleQuality.self, from: JSONEncoder().encode(quality))
            #expect(decoded == quality)
        }

        @Test func referenceCorpusRoundTripsThroughJSON() throws {
            let reference = ReferenceCorpus(rows: [[1, 2, 3, 0], [4, 5, 0, 0], [1, 2, 3, 0]], padID: 0)
            #expect(reference.rows == [[1, 2, 3], [4, 5]])
            #expect(reference.rowCount == 3)
            let data = try JSONEncoder().encode(reference)
            #expect(try JSONDecoder().decode(ReferenceCorpus.self, from: data) == reference)
        }
    }
}
