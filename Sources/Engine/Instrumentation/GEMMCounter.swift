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
    }

    private let state = Mutex(Totals())

    public init() {}

    /// Everything counted so far.
    public var totals: Totals { state.withLock { $0 } }

    /// Runs one GEMM of `m × k` by `k × n`, timing and counting it.
    @inline(__always)
    static func counting(m: Int, n: Int, k: Int, _ gemm: () -> Void) {
        guard let counter = current else { return gemm() }
        let watch = Stopwatch()
        gemm()
        let seconds = watch.elapsed
        counter.state.withLock {
            $0.calls += 1
            $0.flops += 2 * Double(m) * Double(n) * Double(k)
            $0.seconds += seconds
        }
    }
}
