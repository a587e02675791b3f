#if canImport(Glibc)
import Glibc
#endif

/// Monotonic wall-clock timing for benchmarks and training logs.
public struct Stopwatch: Sendable {
    private let start: UInt64

    public init() { start = Stopwatch.nanoseconds() }

    /// Seconds since this stopwatch was created.
    public var elapsed: Double { Double(Stopwatch.nanoseconds() &- start) / 1e9 }

    static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Runs `body` `warmup` times untimed, then `repetitions` times, and
    /// returns each timed run's seconds.
    public static func measure(warmup: Int = 1, repetitions: Int, _ body: () -> Void) -> [Double] {
        for _ in 0..<warmup { body() }
        return (0..<repetitions).map { _ in
            let watch = Stopwatch()
            body()
            return watch.elapsed
        }
    }
}

/// Summary statistics of repeated timings.
public struct TimingSummary: Codable, Sendable {
    public let median: Double
    public let min: Double
    public let max: Double
    public let count: Int

    public init(_ samples: [Double]) {
        guard let median = samples.median else { preconditionFailure("TimingSummary: no samples") }
        self.median = median
        min = samples.min() ?? median
        max = samples.max() ?? median
        count = samples.count
    }
}

extension Array where Element == Double {
    /// The middle value (the mean of the two middle ones for an even count); nil when empty.
    public var median: Double? {
        guard !isEmpty else { return nil }
        let sorted = self.sorted(), middle = count / 2
        return count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
