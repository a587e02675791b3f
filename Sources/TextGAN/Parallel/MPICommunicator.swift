#if MPI
import CMPI
import Foundation

/// ``Communicator`` over Open MPI's `MPI_COMM_WORLD`: the one file that imports MPI.
///
/// Errors are fatal (`MPI_ERRORS_ARE_FATAL`): a rank that dies ends the whole job, through
/// `mpirun`, which names the rank, instead of leaving the others waiting in an all-reduce.
public final class MPICommunicator: Communicator {
    public let rank: Int
    public let size: Int

    /// Initialises MPI once per process (`MPI_Init`; finalised at exit).
    public init() {
        var initialised: Int32 = 0
        MPI_Initialized(&initialised)
        if initialised == 0 {
            MPI_Init(nil, nil)
            atexit { MPI_Finalize() }
        }
        MPI_Comm_set_errhandler(cmpi_comm_world(), cmpi_errors_are_fatal())
        var r: Int32 = 0, s: Int32 = 0
        MPI_Comm_rank(cmpi_comm_world(), &r)
        MPI_Comm_size(cmpi_comm_world(), &s)
        rank = Int(r)
        size = Int(s)
    }

    public func allReduceSum(_ buffer: inout [Float]) {
        let count = buffer.count
        buffer.withUnsafeMutableBytes { allReduce($0, count: count, type: cmpi_float(), op: cmpi_sum()) }
    }

    public func allReduceSum(_ buffer: inout [Double]) {
        let count = buffer.count
        buffer.withUnsafeMutableBytes { allReduce($0, count: count, type: cmpi_double(), op: cmpi_sum()) }
    }

    public func allReduceMax(_ buffer: inout [Double]) {
        let count = buffer.count
        buffer.withUnsafeMutableBytes { allReduce($0, count: count, type: cmpi_double(), op: cmpi_max()) }
    }

    private func allReduce(_ bytes: UnsafeMutableRawBufferPointer, count: Int, type: MPI_Datatype, op: MPI_Op) {
        guard count > 0 else { return }
        MPI_Allreduce(cmpi_in_place(), bytes.baseAddress, Int32(count), type, op, cmpi_comm_world())
    }

    public func broadcast(_ bytes: inout [UInt8], root: Int) {
        let count = bytes.count
        bytes.withUnsafeMutableBytes { _ = MPI_Bcast($0.baseAddress, Int32(count), cmpi_byte(), Int32(root), cmpi_comm_world()) }
    }

    /// Polls a non-blocking barrier every 50 ms, so that a rank done early sleeps instead of
    /// spinning on a core another rank still trains on.
    public func barrier() {
        var request: MPI_Request?
        MPI_Ibarrier(cmpi_comm_world(), &request)
        var done: Int32 = 0
        while true {
            MPI_Test(&request, &done, cmpi_status_ignore())
            if done != 0 { return }
            usleep(50_000)
        }
    }

    public func abort(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data(("rank \(rank): " + message + "\n").utf8))
        MPI_Abort(cmpi_comm_world(), code)
        exit(code)
    }

    /// Whether this process was started by `mpirun` (Open MPI's environment) as one of
    /// several ranks. Read before MPI is initialised, so a plain run never touches MPI.
    public static var launchedWithSeveralRanks: Bool {
        Int(ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_SIZE"] ?? "") ?? 1 > 1
    }
}
#endif
