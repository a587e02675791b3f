/// An n-gram of token ids packed, exactly, into 128 bits: the key of every
/// n-gram table in the metrics.
///
/// Layout: the 128 bits are eight 16-bit slots, slot 0 the most significant
/// bits of `high`, slot 7 the least significant bits of `low`. Slot `k`
/// (`k = 0…6`) holds the `k`-th token id of the n-gram, slot 7 holds `n`,
/// and unused slots are zero:
///
///     high = id₀ << 48 | id₁ << 32 | id₂ << 16 | id₃
///     low  = id₄ << 48 | id₅ << 32 | id₆ << 16 | n
///
/// Two n-grams are equal exactly when their ids and lengths are equal (no
/// hashing is lossy; the hash only picks a bucket), so ids must fit in 16 bits
/// (`0…65535`, enough for vocabularies far beyond 2048) and `n ≤ 7`.
///
///     let g = NGram([3, 1, 4])
///     g.count   // 3
///     g.ids     // [3, 1, 4]
public struct NGram: Hashable, Comparable, Sendable {
    /// Slots 0…3 (ids 0…3).
    public private(set) var high: UInt64
    /// Slots 4…7 (ids 4…6, then `count`).
    public private(set) var low: UInt64

    /// The longest n-gram a key holds.
    public static let maxCount = 7
    /// The largest token id a key holds.
    public static let maxID: Int32 = 0xFFFF

    /// The empty n-gram (`n = 0`), the start for ``appending(_:)``.
    public init() {
        high = 0
        low = 0
    }

    /// Packs `ids` (at most ``maxCount`` of them).
    ///
    /// - Precondition: `ids.count ≤ 7` and every id is in `0…65535`.
    public init<S: Sequence<Int32>>(_ ids: S) {
        self.init()
        for id in ids { self = appending(id) }
    }

    /// The key with these two words (as read back from a file); check
    /// ``count`` before use.
    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The number of ids, `n`.
    public var count: Int { Int(truncatingIfNeeded: low & 0xFFFF) }

    /// The ids, in order: `[id₀, …, id_{n-1}]`.
    public var ids: [Int32] {
        (0..<count).map { slot in
            let word = slot < 4 ? high : low
            let shift = UInt64(48 - 16 * (slot % 4))
            return Int32(truncatingIfNeeded: (word >> shift) & 0xFFFF)
        }
    }

    /// This n-gram followed by `id`: `(g₀, …, g_{n-1}) ↦ (g₀, …, g_{n-1}, id)`.
    ///
    /// - Precondition: `count < 7` and `id` is in `0…65535`.
    /// - Complexity: O(1).
    public func appending(_ id: Int32) -> NGram {
        let n = count
        precondition(n < NGram.maxCount,
                     "NGram.appending: an n-gram holds at most \(NGram.maxCount) ids, already has \(n)")
        precondition(id >= 0 && id <= NGram.maxID,
                     "NGram.appending: token id \(id) is outside 0...\(NGram.maxID)")
        var next = self
        let shift = UInt64(48 - 16 * (n % 4))
        if n < 4 {
            next.high |= UInt64(id) << shift
        } else {
            next.low |= UInt64(id) << shift
        }
        next.low += 1  // the count lives in slot 7; n < 7 so it cannot carry
        return next
    }

    /// Orders by `high`, then `low`: lexicographic in the ids for n-grams of
    /// one length (used to write tables in a fixed order).
    public static func < (a: NGram, b: NGram) -> Bool {
        (a.high, a.low) < (b.high, b.low)
    }

    public func hash(into hasher: inout Hasher) {
        // One 64-bit word through SipHash instead of two: tables hash millions
        // of keys. Mixing is lossless for equality, which compares both words.
        hasher.combine(high &* 0x9E37_79B9_7F4A_7C15 ^ low)
    }
}

extension NGram: CustomStringConvertible {
    public var description: String { "NGram(\(ids))" }
}
