import ArgumentParser
import Foundation
import TextGAN

/// `textgan bench-engine`: the tensor engine against raw sgemm and memory copies.
struct BenchEngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-engine",
        abstract: "Benchmark the tensor engine: GEMM, conv1d forward+backward, elementwise, softmax.",
        discussion: """
            Each line compares the engine with a baseline measured in the same run: raw \
            cblas_sgemm on the same shapes (GFLOP/s) or a plain copy of the same bytes \
            (GB/s). ratio = baseline time / engine time (1.00 = as fast as the baseline). \
            The header names OpenBLAS's kernel and the vector-kernel path (chosen from the \
            CPU; TEXTGAN_KERNELS=avx512, avx2, baseline or swift forces one); rows marked \
            "swift loops" time the Swift code the vector kernels replaced.
            """)

    @Option(help: "Timed repetitions per benchmark (the median is reported).", transform: OptionValue.positive)
    var repetitions: Int = 20

    @Option(help: "Untimed warm-up runs per benchmark.", transform: OptionValue.nonNegative)
    var warmup: Int = 3

    @Option(help: "OpenBLAS threads (default: all cores).", transform: OptionValue.positive)
    var threads: Int?

    @Flag(help: "Leave glibc's allocator at its defaults (to measure what keeping freed memory saves).")
    var systemAllocator = false

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        BLASRuntime.setThreadCount(threads)
        if !systemAllocator { BLASRuntime.keepFreedMemoryForReuse() }
        let environment = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "TEXTGAN_KERNELS"].map {
            "\($0)=\(ProcessInfo.processInfo.environment[$0] ?? "(unset)")"
        }.joined(separator: " ")
        let results = EngineBenchmark(repetitions: repetitions, warmup: warmup).runAll()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            struct Report: Encodable {
                let openblasCore: String, threads: Int, environment: String, kernelPath: String, cpuFeatures: String
                let results: [EngineBenchmark.Result]
            }
            let data = try encoder.encode(Report(
                openblasCore: BLASRuntime.coreName, threads: BLASRuntime.threadCount, environment: environment,
                kernelPath: VectorKernels.summary, cpuFeatures: VectorKernels.cpuFeatures, results: results))
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("OpenBLAS kernel: \(BLASRuntime.coreName), threads: \(BLASRuntime.threadCount), \(environment)")
        print("vector kernels: \(VectorKernels.summary) (CPU: \(VectorKernels.cpuFeatures))")
        print(pad("benchmark", 36) + pad("engine ms", 11) + pad("engine", 16) + pad("baseline", 16) + "ratio  baseline")
        for r in results {
            print(pad(r.name, 36) + pad(String(format: "%.3f", r.seconds * 1e3), 11)
                + pad(String(format: "%.1f %@", r.engineRate, r.unit), 16)
                + pad(String(format: "%.1f %@", r.baselineRate, r.unit), 16)
                + pad(String(format: "%.2f", r.ratio), 7) + r.baseline)
        }
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }
}
