/// A tokenized corpus: `N` examples of `T` token ids each, with the vocabulary that made them.
///
/// ```swift
/// let corpus = try Corpus.load(path: "corpora/english.txt", options: CorpusOptions(sequenceLength: 32))
/// corpus.count                       // N
/// corpus.example(0)                  // [T] ids, pad-filled
/// let (train, heldOut) = corpus.split(heldOut: 1000, seed: 7)
/// ```
public struct Corpus: Sendable {
    /// The vocabulary the ids refer to.
    public let vocabulary: Vocabulary
    /// T: ids per example.
    public let sequenceLength: Int
    /// `[N, T]` row-major ids; rows shorter than T are filled with ``Vocabulary/padID``.
    public let ids: [Int32]
    /// What loading found.
    public let statistics: CorpusStatistics

    /// A corpus over the given `[N, T]` ids.
    ///
    /// - Precondition: `sequenceLength ≥ 1` and `ids.count` is a multiple of `sequenceLength`.
    public init(vocabulary: Vocabulary, sequenceLength: Int, ids: [Int32], statistics: CorpusStatistics) {
        precondition(sequenceLength >= 1 && ids.count % sequenceLength == 0, "Corpus: \(ids.count) ids do not fill rows of length \(sequenceLength)")
        self.vocabulary = vocabulary
        self.sequenceLength = sequenceLength
        self.ids = ids
        self.statistics = statistics
    }

    /// N: the number of examples.
    public var count: Int { ids.count / sequenceLength }

    /// The `[T]` ids of example `i`.
    ///
    /// - Precondition: `0 <= i < count`.
    public func example(_ i: Int) -> ArraySlice<Int32> {
        precondition(i >= 0 && i < count, "Corpus.example: index \(i) out of range 0..<\(count)")
        return ids[(i * sequenceLength)..<((i + 1) * sequenceLength)]
    }

    /// The `[B, T]` row-major ids of the examples at `indices` (B = `indices.count`).
    ///
    /// - Precondition: every index is in `0..<count`.
    public func batch(_ indices: [Int]) -> [Int32] {
        var batch: [Int32] = []
        batch.reserveCapacity(indices.count * sequenceLength)
        for i in indices {
            batch.append(contentsOf: example(i))
        }
        return batch
    }

    /// The corpus split into a training part and `heldOut` examples drawn without replacement
    /// by a SplitMix64 permutation seeded with `seed`; both keep the original order of their
    /// examples. The same corpus, `heldOut` and `seed` always give the same split.
    ///
    /// `heldOut` is clamped to `0...count − 1`, so the training part is never empty.
    /// The parts keep the whole corpus's statistics except ``CorpusStatistics/examples``.
    public func split(heldOut: Int, seed: UInt64) -> (train: Corpus, heldOut: Corpus) {
        let h = min(max(heldOut, 0), count - 1)
        var isHeldOut = [Bool](repeating: false, count: count)
        for i in SplitMix64.permutation(count: count, seed: seed).prefix(h) {
            isHeldOut[i] = true
        }
        let train = (0..<count).filter { !isHeldOut[$0] }
        let held = (0..<count).filter { isHeldOut[$0] }
        return (subset(train), subset(held))
    }

    /// The examples at `indices`, in that order, as a corpus of their own.
    public func subset(_ indices: [Int]) -> Corpus {
        var statistics = statistics
        statistics.examples = indices.count
        return Corpus(vocabulary: vocabulary, sequenceLength: sequenceLength, ids: batch(indices), statistics: statistics)
    }
}
