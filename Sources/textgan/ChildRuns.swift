import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs named child processes of this executable, at most `jobs` at a time, for
/// `compare --jobs N`: each line a child prints is passed on prefixed with its name.
///
/// Every child is its own process group, so Ctrl-C at a terminal reaches only this
/// process, which then asks each child once (SIGINT) to checkpoint and stop: a second
/// signal would make a child exit without saving.
final class ChildRuns {
    struct Failure: Error { let name: String; let status: Int32 }

    private let jobs: Int
    private let quiet: Bool
    /// Held while writing a block of lines, so children's lines never interleave mid-line.
    private let output = NSLock()
    /// Entered by every reader of a child's output, so nothing is printed after `run` returns.
    private let readers = DispatchGroup()

    init(jobs: Int, quiet: Bool) {
        self.jobs = jobs
        self.quiet = quiet
    }

    /// Runs `arguments(name)` for every name; returns the names that did not finish
    /// (exit status other than 0), in the order given. Stops starting new children on a
    /// stop signal and returns once the running ones have exited.
    func run(_ names: [String], arguments: (String) -> [String]) throws -> [Failure] {
        var pending = names[...]
        var running: [(name: String, process: Process)] = []
        var failures: [Failure] = []
        var forwarded = false
        while !pending.isEmpty || !running.isEmpty {
            while running.count < jobs, let name = pending.first, !StopSignal.requested {
                pending = pending.dropFirst()
                running.append((name, try start(name, arguments(name))))
            }
            if StopSignal.requested && !forwarded {
                forwarded = true
                for child in running { kill(child.process.processIdentifier, SIGINT) }
            }
            usleep(100_000)
            for child in running where !child.process.isRunning {
                child.process.waitUntilExit()
                if child.process.terminationStatus != 0 { failures.append(Failure(name: child.name, status: child.process.terminationStatus)) }
            }
            running.removeAll { !$0.process.isRunning }
            if StopSignal.requested { pending = [] }
        }
        readers.wait()
        return failures
    }

    private func start(_ name: String, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executablePath)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        pass(out.fileHandleForReading, prefix: "[\(name)] ", to: FileHandle.standardOutput)
        pass(err.fileHandleForReading, prefix: "[\(name)] ", to: FileHandle.standardError)
        try process.run()
        // Its own process group: see the type's documentation.
        setpgid(process.processIdentifier, process.processIdentifier)
        if !quiet { say("started \(name) (pid \(process.processIdentifier))") }
        return process
    }

    /// Copies whole lines from `source` to `destination` with `prefix`, as they arrive,
    /// on a thread of its own; `readers` is left when `source` ends.
    private func pass(_ source: FileHandle, prefix: String, to destination: FileHandle) {
        readers.enter()
        DispatchQueue.global().async { [output, readers] in
            var partial = Data()
            func write(_ lines: Data) {
                var text = Data()
                for line in lines.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                    text += Data(prefix.utf8) + line + Data("\n".utf8)
                }
                output.withLock { destination.write(text) }
            }
            while let chunk = try? source.read(upToCount: 1 << 16), !chunk.isEmpty {
                partial.append(chunk)
                if let end = partial.lastIndex(of: UInt8(ascii: "\n")) {
                    write(Data(partial[..<end]))
                    partial.removeSubrange(...end)
                }
            }
            if !partial.isEmpty { write(partial) }
            readers.leave()
        }
    }

    private func say(_ line: String) {
        output.withLock { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    }

    /// This executable, for the children.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
