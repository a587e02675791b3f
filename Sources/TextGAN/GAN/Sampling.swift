/// How generator probabilities become characters.
public enum Decoding: String, CaseIterable, Codable, Sendable {
    /// The most probable character at each position (the method's default).
    case argmax
    /// A draw from `p^(1/t) / Σ p^(1/t)` at each position, temperature `t`.
    case sample
}

extension Tensor where Scalar == Float {
    /// Token ids from probability vectors `[N, T, V]` → `[N·T]`, by argmax or
    /// by drawing from the tempered distribution.
    public func decode<G: RandomNumberGenerator>(_ decoding: Decoding, temperature: Float = 1, using rng: inout G) -> [Int32] {
        switch decoding {
        case .argmax:
            return argmaxLastAxis()
        case .sample:
            precondition(temperature > 0, "decode: temperature \(temperature) must be positive")
            let v = shape[rank - 1]
            return withUnsafeBufferPointer { p in
                (0..<(count / v)).map { row in
                    let weights = (0..<v).map { Float.pow(Swift.max(p[row * v + $0], 0), 1 / temperature) }
                    var u = Float.random(in: 0..<1, using: &rng) * weights.reduce(0, +)
                    for (j, w) in weights.enumerated() {
                        u -= w
                        if u < 0 { return Int32(j) }
                    }
                    return Int32(v - 1)
                }
            }
        }
    }
}
