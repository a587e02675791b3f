import Foundation

/// Threads of one process that train one model together, data-parallel, as ranks do under
/// MPI: each thread (a ``ThreadTeam/Member``) holds its own replica of the trainer, computes
/// the gradients of its slice of every global batch with single-threaded matrix products,
/// and the members sum their gradients through shared memory. The same code path as
/// ``MPICommunicator``'s ranks, so `--threads 2` trains exactly as `mpirun -n 2` does.
///
/// Every collective is a few barriers on one condition variable: a member that arrives
/// early sleeps (it does not spin on a core another member computes on). A member that
/// fails while the others wait in a collective ends the process with its message, as a
/// dead rank ends an MPI job, instead of leaving them waiting for ever.
public final class ThreadTeam: @unchecked Sendable {
    /// The number of members.
    public let size: Int
    private let condition = NSCondition()
    private var arrived = 0
    private var generation = 0
    /// The failure that ended the team, if a member threw outside a collective.
    private var failure: String?
    /// Each member's deposited buffer and its length, for the collective in progress (valid
    /// between its first and last barrier). Raw memory, not Swift arrays: members write their
    /// own slots at the same time, and an array's copy-on-write check is not safe for that.
    private let deposits: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private let depositCounts: UnsafeMutablePointer<Int>

    /// Stack of every member thread: the backward pass of a deep tape recurses.
    public static let stackBytes = 64 << 20

    public init(size: Int) {
        precondition(size >= 1, "ThreadTeam: size \(size)")
        self.size = size
        deposits = .allocate(capacity: size)
        deposits.initialize(repeating: nil, count: size)
        depositCounts = .allocate(capacity: size)
        depositCounts.initialize(repeating: 0, count: size)
    }

    deinit {
        deposits.deallocate()
        depositCounts.deallocate()
    }

    /// Runs `body` on `size` members: member 0 on the calling thread, the others on threads
    /// of their own, which inherit the caller's kernel choices (task-local values). Returns
    /// member 0's result once every member has returned; throws member 0's error as soon as
    /// member 0 throws (the others either throw the same, in step, or are ended with the
    /// process).
    public static func run<T>(size: Int, _ body: @escaping (Member) throws -> T) throws -> T {
        let team = ThreadTeam(size: size)
        guard size > 1 else { return try body(Member(team: team, rank: 0)) }
        // The members run `body` concurrently by design: each on its own replica, meeting
        // only in the team's collectives.
        let shared = UncheckedSendable((body: body, context: TaskLocalContext.capture()))
        let finished = DispatchGroup()
        for rank in 1..<size {
            finished.enter()
            let thread = Thread {
                defer { finished.leave() }
                do {
                    _ = try shared.value.context.restore { try shared.value.body(Member(team: team, rank: rank)) }
                } catch {
                    team.fail("thread \(rank): \(error)")
                }
            }
            thread.stackSize = stackBytes
            thread.name = "textgan member \(rank)"
            thread.start()
        }
        let result = try body(Member(team: team, rank: 0))
        finished.wait()
        if let failure = team.condition.withLock({ team.failure }) { throw ThreadTeamError(message: failure) }
        return result
    }

    /// Blocks until every member has called it since the last time it returned.
    func wait() {
        condition.lock()
        defer { condition.unlock() }
        let arrival = generation
        arrived += 1
        if arrived == size {
            arrived = 0
            generation &+= 1
            condition.broadcast()
            return
        }
        // The generation is checked first: a member that failed after this barrier
        // completed does not end the others.
        while generation == arrival {
            if let failure { Self.end(failure) }
            condition.wait()
        }
    }

    /// Records a member's failure outside a collective and wakes the members waiting in
    /// one, which then end the process: a collective can never complete without it.
    func fail(_ message: String) {
        condition.withLock {
            failure = failure ?? message
            condition.broadcast()
        }
    }

