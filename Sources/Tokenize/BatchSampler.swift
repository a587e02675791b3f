/// Seeded example indices, `B` at a time: shuffled epochs (the default) or draws with replacement.
///
/// Shuffled epochs: epoch `e` visits the examples in the order of a Fisher–Yates
/// permutation drawn from SplitMix64 seeded with `mix(seed, e)`; ``next()`` takes the next
/// `B` indices, crossing into the next epoch (and its permutation) when one runs out, so
/// every batch is full and every example is seen once per epoch.
///
/// With replacement (`withReplacement`): batch `e` is `B` independent uniform indices in
/// `0..<N` drawn from SplitMix64 seeded with `mix(seed, e)` (an example may appear twice in
/// one batch, or not for a long while), as `torch.randint` batches are; `epoch` then counts
/// the batches drawn and `position` stays 0.
///
/// The whole state (`exampleCount`, `batchSize`, `seed`, `withReplacement`, `epoch`,
/// `position`) is `Codable`: a resumed training run draws exactly the batches the
/// interrupted one would have drawn.
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
    /// The seed all epochs' permutations (or batches) derive from.
    public let seed: UInt64
    /// Independent uniform batches instead of shuffled epochs.
    public let withReplacement: Bool
    /// The current epoch, from 0; with replacement, the batches drawn so far.
    public private(set) var epoch: Int
    /// How many indices of the current epoch's permutation have been handed out.
    public private(set) var position: Int
    /// The current epoch's permutation (derived from `seed` and `epoch`, not encoded).
    private var order: [Int]

    private enum CodingKeys: String, CodingKey {
        case exampleCount, batchSize, seed, withReplacement, epoch, position
    }

    /// A sampler at the start of epoch 0.
    ///
    /// - Precondition: `exampleCount > 0` and `batchSize > 0`.
    public init(exampleCount: Int, batchSize: Int, seed: UInt64, withReplacement: Bool = false) {
        precondition(exampleCount > 0, "BatchSampler: exampleCount must be positive, got \(exampleCount)")
        precondition(batchSize > 0, "BatchSampler: batchSize must be positive, got \(batchSize)")
        self.exampleCount = exampleCount
        self.batchSize = batchSize
        self.seed = seed
        self.withReplacement = withReplacement
        self.epoch = 0
        self.position = 0
        self.order = withReplacement ? [] : Self.permutation(count: exampleCount, seed: seed, epoch: 0)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        exampleCount = try container.decode(Int.self, forKey: .exampleCount)
        batchSize = try container.decode(Int.self, forKey: .batchSize)
        seed = try container.decode(UInt64.self, forKey: .seed)
        // Samplers saved before the option existed drew shuffled epochs.
        withReplacement = try container.decodeIfPresent(Bool.self, forKey: .withReplacement) ?? false
        epoch = try container.decode(Int.self, forKey: .epoch)
        position = try container.decode(Int.self, forKey: .position)
        guard exampleCount > 0, batchSize > 0, epoch >= 0, (0...exampleCount).contains(position), !withReplacement || position == 0 else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: [],
                debugDescription: "BatchSampler state out of range: exampleCount \(exampleCount), batchSize \(batchSize), "
                    + "epoch \(epoch), position \(position), withReplacement \(withReplacement); expected positive counts and "
                    + "0 ≤ position ≤ exampleCount (position 0 with replacement)"))
        }
        order = withReplacement ? [] : Self.permutation(count: exampleCount, seed: seed, epoch: epoch)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(exampleCount, forKey: .exampleCount)
        try container.encode(batchSize, forKey: .batchSize)
        try container.encode(seed, forKey: .seed)
        try container.encode(withReplacement, forKey: .withReplacement)
        try container.encode(epoch, forKey: .epoch)
        try container.encode(position, forKey: .position)
    }

    /// The next `B` example indices, each in `0..<exampleCount`.
    ///
    /// - Complexity: O(B), plus O(N) at each epoch boundary of shuffled epochs.
    public mutating func next() -> [Int] {
        if withReplacement {
            defer { epoch += 1 }
            return Self.uniformBatch(count: exampleCount, batchSize: batchSize, seed: seed, batch: epoch)
        }
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
        a.exampleCount == b.exampleCount && a.batchSize == b.batchSize && a.seed == b.seed && a.withReplacement == b.withReplacement
            && a.epoch == b.epoch && a.position == b.position
    }

    /// Epoch `epoch`'s permutation: seeds are spread by one SplitMix64 step so that
    /// neighbouring seeds and epochs give unrelated orders.
    static func permutation(count: Int, seed: UInt64, epoch: Int) -> [Int] {
        SplitMix64.permutation(count: count, seed: mixed(seed, epoch))
    }

    /// Batch `batch` of a sampler with replacement: `batchSize` uniform indices in `0..<count`
    /// (Lemire's bounded draws), from a generator seeded like an epoch's permutation.
    static func uniformBatch(count: Int, batchSize: Int, seed: UInt64, batch: Int) -> [Int] {
        var generator = SplitMix64(seed: mixed(seed, batch))
        return (0..<batchSize).map { _ in Int(generator.next(below: UInt64(count))) }
    }

    /// The seed of epoch (or batch) `index`: `seed` spread by one SplitMix64 step, then
    /// `index` mixed in by an odd multiplier.
    private static func mixed(_ seed: UInt64, _ index: Int) -> UInt64 {
        var mixer = SplitMix64(seed: seed)
        return mixer.next() ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03)
    }
}
