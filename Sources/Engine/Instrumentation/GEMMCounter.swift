import Synchronization

/// Counts the GEMMs run by the current task while it is bound: calls,
/// FLOPs (`2·m·n·k` each) and seconds inside BLAS. Benchmarks use it for the
/// share of time spent in GEMM and to check the analytic FLOP count.
///
/// ```swift
/// let counter = GEMMCounter()
/// GEMMCounter.$current.withValue(counter) { _ = try? trainer.trainIteration() }
/// print(counter.totals.flops)
/// ```
///
/// Bound as a task-local value, so work elsewhere in the process (other
/// tests, other tasks) is never counted; unbound, the cost is one
/// task-local read per GEMM.
public final class GEMMCounter: Sendable {
    /// The counter GEMMs on this task add to, if any.
    @TaskLocal public static var current: GEMMCounter?

    public struct Totals: Sendable, Equatable {
        public var calls = 0
        public var flops = 0.0
        public var seconds = 0.0
        /// How many calls of each shape ran, for replaying them in isolation (``GEMMReplay``).
        public var shapes: [GEMMShape: Int] = [:]
    }

    private let state = Mutex(Totals())

    public init() {}

    /// Everything counted so far.
    public var totals: Totals { state.withLock { $0 } }

    /// Runs one GEMM of `m × k` by `k × n`, timing and counting it.
    @inline(__always)
    static func counting(_ shape: GEMMShape, _ gemm: () -> Void) {
        guard let counter = current else { return gemm() }
        let watch = Stopwatch()
        gemm()
        let seconds = watch.elapsed
        counter.state.withLock {
            $0.calls += 1
            $0.flops += shape.flops
            $0.seconds += seconds
            $0.shapes[shape, default: 0] += 1
        }
    }
}

/// One GEMM's shape: `C[m×n] = op(A)[m×k] · op(B)[k×n] (+ C when accumulating)`.
public struct GEMMShape: Hashable, Sendable, Codable {
    public var m: Int, n: Int, k: Int
    public var transposeA: Bool, transposeB: Bool
    /// Whether it adds to `C` (β ≠ 0) instead of overwriting it.
    public var accumulates: Bool

    public init(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, accumulates: Bool) {
        (self.m, self.n, self.k, self.transposeA, self.transposeB, self.accumulates) = (m, n, k, transposeA, transposeB, accumulates)
    }

    public var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
}
