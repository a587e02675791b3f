/// How one process's threads share a training iteration.
///
/// With ``Split-swift.enum/batch`` (the default) the threads are a ``ThreadTeam``: each
/// member computes a slice of every global batch on its own replica, with single-threaded
/// matrix products, as MPI ranks do. With ``Split-swift.enum/gemm`` one trainer computes the
/// whole batch and OpenBLAS spreads each matrix product over the threads; everything else
/// runs on one thread. docs/performance.md has the measurements that chose the default.
public struct ThreadPlan: Equatable, Sendable, CustomStringConvertible {
    public enum Split: String, CaseIterable, Codable, Sendable {
        case batch, gemm
    }

    /// Threads of the ``ThreadTeam`` (1: no team).
    public let teamSize: Int
    /// OpenBLAS threads in each matrix product.
    public let gemmThreads: Int
    /// Whether memory, not the cores or the batch, set the team's size.
    public let limitedByMemory: Bool

    /// The plan for `threads` cores, for a global batch of `batchSize` shared by `ranks`
    /// processes: a team as large as the cores that splits each process's `B/ranks` rows
    /// evenly (the largest divisor of them not above `threads`) and keeps at most
    /// `maxTeamSize` copies of the model (``MemoryEstimate/maxReplicas(availableBytes:)``),
    /// and the cores left over, if any, to the matrix products (`threads / teamSize` each).
    public init(threads: Int, split: Split, batchSize: Int, ranks: Int = 1, maxTeamSize: Int = .max) {
        precondition(threads >= 1 && ranks >= 1 && batchSize % ranks == 0 && maxTeamSize >= 1,
                     "ThreadPlan: \(threads) threads, B = \(batchSize), \(ranks) ranks, at most \(maxTeamSize) copies")
        switch split {
        case .gemm:
            teamSize = 1
            limitedByMemory = false
        case .batch:
            let rows = batchSize / ranks
            let team = { (limit: Int) in (1...min(threads, rows, limit)).last { rows % $0 == 0 } ?? 1 }
            teamSize = team(maxTeamSize)
            limitedByMemory = teamSize < team(.max)
        }
        gemmThreads = max(1, threads / teamSize)
    }

    public var threads: Int { teamSize * gemmThreads }

    /// For the header of a run: `2 threads, each on a slice of every batch`.
    public var description: String {
        let memory = limitedByMemory ? " (memory holds no more copies of the model)" : ""
        if teamSize > 1 {
            return "\(teamSize) threads, each on a slice of every batch"
                + (gemmThreads > 1 ? " with \(gemmThreads) threads per matrix product" : "") + memory
        }
        return (gemmThreads > 1 ? "\(gemmThreads) threads in each matrix product" : "1 thread") + memory
    }
}
