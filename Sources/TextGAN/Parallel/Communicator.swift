import Foundation

/// The processes that train one model together, data-parallel: each of `size` ranks
/// computes gradients on its slice of every global batch, and an all-reduce sums them, so
/// every rank applies the same update. The trainer knows only this protocol; the
/// single-process implementation is the default, and ``MPICommunicator`` (built with the
/// package's `MPI` trait) spreads the ranks over processes and machines.
public protocol Communicator: AnyObject {
    /// This process's index, 0 ..< size; rank 0 writes the run directory.
    var rank: Int { get }
    /// The number of processes.
    var size: Int { get }
    /// Replaces every element with its sum over the ranks.
    func allReduceSum(_ buffer: inout [Float])
    /// Replaces every element with its sum over the ranks.
    func allReduceSum(_ buffer: inout [Double])
    /// Replaces every element with its maximum over the ranks.
    func allReduceMax(_ buffer: inout [Double])
    /// Replaces `bytes` on every rank with rank `root`'s (whose length every rank passes).
    func broadcast(_ bytes: inout [UInt8], root: Int)
    /// Waits until every rank has called it.
    func barrier()
    /// Ends every rank of the job at once with `code`, after printing `message` on stderr.
    func abort(_ message: String, code: Int32) -> Never
}

extension Communicator {
    /// Whether this is the rank that writes files and prints progress.
    public var isRoot: Bool { rank == 0 }

    /// The rows of a global batch of `batchSize` examples this rank computes: rank r of N
    /// takes `r·B/N ..< (r+1)·B/N`, so the ranks' slices in order are the batch.
    /// - Precondition: `batchSize` is divisible by `size`.
    public func slice(ofBatch batchSize: Int) -> Range<Int> {
        precondition(batchSize % size == 0, "Communicator: batch \(batchSize) is not divisible by \(size) ranks")
        let local = batchSize / size
        return (rank * local)..<((rank + 1) * local)
    }
}

/// One process and no MPI: every collective is the identity.
public final class SingleProcess: Communicator {
    public init() {}
    public var rank: Int { 0 }
    public var size: Int { 1 }
    public func allReduceSum(_ buffer: inout [Float]) {}
    public func allReduceSum(_ buffer: inout [Double]) {}
    public func allReduceMax(_ buffer: inout [Double]) {}
    public func broadcast(_ bytes: inout [UInt8], root: Int) {}
    public func barrier() {}
    public func abort(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(code)
    }
}

/// How this process was launched and what the build can do about it.
public enum ParallelLaunch {
    /// The ranks `mpirun` started, from the launcher's environment (Open MPI's
    /// `OMPI_COMM_WORLD_SIZE`, or `PMI_SIZE` of MPICH and Slurm); 1 for a plain process.
    /// Read without initialising MPI.
    public static var worldSize: Int {
        let environment = ProcessInfo.processInfo.environment
        return ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE"].lazy.compactMap { environment[$0].flatMap(Int.init) }.first ?? 1
    }

    /// The ranks `mpirun` started on this machine (Open MPI's `OMPI_COMM_WORLD_LOCAL_SIZE`,
    /// MPICH's `MPI_LOCALNRANKS`); 1 for a plain process.
    public static var localSize: Int {
        let environment = ProcessInfo.processInfo.environment
        return ["OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS"].lazy.compactMap { environment[$0].flatMap(Int.init) }.first ?? 1
    }

    /// The cores each process on this machine may use by default: the cores shared
    /// evenly among the ranks here (at least 1).
    public static var coresPerProcess: Int {
        max(1, ProcessInfo.processInfo.activeProcessorCount / max(1, localSize))
    }

    /// This process's share of the machine's memory, divided evenly among the ranks here
    /// (nil when unknown): what its copies of the model may take.
    public static var memoryPerProcess: Int? {
        ProcessMemory.physicalBytes.map { $0 / max(1, localSize) }
    }

    /// Whether this build can talk MPI (the package's `MPI` trait, on by default).
    public static var isBuiltWithMPI: Bool {
        #if MPI
        return true
        #else
        return false
        #endif
    }

    /// The communicator of this process: MPI's world when `mpirun` started several ranks,
    /// else a single process that never touches MPI. Nil when several ranks were started
    /// but this build has no MPI.
    public static func communicator() -> (any Communicator)? {
        guard worldSize > 1 else { return SingleProcess() }
        #if MPI
        return MPICommunicator()
        #else
        return nil
        #endif
    }
}
