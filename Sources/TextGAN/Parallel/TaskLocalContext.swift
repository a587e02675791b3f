/// The engine's task-local settings of the current scope (the forced kernel path and
/// convolution algorithm, the GEMM counter), carried onto a new thread: a thread of its own
/// starts outside every `withValue` scope, and a ``ThreadTeam`` member must compute as the
/// caller does.
struct TaskLocalContext {
    let kernelPath: KernelPath?
    let convolution: Conv1dAlgorithm?
    let gemmCounter: GEMMCounter?

    static func capture() -> TaskLocalContext {
        TaskLocalContext(kernelPath: VectorKernels.forcedPath, convolution: Conv1dKernels.forcedAlgorithm,
                         gemmCounter: GEMMCounter.current)
    }

    /// Runs `body` with the captured values bound.
    func restore<T>(_ body: () throws -> T) rethrows -> T {
        try VectorKernels.withForcedPath(kernelPath) {
            try Conv1dKernels.$forcedAlgorithm.withValue(convolution) {
                try GEMMCounter.$current.withValue(gemmCounter, operation: body)
            }
        }
    }
}
