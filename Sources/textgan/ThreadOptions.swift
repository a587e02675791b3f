import ArgumentParser
import Foundation
import TextGAN

extension ThreadPlan.Split: ExpressibleByArgument {}

/// `--threads` and `--split`, for every command that trains.
struct ThreadFlags: ParsableArguments {
    @Option(help: "Cores to use (default: all; under mpirun, the cores divided among the ranks on each machine).", transform: OptionValue.positive)
    var threads: Int?

    @Option(help: ThreadFlags.splitHelp)
    var split: ThreadPlan.Split = .batch

    static let splitHelp = ArgumentHelp(
        "How threads share an iteration: batch (each thread computes a slice of every batch on its own copy of the model, as MPI ranks do; the fastest) or gemm (one copy; each matrix product spread over the threads).")

    /// The plan for a global batch of `batchSize` shared by `ranks` processes, with
    /// `defaultThreads` when `--threads` is not given, and no more copies of the model than
    /// fit in this process's share of the machine's memory.
    func plan(batchSize: Int, ranks: Int = 1, defaultThreads: Int = ParallelLaunch.coresPerProcess,
              memory: MemoryEstimate) -> ThreadPlan {
        ThreadPlan(threads: threads ?? defaultThreads, split: split, batchSize: batchSize, ranks: ranks,
                   maxTeamSize: memory.maxReplicasInThisProcess)
    }
}

/// `--threads` for the commands that only run a trained model (`eval`, `sample`): the
/// OpenBLAS threads of its matrix products. OpenBLAS's idle threads spin, so on a machine
/// whose other cores train, `--threads 1` keeps this command off them.
struct MatrixThreadFlag: ParsableArguments {
    @Option(help: "Cores OpenBLAS may use for the matrix products (default: all).", transform: OptionValue.positive)
    var threads: Int?

    /// Sets OpenBLAS's thread count for this process; call once, before any product.
    func apply() { BLASRuntime.setThreadCount(threads) }
}
