import Foundation
import Testing
@testable import TextGAN

/// The on-disk n-gram cache: what it reads back equals what was counted, it
/// is keyed by the exact rows, and no bad file or directory makes it fail.
@Suite struct ReferenceCacheTests {
    /// 50 rows of T = 8 over ids 0…9, pads (0) at the ends of some.
    static let training: [Int32] = {
        var ids: [Int32] = []
        for row in 0..<50 {
            for t in 0..<8 {
                let id: Int = t < 3 + row % 6 ? 1 + (row * 7 + t * t) % 9 : 0
                ids.append(Int32(id))
            }
        }
        return ids
    }()

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("textgan-cache-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func fileDataRoundTripsExactly() throws {
        let counted = ReferenceCorpus(rows: [[Int32]](splitting: Self.training, rowLength: 8), padID: 0)
        let read = try #require(ReferenceCorpus(fileData: counted.fileData(key: 42), key: 42))
        #expect(read == counted)
        #expect(read.ngrams.total(order: 4) == counted.ngrams.total(order: 4))
        let noPad = ReferenceCorpus(rows: [[1, 2, 3], [4]], padID: nil)
        #expect(ReferenceCorpus(fileData: noPad.fileData(key: 7), key: 7) == noPad)
    }

    @Test func foreignTruncatedOrCorruptBytesAreRejected() {
        let data = ReferenceCorpus(rows: [[Int32]](splitting: Self.training, rowLength: 8), padID: 0).fileData(key: 42)
        #expect(ReferenceCorpus(fileData: data, key: 43) == nil, "another key")
        #expect(ReferenceCorpus(fileData: data.prefix(data.count - 8), key: 42) == nil, "truncated")
        #expect(ReferenceCorpus(fileData: data + Data(count: 8), key: 42) == nil, "trailing bytes")
        var badMagic = data
        badMagic[0] = UInt8(ascii: "X")
        #expect(ReferenceCorpus(fileData: badMagic, key: 42) == nil, "magic")
        #expect(ReferenceCorpus(fileData: Data(), key: 42) == nil, "empty")
    }

    @Test func keyChangesWithAnyIdTheRowLengthOrThePad() {
        let key = ReferenceCache.key(training: Self.training, rowLength: 8, padID: 0)
        var changed = Self.training
        changed[123] += 1
        #expect(ReferenceCache.key(training: changed, rowLength: 8, padID: 0) != key)
        #expect(ReferenceCache.key(training: Self.training, rowLength: 4, padID: 0) != key)
        #expect(ReferenceCache.key(training: Self.training, rowLength: 8, padID: nil) != key)
        #expect(ReferenceCache.key(training: Self.training, rowLength: 8, padID: 0) == key, "deterministic")
    }

    @Test func secondLookupReadsWhatTheFirstCounted() throws {
        let cache = ReferenceCache(directory: try Self.temporaryDirectory() + "/nested")
        let first = cache.reference(training: Self.training, rowLength: 8, padID: 0)
        #expect(!first.cached)
        let path = try #require(cache.path(key: ReferenceCache.key(training: Self.training, rowLength: 8, padID: 0)))
        #expect(FileManager.default.fileExists(atPath: path))
        let second = cache.reference(training: Self.training, rowLength: 8, padID: 0)
        #expect(second.cached)
        #expect(second.reference == first.reference)
        // Other rows: another file, counted afresh.
        let other = cache.reference(training: Array(Self.training.prefix(80)), rowLength: 8, padID: 0)
        #expect(!other.cached && other.reference.rowCount == 10)
    }

    /// Beyond its capacity the cache drops the least recently used file; a hit counts as a use.
    @Test func storingBeyondCapacityRemovesTheLeastRecentlyUsed() throws {
        let directory = try Self.temporaryDirectory()
        let cache = ReferenceCache(directory: directory, capacity: 2)
        let rows = [Array(Self.training.prefix(80)), Array(Self.training.prefix(160)), Array(Self.training.prefix(240))]
        func path(_ i: Int) throws -> String { try #require(cache.path(key: ReferenceCache.key(training: rows[i], rowLength: 8, padID: 0))) }
        func age(_ i: Int, secondsAgo: Double) throws {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -secondsAgo)], ofItemAtPath: try path(i))
        }
        try Data("not ours".utf8).write(to: URL(fileURLWithPath: directory + "/notes.txt"))
        _ = cache.reference(training: rows[0], rowLength: 8, padID: 0)
        _ = cache.reference(training: rows[1], rowLength: 8, padID: 0)
        try age(0, secondsAgo: 200)
        try age(1, secondsAgo: 100)
        #expect(cache.reference(training: rows[0], rowLength: 8, padID: 0).cached)  // a hit: rows[0] is now the newest
        _ = cache.reference(training: rows[2], rowLength: 8, padID: 0)             // one too many: rows[1] goes
        #expect(FileManager.default.fileExists(atPath: try path(0)))
        #expect(!FileManager.default.fileExists(atPath: try path(1)))
        #expect(FileManager.default.fileExists(atPath: try path(2)))
        #expect(FileManager.default.fileExists(atPath: directory + "/notes.txt"))
    }

    @Test func aCorruptFileIsRecountedAndReplaced() throws {
        let cache = ReferenceCache(directory: try Self.temporaryDirectory())
        let counted = cache.reference(training: Self.training, rowLength: 8, padID: 0).reference
        let path = try #require(cache.path(key: ReferenceCache.key(training: Self.training, rowLength: 8, padID: 0)))
        try Data("not a cache".utf8).write(to: URL(fileURLWithPath: path))
        let again = cache.reference(training: Self.training, rowLength: 8, padID: 0)
        #expect(!again.cached && again.reference == counted)
        #expect(cache.reference(training: Self.training, rowLength: 8, padID: 0).cached, "rewritten")
    }

    @Test func noDirectoryOrAnUnwritableOneStillCounts() throws {
        let none = ReferenceCache(directory: nil).reference(training: Self.training, rowLength: 8, padID: 0)
        #expect(!none.cached && none.reference.rowCount == 50)
        let file = try Self.temporaryDirectory() + "/a-file"
        try Data().write(to: URL(fileURLWithPath: file))
        let blocked = ReferenceCache(directory: file + "/cache")  // a path below a regular file
        let result = blocked.reference(training: Self.training, rowLength: 8, padID: 0)
        #expect(!result.cached && result.reference == none.reference)
    }

    @Test func directoryComesFromTheEnvironment() {
        #expect(ReferenceCache.fromEnvironment(["TEXTGAN_CACHE_DIR": "/x", "XDG_CACHE_HOME": "/y", "HOME": "/h"]).directory == "/x")
        #expect(ReferenceCache.fromEnvironment(["TEXTGAN_CACHE_DIR": "off", "HOME": "/h"]).directory == nil)
        #expect(ReferenceCache.fromEnvironment(["XDG_CACHE_HOME": "/y", "HOME": "/h"]).directory == "/y/textgan")
        #expect(ReferenceCache.fromEnvironment(["HOME": "/h"]).directory == "/h/.cache/textgan")
        #expect(ReferenceCache.fromEnvironment([:]).directory == nil)
    }
}
