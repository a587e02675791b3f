import CBLAS
#if canImport(Glibc)
import Glibc
#endif


/// Process-wide OpenBLAS settings. OpenBLAS keeps one thread pool per
/// process, so these are the only process-wide knobs in textgan; set them
/// once, at start-up, from the command line.
public enum BLASRuntime {
    /// Sets the number of threads OpenBLAS uses for every GEMM in the
    /// process. `nil` or a value `≤ 0` means all cores.
    public static func setThreadCount(_ count: Int?) {
        let cores = ProcessInfoCores.activeCount
        let n = count.map { $0 > 0 ? $0 : cores } ?? cores
        openblas_set_num_threads(Int32(n))
    }

    /// Keeps freed tensor buffers for reuse (``BufferCache``): after the
    /// first training step no large buffer is allocated, faulted in or zeroed
    /// again, and memory stays at the largest set of buffers alive at once.
    /// At most a quarter of physical memory (and at least 1 GiB) is held free.
    /// Process-wide like the thread pool; call once at start-up.
    public static func keepFreedMemoryForReuse() {
        let physical = Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE)))
        BufferCache.shared.enable(limitBytes: max(1 << 30, physical / 4))
    }

    /// The number of threads OpenBLAS currently uses.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// The name of the kernel OpenBLAS selected for this CPU (for example
    /// `Haswell` or `Cooperlake`); `OPENBLAS_CORETYPE` overrides it.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's build configuration string.
    public static var configuration: String {
        guard let config = openblas_get_config() else { return "unknown" }
        return String(cString: config)
    }
}

/// The number of cores this process may use.
enum ProcessInfoCores {
    static var activeCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