    static func end(_ message: String) -> Never {
        FileHandle.standardError.write(Data("textgan: \(message)\n".utf8))
        exit(1)
    }

    /// Combines every member's `buffer` elementwise with `combine`, over the members in
    /// order 0, 1, …, and leaves the result in every member's buffer. Member `r` combines
    /// the `r`-th share of the elements and writes it into every member's buffer, so the
    /// work is split and no scratch memory is needed; three barriers: all deposited, all
    /// read, all written. An empty buffer takes the barriers too, so that a member passing a
    /// different length trips the length check instead of leaving the others waiting.
    func allReduce<Element>(_ buffer: inout [Element], rank: Int, _ combine: (Element, Element) -> Element) {
        let count = buffer.count
        buffer.withUnsafeMutableBufferPointer { own in
            deposits[rank] = UnsafeMutableRawPointer(own.baseAddress)
            depositCounts[rank] = count
            wait()
            precondition((0..<size).allSatisfy { depositCounts[$0] == count }, "ThreadTeam: members reduce buffers of different lengths")
            guard count > 0 else {
                wait()
                wait()
                return
            }
            let share = Self.share(of: count, member: rank, of: size)
            let all = (0..<size).map { deposits[$0]!.assumingMemoryBound(to: Element.self) }
            var combined: [Element] = []
            combined.reserveCapacity(share.count)
            for i in share {
                var value = all[0][i]
                for m in 1..<size { value = combine(value, all[m][i]) }
                combined.append(value)
            }
            wait()
            for m in 0..<size {
                for (j, i) in share.enumerated() { all[m][i] = combined[j] }
            }
            wait()
        }
    }

    /// Member `rank`'s share `[r·n/N, (r+1)·n/N)` of `n` elements.
    static func share(of count: Int, member rank: Int, of size: Int) -> Range<Int> {
        (rank * count / size)..<((rank + 1) * count / size)
    }

    /// Copies member `root`'s `buffer` into every member's (of the same length); two
    /// barriers: all deposited, all copied.
    func broadcast<Element>(_ buffer: inout [Element], root: Int, rank: Int) {
        let count = buffer.count
        buffer.withUnsafeMutableBufferPointer { own in
            deposits[rank] = UnsafeMutableRawPointer(own.baseAddress)
            depositCounts[rank] = count
            wait()
            precondition(depositCounts[root] == count, "ThreadTeam: broadcast of \(depositCounts[root]) elements into \(count)")
            if rank != root, count > 0 {
                own.baseAddress!.update(from: deposits[root]!.assumingMemoryBound(to: Element.self), count: count)
            }
            wait()
        }
    }

    /// A member other than 0 failed while member 0 finished.
    public struct ThreadTeamError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// One thread of a ``ThreadTeam``: a ``Communicator`` whose ranks are the team's threads.
    public final class Member: Communicator, @unchecked Sendable {
        public let team: ThreadTeam
        public let rank: Int
        public var size: Int { team.size }

        init(team: ThreadTeam, rank: Int) {
            self.team = team
            self.rank = rank
        }

        public func allReduceSum(_ buffer: inout [Float]) { team.allReduce(&buffer, rank: rank, +) }
        public func allReduceSum(_ buffer: inout [Double]) { team.allReduce(&buffer, rank: rank, +) }
        public func allReduceMax(_ buffer: inout [Double]) { team.allReduce(&buffer, rank: rank) { Swift.max($0, $1) } }
        public func broadcast(_ bytes: inout [UInt8], root: Int) { team.broadcast(&bytes, root: root, rank: rank) }
        public func barrier() { team.wait() }
        public func abort(_ message: String, code: Int32) -> Never {
            FileHandle.standardError.write(Data((message + "\n").utf8))
            exit(code)
        }
    }
}

/// A value handed to another thread that the compiler cannot prove safe to share; the
/// caller guarantees it is (``ThreadTeam/run(size:_:)``).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
