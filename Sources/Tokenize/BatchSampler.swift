/// Seeded shuffling of example indices over epochs, `B` at a time.
///
/// Epoch `e` visits the examples in the order of a Fisher–Yates permutation drawn from
/// SplitMix64 seeded with `mix(seed, e)`; ``next()`` takes the next `B` indices, crossing
/// into the next epoch (and its permutation) when one runs out, so every batch is full and
/// every example is seen once per epoch. The whole state (`exampleCount`, `batchSize`,
/// `seed`, `epoch`, `position`) is `Codable`: a resumed training run draws exactly the
/// batches the interrupted one would have drawn.
///
/// ```swift
/// var sampler = BatchSampler(exampleCount: corpus.count, batchSize: 64, seed: 1)
/// let ids = corpus.batch(sampler.next())   // [64, T]
/// ```
public struct BatchSampler: Codable, Equatable, Sendable {
    /// N: the number of examples indexed.
    public let exampleCount: Int
    /// B: indices per batch.
    public let batchSize: Int
    /// The seed all epochs' permutations derive from.
    public let seed: UInt64
    /// The current epoch, from 0.
    public private(set) var epoch: Int
    /// How many indices of the current epoch's permutation have been handed out.
    public private(set) var position: Int
    /// The current epoch's permutation (derived from `seed` and `epoch`, not encoded).
    private var order: [Int]

    private enum CodingKeys: String, CodingKey {
        case exampleCount, batchSize, seed, epoch, position
    }

    /// A sampler at the start of epoch 0.
    ///
    /// - Precondition: `exampleCount > 0` and `batchSize > 0`.
    public init(exampleCount: Int, batchSize: Int, seed: UInt64) {
        precondition(exampleCount > 0, "BatchSampler: exampleCount must be positive, got \(exampleCount)")
        precondition(batchSize > 0, "BatchSampler: batchSize must be positive, got \(batchSize)")
        self.exampleCount = exampleCount
        self.batchSize = batchSize
        self.seed = seed
        self.epoch = 0
        self.position = 0
        self.order = Self.permutation(count: exampleCount, seed: seed, epoch: 0)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        exampleCount = try container.decode(Int.self, forKey: .exampleCount)
        batchSize = try container.decode(Int.self, forKey: .batchSize)
        seed = try container.decode(UInt64.self, forKey: .seed)
        epoch = try container.decode(Int.self, forKey: .epoch)
        position = try container.decode(Int.self, forKey: .position)
        guard exampleCount > 0, batchSize > 0, epoch >= 0, (0...exampleCount).contains(position) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: [],
                debugDescription: "BatchSampler state out of range: exampleCount \(exampleCount), batchSize \(batchSize), "
                    + "epoch \(epoch), position \(position); expected positive counts and 0 ≤ position ≤ exampleCount"))
        }
        order = Self.permutation(count: exampleCount, seed: seed, epoch: epoch)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(exampleCount, forKey: .exampleCount)
        try container.encode(batchSize, forKey: .batchSize)
        try container.encode(seed, forKey: .seed)
        try container.encode(epoch, forKey: .epoch)
        try container.encode(position, forKey: .position)
    }

    /// The next `B` example indices, each in `0..<exampleCount`.
    ///
    /// - Complexity: O(B), plus O(N) at each epoch boundary.
    public mutating func next() -> [Int] {
        var batch: [Int] = []
        batch.reserveCapacity(batchSize)
        while batch.count < batchSize {
            if position == exampleCount {
                epoch += 1
                position = 0
                order = Self.permutation(count: exampleCount, seed: seed, epoch: epoch)
            }
            let take = min(batchSize - batch.count, exampleCount - position)
            batch.append(contentsOf: order[position..<(position + take)])
            position += take
        }
        return batch
    }

    /// Equal when the encoded state agrees (the permutation follows from it).
    public static func == (a: BatchSampler, b: BatchSampler) -> Bool {
        a.exampleCount == b.exampleCount && a.batchSize == b.batchSize && a.seed == b.seed
            && a.epoch == b.epoch && a.position == b.position
    }

    /// Epoch `epoch`'s permutation: seeds are spread by one SplitMix64 step so that
    /// neighbouring seeds and epochs give unrelated orders.
    static func permutation(count: Int, seed: UInt64, epoch: Int) -> [Int] {
        var mixer = SplitMix64(seed: seed)
        let epochSeed = mixer.next() ^ (UInt64(truncatingIfNeeded: epoch) &* 0xD1B5_4A32_D192_ED03)
        return SplitMix64.permutation(count: count, seed: epochSeed)
    }
}
