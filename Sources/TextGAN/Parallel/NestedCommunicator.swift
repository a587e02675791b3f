/// The ranks of `outer.size` processes with a ``ThreadTeam`` of `T` members each: member
/// `m` of process `p` is rank `p·T + m` of `p·T` in all, so the batch slices of the members
/// of one process are contiguous. Member 0 (the process's main thread, the one that may call
/// MPI) alone talks to the other processes; the team shares the result.
public final class NestedCommunicator: Communicator, @unchecked Sendable {
    public let member: ThreadTeam.Member
    public let outer: any Communicator

    public init(member: ThreadTeam.Member, outer: any Communicator) {
        self.member = member
        self.outer = outer
    }

    public var rank: Int { outer.rank * member.size + member.rank }
    public var size: Int { outer.size * member.size }

    /// The team's sum, then the processes' sum of those, then shared with the team.
    public func allReduceSum(_ buffer: inout [Float]) {
        member.allReduceSum(&buffer)
        if member.isRoot { outer.allReduceSum(&buffer) }
        member.team.broadcast(&buffer, root: 0, rank: member.rank)
    }

    public func allReduceSum(_ buffer: inout [Double]) {
        member.allReduceSum(&buffer)
        if member.isRoot { outer.allReduceSum(&buffer) }
        member.team.broadcast(&buffer, root: 0, rank: member.rank)
    }

    public func allReduceMax(_ buffer: inout [Double]) {
        member.allReduceMax(&buffer)
        if member.isRoot { outer.allReduceMax(&buffer) }
        member.team.broadcast(&buffer, root: 0, rank: member.rank)
    }

    /// Rank `root`'s bytes: first to member 0 of its process, then to every process, then
    /// to every member.
    public func broadcast(_ bytes: inout [UInt8], root: Int) {
        let (process, holder) = root.quotientAndRemainder(dividingBy: member.size)
        member.broadcast(&bytes, root: holder)
        if member.isRoot { outer.broadcast(&bytes, root: process) }
        member.broadcast(&bytes, root: 0)
    }

    public func barrier() {
        member.barrier()
        if member.isRoot { outer.barrier() }
        member.barrier()
    }

    public func abort(_ message: String, code: Int32) -> Never { outer.abort(message, code: code) }
}
