import ArgumentParser
import Foundation
import TextGAN

/// How the processes `mpirun` starts agree with each other before they train.
enum Ranks {
    /// This process's communicator; several ranks in a build without MPI are refused.
    static func communicator() throws -> any Communicator {
        guard let communicator = ParallelLaunch.communicator() else {
            throw CommandError("mpirun started \(ParallelLaunch.worldSize) ranks, but this textgan was built without MPI "
                               + "(--disable-default-traits); install libopenmpi-dev and build it with `swift build -c release`")
        }
        return communicator
    }

    /// Runs `body` on every rank and makes one rank's failure every rank's: the failing rank
    /// throws its own error, the others stop quietly, so that no rank waits for ever in a
    /// collective the failed one never reaches.
    static func together<T>(_ communicator: any Communicator, _ body: () throws -> T) throws -> T {
        let result = Result(catching: body)
        guard communicator.size > 1 else { return try result.get() }
        var failed = [Double](repeating: 0, count: communicator.size)
        if case .failure = result { failed[communicator.rank] = 1 }
        communicator.allReduceMax(&failed)
        if case .failure(let error) = result {
            throw communicator.isRoot ? error : CommandError("rank \(communicator.rank): \(error)")
        }
        if failed.contains(1) { throw ExitCode(1) }
        return try result.get()
    }

    /// `data` of rank 0 on every rank, of any length.
    static func broadcast(_ data: Data, _ communicator: any Communicator) -> Data {
        guard communicator.size > 1 else { return data }
        var length = withUnsafeBytes(of: UInt64(data.count).littleEndian) { Array($0) }
        communicator.broadcast(&length, root: 0)
        let count = Int(UInt64(littleEndian: length.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
        var bytes = communicator.isRoot ? [UInt8](data) : [UInt8](repeating: 0, count: count)
        communicator.broadcast(&bytes, root: 0)
        return Data(bytes)
    }

    /// FNV-1a (64 bits) of this executable's file: ranks running different builds differ.
    static func executableDigest() throws -> Data {
        let bytes = try FileIO.read(ChildRuns.executablePath)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return withUnsafeBytes(of: hash.littleEndian) { Data($0) }
    }
}
