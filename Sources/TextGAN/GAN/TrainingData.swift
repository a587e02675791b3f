/// Real examples for training: `N` token-id sequences of length `T`, row-major.
public struct TrainingData: Sendable {
    public let ids: [Int32]
    public let count: Int
    public let sequenceLength: Int

    /// - Precondition: `ids.count = count · sequenceLength`.
    public init(ids: [Int32], count: Int, sequenceLength: Int) {
        precondition(ids.count == count * sequenceLength, "TrainingData: \(ids.count) ids for \(count) × \(sequenceLength)")
        self.ids = ids
        self.count = count
        self.sequenceLength = sequenceLength
    }

    /// The ids of the examples at `indices`: `[B, T]` row-major.
    public func batch(_ indices: [Int]) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(indices.count * sequenceLength)
        for i in indices { result += ids[(i * sequenceLength)..<((i + 1) * sequenceLength)] }
        return result
    }
}

/// A seeded source of example indices whose whole state can be saved, so a
/// resumed run draws the same batches (Tokenize's `BatchSampler` is one).
public protocol BatchIndexSampler: Codable, Sendable {
    /// N: indices are drawn from `0..<exampleCount`.
    var exampleCount: Int { get }
    /// B: indices per batch.
    var batchSize: Int { get }
    /// The next `B` example indices.
    mutating func next() -> [Int]
}
