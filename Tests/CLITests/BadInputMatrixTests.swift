import Foundation
import Testing

/// Every command that reads a corpus, given each kind of bad file: a
/// non-zero exit, one line on stderr naming the problem, no trap text.
@Suite struct BadInputMatrixTests {
    /// (file name, contents or nil for a directory, a phrase the message must contain)
    static func badFiles(in dir: String) throws -> [(path: String, phrase: String)] {
        let cases: [(String, [UInt8]?, String)] = [
            ("missing.txt", nil, "no file"),
            ("a-directory", nil, "is a directory"),
            ("empty.txt", [], "is empty"),
            ("binary.bin", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00], "NUL byte"),
            ("latin1.txt", Array("caf".utf8) + [0xE9] + Array("\n".utf8), "not valid UTF-8"),
            ("blank-lines.txt", Array("\n\n\r\n\n".utf8), "no usable lines"),
        ]
        var result: [(String, String)] = []
        for (name, bytes, phrase) in cases {
            let path = dir + "/" + name
            if name == "a-directory" {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } else if let bytes {
                try Data(bytes).write(to: URL(fileURLWithPath: path))
            }
            result.append((path, phrase))
        }
        return result
    }

    @Test func everyCorpusReaderRejectsEveryBadFile() throws {
        let dir = CLIRunner.temporaryDirectory()
        for (path, phrase) in try Self.badFiles(in: dir) {
            for command in [["vocab", "--corpus", path],
                            ["train", "--corpus", path, "--out", dir + "/run-\(UUID().uuidString)"],
                            ["bench", "--corpus", path, "--iterations", "1"]] {
                let r = try CLIRunner.run(command)
                #expect(r.status != 0 && !r.crashed, "\(command)")
                #expect(r.stderr.contains(phrase), "\(command): \(r.stderr)")
                let lines = r.stderr.split(separator: "\n")
                #expect(lines.count == 1, "\(command): \(r.stderr)")
                #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"), "\(command): \(r.stderr)")
            }
        }
    }

    @Test func resumingAfterTheCorpusChangedIsRefused() throws {
        let dir = CLIRunner.temporaryDirectory()
        let corpus = dir + "/corpus.txt"
        try FileManager.default.copyItem(atPath: CLIRunner.corpus("tiny.txt"), toPath: corpus)
        let run = dir + "/run"
        let train = try CLIRunner.run(["train", "--corpus", corpus, "--out", run, "--iterations", "1", "--quiet"] + TrainAndSampleTests.tinyModel)
        #expect(train.status == 0, "\(train.stderr)")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: corpus))
        handle.seekToEndOfFile()
        handle.write(Data((0..<50).map { "a new line number \($0)\n" }.joined().utf8))
        try handle.close()
        let resumed = try CLIRunner.run(["train", "--resume", run, "--iterations", "2"])
        #expect(resumed.status != 0 && !resumed.crashed)
        #expect(resumed.stderr.contains("changed since training"), "\(resumed.stderr)")
    }

    @Test func aRunDirectoryThatIsNotARunIsNamedAsSuch() throws {
        let dir = CLIRunner.temporaryDirectory()
        try Data("{}".utf8).write(to: URL(fileURLWithPath: dir + "/config.json"))
        for command in [["sample", "--run", dir], ["train", "--resume", dir]] {
            let r = try CLIRunner.run(command)
            #expect(r.status != 0 && !r.crashed)
            #expect(r.stderr.contains("corrupt or from another textgan version"), "\(command): \(r.stderr)")
        }
    }
}
