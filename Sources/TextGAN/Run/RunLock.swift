import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Errors taking a run directory's lock.
public enum RunLockError: Error, CustomStringConvertible, Equatable {
    case inUse(path: String, pid: Int32?)
    case cannotLock(path: String, reason: String)

    public var description: String {
        switch self {
        case .inUse(let path, let pid):
            let owner = pid.map { "process \($0)" } ?? "another process"
            return "\(path) is being written by \(owner); wait for it to finish or stop it (kill -INT \(pid.map(String.init) ?? "PID")) before using this run directory"
        case .cannotLock(let path, let reason):
            return "cannot lock \(path): \(reason)"
        }
    }
}

/// An exclusive lock on a run directory, so two processes never write the
/// same run: `DIR/.lock` is held with `flock` and names the owner's pid.
/// The kernel drops a `flock` when its process dies, so a lock left by a
/// crashed or killed process is simply taken over.
public final class RunLock {
    private let fd: Int32
    public let path: String

    /// Takes the lock of `run` or throws ``RunLockError/inUse(path:pid:)``.
    public init(_ run: RunDirectory) throws {
        path = run.path + "/.lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RunLockError.cannotLock(path: run.path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let owner = (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            close(fd)
            throw RunLockError.inUse(path: run.path, pid: owner)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
