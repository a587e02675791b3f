import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Errors from reading and writing run files, with the path and the system's reason.
public enum FileError: Error, CustomStringConvertible, Equatable {
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        case .cannotRead(let path, let reason): return "cannot read \(path): \(reason)"
        }
    }
}

/// File operations that leave no half-written file behind.
public enum FileIO {
    /// Writes `data` to `path` atomically: a temporary file in the same
    /// directory is written, fsynced and renamed over `path`, then the
    /// directory is fsynced. A crash at any moment leaves either the old
    /// file or the new one, never a mix; on failure the temporary is removed.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/." + (path as NSString).lastPathComponent + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError.cannotWrite(path: path, reason: errnoText()) }
        var failure: String?
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }  // empty data: nothing to write
            var offset = 0
            while offset < raw.count {
                let n = write(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errnoText()
                    return
                }
                offset += n
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = errnoText() }
        if close(fd) != 0 && failure == nil { failure = errnoText() }
        if failure == nil && rename(temporary, path) != 0 { failure = errnoText() }
        if let failure {
            unlink(temporary)
            throw FileError.cannotWrite(path: path, reason: failure)
        }
        syncDirectory(directory.isEmpty ? "." : directory)
    }

    /// Appends one line (a `\n` is added) and flushes it to disk.
    public static func appendLine(_ line: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError.cannotWrite(path: path, reason: errnoText()) }
        defer { close(fd) }
        let bytes = Array((line + "\n").utf8)
        let n = bytes.withUnsafeBytes { raw in raw.baseAddress.map { write(fd, $0, raw.count) } ?? 0 }
        guard n == bytes.count else { throw FileError.cannotWrite(path: path, reason: n < 0 ? errnoText() : "short write") }
    }

    /// Reads a whole file.
    public static func read(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileError.cannotRead(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw FileError.cannotRead(path: path, reason: "it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError.cannotRead(path: path, reason: "permission denied or unreadable")
        }
        return data
    }

    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
