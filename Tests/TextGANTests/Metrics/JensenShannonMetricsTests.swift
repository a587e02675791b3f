import Foundation
import Testing
@testable import TextGAN

extension MetricsTests {
    @Suite struct JensenShannonTests {
        @Test func identicalDistributionsAreZero() {
            // Same distribution from different rows: counts double, p is unchanged.
            let p = NGramCounts(rows: [[1, 2, 3, 1, 2]])
            let q = NGramCounts(rows: [[1, 2, 3, 1, 2], [1, 2, 3, 1, 2]])
            for n in 1...4 { #expect(jensenShannon(p, q, order: n) == 0) }
        }

        @Test func disjointSupportsAreExactlyOneBit() {
            let p = NGramCounts(rows: [[1, 2, 3, 4, 1]])
            let q = NGramCounts(rows: [[5, 6], [7, 8, 9, 9]])
            #expect(jensenShannon(p, q, order: 1) == 1)
            #expect(jensenShannon(p, q, order: 2) == 1)
        }

        @Test func matchesAHandComputedCase() {
            // p from [1, 1, 2]: p(1) = 2/3, p(2) = 1/3.  q from [1, 2]: q(1) = q(2) = 1/2.
            // m(1) = 7/12, m(2) = 5/12, so
            // JS = ½[2/3·ln(8/7) + 1/3·ln(4/5) + 1/2·ln(6/7) + 1/2·ln(6/5)] / ln 2
            //    = 0.020720839623908 bits.
            let p = NGramCounts(rows: [[1, 1, 2]], orders: 1...1)
            let q = NGramCounts(rows: [[1, 2]], orders: 1...1)
            let expected = 0.5 * (2.0 / 3 * log(8.0 / 7) + 1.0 / 3 * log(4.0 / 5)
                                  + 0.5 * log(6.0 / 7) + 0.5 * log(6.0 / 5)) / log(2.0)
            #expect(abs(expected - 0.020720839623908) < 1e-15)
            #expect(abs(jensenShannon(p, q, order: 1) - expected) < 1e-15)
            #expect(abs(jensenShannon(q, p, order: 1) - expected) < 1e-15)
        }

        @Test func isSymmetricWhicheverSupportIsSmaller() {
            var rng = SeededGenerator(seed: 7)
            let rows = (0..<50).map { _ in (0..<12).map { _ in Int32.random(in: 0..<6, using: &rng) } }
            let p = NGramCounts(rows: Array(rows.prefix(5))), q = NGramCounts(rows: rows)
            for n in 1...4 {
                #expect(abs(jensenShannon(p, q, order: n) - jensenShannon(q, p, order: n)) < 1e-12)
            }
        }

        @Test func agreesWithTheReferenceFixture() throws {
            let fixture = try JSFixture()
            #expect(fixture.corpus.count == 3000 && fixture.samples.count == 640)
            let corpus = NGramCounts(rows: fixture.corpus)
            let all = jensenShannon(NGramCounts(rows: fixture.samples), corpus, orders: 1...4)
            let heldOut = jensenShannon(NGramCounts(rows: Array(fixture.samples.prefix(320))), corpus, orders: 1...4)
            for n in 1...4 {
                let expectedAll = try #require(fixture.expected["js\(n)"])
                let expectedHeldOut = try #require(fixture.expected["js\(n)_heldout_only"])
                #expect(abs(all[n - 1] - expectedAll) < 1e-9, "JS-\(n): \(all[n - 1]) vs \(expectedAll)")
                #expect(abs(heldOut[n - 1] - expectedHeldOut) < 1e-9,
                        "JS-\(n) held-out: \(heldOut[n - 1]) vs \(expectedHeldOut)")
            }
        }
    }
}
