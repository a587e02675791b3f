import Foundation

/// An on-disk cache of ``ReferenceCorpus`` values, one file per distinct set
/// of training rows: the n-gram count of a corpus is made once per corpus
/// and vocabulary (and tokenizer options, held-out split and T: anything
/// that changes the rows changes the key), then every `textgan eval`,
/// training session and `compare` report reads it back.
///
/// Files are `DIR/reference-<key>.bin` (``ReferenceCorpus/fileData(key:)``),
/// written atomically. The cache never makes a command fail: an unreadable,
/// corrupt or foreign file is recounted and rewritten, a directory that
/// cannot be written just means no cache.
///
/// The directory: `$TEXTGAN_CACHE_DIR`, else `$XDG_CACHE_HOME/textgan`,
/// else `~/.cache/textgan`; `TEXTGAN_CACHE_DIR=off` turns the cache off.
public struct ReferenceCache: Sendable {
    /// Where the files go; `nil`: no cache.
    public let directory: String?

    public init(directory: String?) {
        self.directory = directory
    }

    /// The cache the environment asks for (see the type's documentation).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ReferenceCache {
        if let explicit = environment["TEXTGAN_CACHE_DIR"], !explicit.isEmpty {
            return ReferenceCache(directory: explicit == "off" ? nil : explicit)
        }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return ReferenceCache(directory: xdg + "/textgan") }
        if let home = environment["HOME"], !home.isEmpty { return ReferenceCache(directory: home + "/.cache/textgan") }
        return ReferenceCache(directory: nil)
    }

    /// FNV-1a (64-bit) over the format version, `T`, the pad id and every id:
    /// the identity of a set of training rows. Not Swift's `Hasher`, which is
    /// seeded per process.
    public static func key(training: [Int32], rowLength: Int, padID: Int32?) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ word: UInt64) {
            var w = word
            for _ in 0..<8 {
                hash = (hash ^ (w & 0xFF)) &* 0x0000_0100_0000_01B3
                w >>= 8
            }
        }
        mix(1)  // format version
        mix(UInt64(rowLength))
        mix(UInt64(bitPattern: Int64(padID ?? -1)))
        for id in training { mix(UInt64(UInt32(bitPattern: id))) }
        return hash
    }

    /// The file for `key`, if caching.
    public func path(key: UInt64) -> String? {
        directory.map { $0 + "/reference-" + String(key, radix: 16) + ".bin" }
    }

    /// The counts of `training` (`[N·T]` row-major): read from the cache when
    /// it holds them, else counted and stored.
    ///
    /// - Returns: the counts and whether they came from the cache.
    public func reference(training: [Int32], rowLength: Int, padID: Int32?) -> (reference: ReferenceCorpus, cached: Bool) {
        let key = Self.key(training: training, rowLength: rowLength, padID: padID)
        if let path = path(key: key), let data = FileManager.default.contents(atPath: path),
           let reference = ReferenceCorpus(fileData: data, key: key) {
            return (reference, true)
        }
        let reference = ReferenceCorpus(rows: [[Int32]](splitting: training, rowLength: rowLength), padID: padID)
        if let directory, let path = path(key: key) {
            // Best effort: a read-only or full disk only costs the next command a recount.
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try? FileIO.writeAtomically(reference.fileData(key: key), to: path)
        }
        return (reference, false)
    }
}
