import Foundation
import Testing

/// `bench/keep-results.sh`, which copies what a comparison's numbers need into
/// bench/results: everything kept must be free of the machine's absolute paths (the
/// repository's and the runs folder's, in both the plain and JSONEncoder's `\/` spelling),
/// and nothing a result does not need (checkpoints, earlier samples) is copied.
@Suite struct KeepResultsTests {
    /// A runs folder as `compare` and the experiment scripts leave it, with one run.
    static func makeRunsFolder(_ runs: String, run: String) throws {
        let root = CLIRunner.packageRoot.path
        let corpus = "\(root)/corpora/english.txt"
        let escapedCorpus = corpus.replacingOccurrences(of: "/", with: "\\/")
        let escapedRun = "\(runs)/\(run)".replacingOccurrences(of: "/", with: "\\/")
        let files: [String: String] = [
            "report.md": "**Settings.** corpus \(corpus); C = 64\n",
            "summary.json": "{\"corpus\" : \"\(escapedCorpus)\"}\n",
            "jobs.json": "{\"history\":[2]}",
            "toolbox-table.md": "| configuration | seeds |\n",
            "\(run)/config.json": "{\"corpusPath\" : \"\(escapedCorpus)\"}\n",
            "\(run)/vocab.json": "[\"<pad>\"]\n",
            "\(run)/metrics.jsonl": "{\"step\":20}\n",
            "\(run)/samples-100.txt": "an earlier sample\n",
            "\(run)/samples-1000.txt": "the last sample\n",
            "\(run)/checkpoint-1000.safetensors": "weights",
            "\(run)/truncation-0.5.json": "{\"checkpoint\" : \"\(escapedRun)\\/checkpoint-1000.safetensors\"}\n",
            "\(run)/eval-ema.json": "{\"checkpoint\" : \"\(runs)/\(run)/checkpoint-1000.safetensors\"}\n",
        ]
        for (name, text) in files {
            let url = URL(fileURLWithPath: "\(runs)/\(name)")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    @Test func keepsResultsWithRelativePathsAndWithoutCheckpoints() throws {
        let top = CLIRunner.temporaryDirectory()
        let runs = "\(top)/runs", kept = "\(top)/kept", run = "gp-seed1"
        try Self.makeRunsFolder(runs, run: run)
        let result = try CLIRunner.run(["bash", "bench/keep-results.sh", runs, kept], program: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("kept 1 runs"), "\(result.stdout)")

        let files = Set(try FileManager.default.subpathsOfDirectory(atPath: kept))
        #expect(files == ["report.md", "summary.json", "jobs.json", "toolbox-table.md", run,
                          "\(run)/config.json", "\(run)/vocab.json", "\(run)/metrics.jsonl", "\(run)/samples-1000.txt",
                          "\(run)/truncation-0.5.json", "\(run)/eval-ema.json"])
        for file in files where file.contains(".") {
            let text = try String(contentsOfFile: "\(kept)/\(file)", encoding: .utf8)
            #expect(!text.contains(top) && !text.contains(top.replacingOccurrences(of: "/", with: "\\/")), "\(file): \(text)")
            #expect(!text.contains(CLIRunner.packageRoot.path), "\(file): \(text)")
        }
        let settings = try String(contentsOfFile: "\(kept)/report.md", encoding: .utf8)
        #expect(settings.contains("corpus corpora/english.txt;"), "\(settings)")
        let config = try String(contentsOfFile: "\(kept)/\(run)/config.json", encoding: .utf8)
        #expect(config.contains("\"corpora\\/english.txt\""), "\(config)")
        let truncation = try String(contentsOfFile: "\(kept)/\(run)/truncation-0.5.json", encoding: .utf8)
        #expect(truncation.contains("\"\(run)\\/checkpoint-1000.safetensors\""), "\(truncation)")
        let evaluation = try String(contentsOfFile: "\(kept)/\(run)/eval-ema.json", encoding: .utf8)
        #expect(evaluation.contains("\"\(run)/checkpoint-1000.safetensors\""), "\(evaluation)")
    }
}
