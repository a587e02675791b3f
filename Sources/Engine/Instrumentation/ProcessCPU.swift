#if canImport(Glibc)
import Glibc
#endif

/// CPU time the whole process (every thread) has used so far, from `getrusage`: in user
/// mode, and in the kernel on its behalf (system calls, page faults, scheduling: where
/// spinning thread pools and memory churn show up).
public struct ProcessCPU: Sendable, Equatable, Codable {
    public var userSeconds: Double
    public var systemSeconds: Double

    public static func now() -> ProcessCPU {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return ProcessCPU(userSeconds: seconds(usage.ru_utime), systemSeconds: seconds(usage.ru_stime))
    }

    /// The CPU time used between `earlier` and this reading.
    public func since(_ earlier: ProcessCPU) -> ProcessCPU {
        ProcessCPU(userSeconds: userSeconds - earlier.userSeconds, systemSeconds: systemSeconds - earlier.systemSeconds)
    }

    /// The kernel's share of the CPU time, `system / (user + system)`.
    public var systemShare: Double { systemSeconds / max(1e-12, userSeconds + systemSeconds) }
}
