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
///
/// At most ``capacity`` files stay (a multi-megabyte corpus makes one of
/// about 25 MB): storing one more removes the least recently used, by
/// modification date, which a cache hit refreshes.
public struct ReferenceCache: Sendable {
    /// Where the files go; `nil`: no cache.
    public let directory: String?
    /// The most files kept in ``directory``.
    public let capacity: Int

    /// - Precondition: `capacity ≥ 1`.
    public init(directory: String?, capacity: Int = 8) {
        precondition(capacity >= 1, "ReferenceCache: capacity must be at least 1, got \(capacity)")
        self.directory = directory
        self.capacity = capacity
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

    /// Cache file names: `reference-<key in hex>.bin`.
    static let filePrefix = "reference-", fileSuffix = ".bin"

    /// The file for `key`, if caching.
    public func path(key: UInt64) -> String? {
        directory.map { $0 + "/" + Self.filePrefix + String(key, radix: 16) + Self.fileSuffix }
    }

    /// The counts of `training` (`[N·T]` row-major): read from the cache when
    /// it holds them, else counted and stored.
    ///
    /// - Returns: the counts and whether they came from the cache.
    public func reference(training: [Int32], rowLength: Int, padID: Int32?) -> (reference: ReferenceCorpus, cached: Bool) {
        let key = Self.key(training: training, rowLength: rowLength, padID: padID)
        if let path = path(key: key), let data = FileManager.default.contents(atPath: path),
           let reference = ReferenceCorpus(fileData: data, key: key) {
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path)
            return (reference, true)
        }
        let reference = ReferenceCorpus(rows: [[Int32]](splitting: training, rowLength: rowLength), padID: padID)
        if let directory, let path = path(key: key) {
            // Best effort: a read-only or full disk only costs the next command a recount.
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try? FileIO.writeAtomically(reference.fileData(key: key), to: path)
            evictLeastRecentlyUsed(in: directory)
        }
        return (reference, false)
    }

    /// Removes the oldest cache files of `directory` beyond ``capacity``
    /// (best effort, like every write here; other files are left alone).
    func evictLeastRecentlyUsed(in directory: String) {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: directory) else { return }
        let files = names.filter { $0.hasPrefix(Self.filePrefix) && $0.hasSuffix(Self.fileSuffix) }.map { directory + "/" + $0 }
        guard files.count > capacity else { return }
        let dated = files.map { path in
            (path: path, date: (try? fileManager.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast)
        }
        for file in dated.sorted(by: { $0.date > $1.date }).dropFirst(capacity) {
            try? fileManager.removeItem(atPath: file.path)
        }
    }
}
