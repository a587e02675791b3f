import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `textgan` executable as a user would, capturing its output.
struct CLIRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        /// Whether the process ended by a signal (a crash) rather than exiting.
        let crashed: Bool
    }

    /// The `textgan` binary beside the test bundle (both are build products of one configuration).
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        while !directory.path.isEmpty && directory.path != "/" {
            let candidate = directory.appendingPathComponent("textgan")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/textgan")
    }

    /// The package's top folder (for corpora/).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func corpus(_ name: String) -> String { packageRoot.appendingPathComponent("corpora/\(name)").path }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "textgan-cli-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The n-gram cache of every command the tests run: never the user's `~/.cache`.
    static let cacheDirectory = temporaryDirectory()

    /// Runs `textgan` with `arguments` in `directory` (default: the package's top folder);
    /// `environment` entries are added to (or replace) this process's, with
    /// `TEXTGAN_CACHE_DIR` set to ``cacheDirectory``.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL = packageRoot, timeout: TimeInterval = 120,
        program: URL? = nil, onStart: ((Process) -> Void)? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = program ?? executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment
            .merging(["TEXTGAN_CACHE_DIR": cacheDirectory], uniquingKeysWith: { $1 })
            .merging(environment, uniquingKeysWith: { $1 })
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain both pipes while waiting, so a chatty process cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        onStart?(process)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            process.terminate()
            let grace = Date().addingTimeInterval(10)
            while process.isRunning && Date() < grace { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        group.wait()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), crashed: process.terminationReason == .uncaughtSignal)
    }

    /// Open MPI's launcher, as CI installs it (openmpi-bin).
    static let mpirun = URL(fileURLWithPath: "/usr/bin/mpirun")

    /// Runs `textgan` as `ranks` processes under `mpirun` (oversubscribed: CI has 2 cores;
    /// allowed as root, as CI runs).
    static func runMPI(
        ranks: Int, _ arguments: [String], timeout: TimeInterval = 180, onStart: ((Process) -> Void)? = nil
    ) throws -> Result {
        try runMPI(["-n", "\(ranks)", "--oversubscribe", executable.path] + arguments, timeout: timeout, onStart: onStart)
    }

    /// Runs `mpirun` with `arguments`. The test runner's threads block most signals and a
    /// child inherits the mask, which would leave mpirun deaf to SIGTERM and SIGINT: perl
    /// (Debian's perl-base is essential) clears the mask before it executes mpirun.
    static func runMPI(_ arguments: [String], timeout: TimeInterval = 180, onStart: ((Process) -> Void)? = nil) throws -> Result {
        let clearMask = "use POSIX; sigprocmask(SIG_SETMASK, POSIX::SigSet->new) or die; exec @ARGV or die"
        return try run(["-e", clearMask, mpirun.path] + arguments,
                       environment: ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"],
                       timeout: timeout, program: URL(fileURLWithPath: "/usr/bin/perl"), onStart: onStart)
    }
}
