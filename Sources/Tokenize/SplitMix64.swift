/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014): a 64-bit state advanced by the golden-ratio increment, outputs mixed by
/// two xor-shift-multiply rounds. Small, fast, and fully determined by its seed, so the
/// shuffles below are the same on every machine and Swift version (unlike
/// `Array.shuffle(using:)`, whose algorithm the standard library may change).
struct SplitMix64: RandomNumberGenerator, Sendable {
    private(set) var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound`, by Lemire's multiply-shift with rejection (no modulo bias).
    ///
    /// - Precondition: `bound > 0`.
    mutating func next(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "SplitMix64.next(below:): bound must be positive, got 0")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A permutation of `0..<count` by Fisher–Yates, drawn from a generator seeded with `seed`.
    ///
    /// - Complexity: O(count).
    static func permutation(count: Int, seed: UInt64) -> [Int] {
        var generator = SplitMix64(seed: seed)
        var indices = Array(0..<count)
        var i = count - 1
        while i > 0 {
            let j = Int(generator.next(below: UInt64(i + 1)))
            indices.swapAt(i, j)
            i -= 1
        }
        return indices
    }
}
