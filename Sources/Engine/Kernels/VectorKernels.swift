import CKernels
import Synchronization

/// An instruction-set path of the vector kernels in `Sources/CKernels`.
///
/// Every `Float` kernel there has an AVX-512F, an AVX2 + FMA and a portable
/// C version; `.swift` runs none of them but the engine's own generic Swift
/// loops, the references the kernels are tested against. `Double` always
/// runs the Swift loops.
public enum KernelPath: String, Sendable, CaseIterable, CustomStringConvertible {
    case swift, baseline, avx2, avx512

    init(_ path: ck_path) {
        switch path {
        case CK_PATH_BASELINE: self = .baseline
        case CK_PATH_AVX2: self = .avx2
        case CK_PATH_AVX512: self = .avx512
        default: self = .swift
        }
    }

    var cValue: ck_path {
        switch self {
        case .swift: return CK_PATH_SWIFT
        case .baseline: return CK_PATH_BASELINE
        case .avx2: return CK_PATH_AVX2
        case .avx512: return CK_PATH_AVX512
        }
    }

    /// Whether this CPU (and its operating system) can run the path.
    public var isSupported: Bool { ck_path_supported(cValue) != 0 }

    /// The path itself if supported, else the best supported path below it
    /// (`.avx512` on an AVX2 machine runs `.avx2`; `.baseline` always runs).
    public var supportedFallback: KernelPath {
        guard self != .swift else { return self }
        let descending: [KernelPath] = [.avx512, .avx2, .baseline]
        return descending.drop { $0 != self }.first { $0.isSupported } ?? .baseline
    }

    public var description: String { rawValue }
}

/// Which vector kernels run: chosen once per process from what the CPU
/// reports (cpuid and the OS's saved register state), overridden by the
/// environment variable `TEXTGAN_KERNELS` (`auto`, `avx512`, `avx2`,
/// `baseline`, `swift`), and for one scope by ``withForcedPath(_:_:)``.
///
/// A path the CPU cannot run is never used: it falls back to the best
/// supported path below it (for the environment variable with a note on
/// stderr and in ``selectionNote``), so no request ends in SIGILL.
public enum VectorKernels {
    /// The path chosen at start-up for this process (`TEXTGAN_KERNELS` or the best the CPU supports).
    public static let selectedPath = KernelPath(ck_selected_path())

    /// The best path this CPU supports, whatever `TEXTGAN_KERNELS` says.
    public static let bestPath = KernelPath(ck_best_path())

    /// Why ``selectedPath`` differs from what `TEXTGAN_KERNELS` asked for, if it does.
    public static let selectionNote: String? = {
        let note = String(cString: ck_selection_note())
        return note.isEmpty ? nil : note
    }()

    /// The CPU features the dispatcher read, e.g. `x86-64 sse2 avx avx2 fma`.
    public static let cpuFeatures = String(cString: ck_cpu_features())

    /// The path forced in the current scope by ``withForcedPath(_:_:)``, or nil.
    public static var forcedPath: KernelPath? {
        // Every kernel call asks: while no scope is open anywhere (training), a relaxed
        // load answers without the task-local lookup (docs/performance.md).
        forcingScopes.load(ordering: .relaxed) == 0 ? nil : forcedPathInScope
    }

    /// Runs `body` on one path (tests run every supported path; an unsupported one falls
    /// back as ``KernelPath/supportedFallback`` says); nil leaves the selected path.
    public static func withForcedPath<T>(_ path: KernelPath?, _ body: () throws -> T) rethrows -> T {
        // nil outside every scope changes nothing: no scope to count (a team's threads
        // restore their caller's nil this way for the whole of training).
        if path == nil && forcingScopes.load(ordering: .relaxed) == 0 { return try body() }
        forcingScopes.add(1, ordering: .relaxed)
        defer { forcingScopes.subtract(1, ordering: .relaxed) }
        return try $forcedPathInScope.withValue(path, operation: body)
    }

    @TaskLocal private static var forcedPathInScope: KernelPath?

    /// Scopes of ``withForcedPath(_:_:)`` open in the process. A thread reads the
    /// count after its own increment, or after the increment of the thread that
    /// started it inside the scope, so a scope's threads always see it non-zero.
    private static let forcingScopes = Atomic<Int>(0)

    /// The path that runs in the current scope.
    public static var activePath: KernelPath { forcedPath?.supportedFallback ?? selectedPath }

    /// How the path in use is described in reports: `avx2`, or
    /// `avx2 (TEXTGAN_KERNELS=avx512: this CPU cannot run it …)`.
    public static var summary: String {
        activePath.rawValue + (forcedPath == nil ? selectionNote.map { " (\($0))" } ?? "" : " (forced)")
    }

    private static let selectedTable = ck_selected_kernels().map(KernelTable.init)

    /// The kernels of `path` (nil for `.swift` or a path the CPU cannot run).
    static func table(for path: KernelPath) -> KernelTable? {
        ck_kernels_for(path.cValue).map(KernelTable.init)
    }

    /// The kernels in use in the current scope, or nil where the Swift loops
    /// run: for `.swift`, and always for `Scalar` other than `Float`.
    @inline(__always)
    static func active<Scalar>(for _: Scalar.Type) -> KernelTable? {
        guard Scalar.self == Float.self else { return nil }
        if let forced = forcedPath { return table(for: forced.supportedFallback) }
        return selectedTable
    }
}
