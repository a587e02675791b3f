import Foundation
import Testing
@testable import TextGAN

extension MetricsTests {
    @Suite struct NGramTests {
        @Test func packsAndUnpacksIDsAndLength() {
            let ids: [Int32] = [0, 65535, 7, 1, 2048, 3, 9]
            for n in 0...7 {
                let g = NGram(ids.prefix(n))
                #expect(g.count == n)
                #expect(g.ids == Array(ids.prefix(n)))
            }
        }

        @Test func lengthIsPartOfTheKey() {
            // Zero ids fill unused slots, so only the stored length tells these apart.
            #expect(NGram([0]) != NGram([0, 0]))
            #expect(NGram([0, 0]) != NGram([]))
            #expect(NGram([1, 2]) != NGram([2, 1]))
            #expect(NGram([1, 2]) == NGram().appending(1).appending(2))
        }

        @Test func ordersLexicographicallyWithinALength() {
            #expect(NGram([1, 2, 3]) < NGram([1, 3, 0]))
            #expect(NGram([0, 65535]) < NGram([1, 0]))
        }
    }

    @Suite struct NGramCountsTests {
        // Rows [1, 2, 1, 2] and [2, 1]:
        //   1-grams: 1 ×3, 2 ×3                         total 6
        //   2-grams: (1,2) ×2, (2,1) ×2 (one per row)   total 3 + 1 = 4
        //   3-grams: (1,2,1) ×1, (2,1,2) ×1             total 2 + 0 = 2
        // and (2, 2), which would only span the two rows, is absent.
        let counts = NGramCounts(rows: [[1, 2, 1, 2], [2, 1]], orders: 1...3)

        @Test func countsEveryNGramInsideEachRow() {
            #expect(counts.table(order: 1) == [NGram([1]): 3, NGram([2]): 3])
            #expect(counts.table(order: 2) == [NGram([1, 2]): 2, NGram([2, 1]): 2])
            #expect(counts.table(order: 3) == [NGram([1, 2, 1]): 1, NGram([2, 1, 2]): 1])
            #expect([1, 2, 3].map(counts.total(order:)) == [6, 4, 2])
            #expect(counts.count(of: NGram([2, 2])) == 0)
        }

        @Test func flatRowsCountLikeNestedRows() {
            let flat: [Int32] = [1, 2, 1, 2, 2, 1, 3, 3]
            #expect(NGramCounts(tokens: flat, rowLength: 4, orders: 2...4)
                    == NGramCounts(rows: [[1, 2, 1, 2], [2, 1, 3, 3]], orders: 2...4))
            #expect([[Int32]](splitting: flat, rowLength: 4) == [[1, 2, 1, 2], [2, 1, 3, 3]])
        }

        @Test func shortRowsAddNoLongNGrams() {
            let short = NGramCounts(rows: [[5], []], orders: 1...2)
            #expect(short.total(order: 1) == 1)
            #expect(short.total(order: 2) == 0)
            #expect(short.table(order: 2).isEmpty)
        }

        @Test func roundTripsThroughJSONWithStableBytes() throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys  // object keys are otherwise in hash order
            let data = try encoder.encode(counts)
            let decoded = try JSONDecoder().decode(NGramCounts.self, from: data)
            #expect(decoded == counts)
            #expect(try encoder.encode(decoded) == data)
        }

        @Test func rejectsATableWithTheWrongNumberOfIDs() {
            let json = #"{"orders":[2,2],"tables":[{"order":2,"ids":[1,2,3],"counts":[1,1]}]}"#
            #expect(throws: DecodingError.self) {
                try JSONDecoder().decode(NGramCounts.self, from: Data(json.utf8))
            }
        }

        @Test func dropsOnlyTrailingPads() {
            #expect(Array([5, 0, 7, 0, 0] as [Int32]).droppingTrailing(0) == [5, 0, 7])
            #expect(Array([0, 0] as [Int32]).droppingTrailing(0) == [])
            #expect(Array([5, 0] as [Int32]).droppingTrailing(nil) == [5, 0])
        }
    }
}
