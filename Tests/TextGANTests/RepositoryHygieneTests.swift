import Foundation
import Testing

/// Nothing committed points outside the repository. A path into the team's sketch folder
/// beside one checkout, or an absolute path into a home, root or work folder (a corpus
/// path a run recorded, say), exists on one machine only: in a fresh clone it dangles.
/// Every tracked text file is read, the metric logs included.
@Suite struct RepositoryHygieneTests {
    /// The repository's top folder (this file is `Tests/TextGANTests/RepositoryHygieneTests.swift`).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// This file, relative to ``root``: it names the patterns, so it is not checked.
    static let thisFile = String(URL(fileURLWithPath: #filePath).path.dropFirst(root.path.count + 1))

    /// The sketch folder beside a checkout, or an absolute path into the `work`, `root` or
    /// `home` folder followed by a file-name character (the slashes possibly JSON-escaped
    /// as `\/`), that does not continue a relative path, a word or `~`.
    static func outsidePath() throws -> NSRegularExpression {
        try NSRegularExpression(
            pattern: #"(^|[^A-Za-z0-9_.~-])\\?/(work|root|home)\\?/[A-Za-z0-9_.-]|\.\./shared"#, options: [.anchorsMatchLines])
    }

    /// The files git tracks, relative to ``root``; nil where git or the repository's
    /// `.git` is missing (a source tarball, a copy without history).
    static let trackedFiles: [String]? = {
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path, "ls-files", "-z"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let listing = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: listing, as: UTF8.self).split(separator: "\0").map(String.init)
    }()

    static func pointsOutside(_ text: String, _ pattern: NSRegularExpression) -> Bool {
        pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    @Test func thePatternFindsMachinePathsAndNotRelativeOnes() throws {
        let pattern = try Self.outsidePath()
        // Written with placeholders, so that this file itself holds no machine path.
        let folders = ["WORK": "work", "ROOT": "root", "HOME": "home", "SKETCH": "../" + "shared"]
        let machinePaths = ["corpus /WORK/main/corpora/english.txt;", "\"corpusPath\" : \"\\/WORK\\/main\\/corpora\\/english.txt\"",
                            "/ROOT/.cache/textgan", "see SKETCH/DESIGN.md", "(/HOME/alice/runs)", "line one\n/WORK/x"]
        for text in machinePaths.map({ path in folders.reduce(path) { $0.replacingOccurrences(of: $1.key, with: $1.value) } }) {
            #expect(Self.pointsOutside(text, pattern), "\(text)")
        }
        for text in ["bench/results/home/x", "~/work/x", "runs/work/seed1", "/work", "the /home folder", "../share/doc", "/tmp/full.json"] {
            #expect(!Self.pointsOutside(text, pattern), "\(text)")
        }
    }

    @Test(.enabled(if: trackedFiles != nil, "needs git and the repository's .git (a source tarball has neither)"))
    func noCommittedFilePointsOutsideTheRepository() throws {
        let files = try #require(Self.trackedFiles)
        let pattern = try Self.outsidePath()
        #expect(files.contains("Package.swift"), "git ls-files in \(Self.root.path) did not list Package.swift")
        var findings: [String] = []
        for file in files where file != Self.thisFile {
            guard let data = FileManager.default.contents(atPath: Self.root.appendingPathComponent(file).path),
                  !data.prefix(8000).contains(0)  // binary, as git decides
            else { continue }
            let text = String(decoding: data, as: UTF8.self)
            guard Self.pointsOutside(text, pattern) else { continue }
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where Self.pointsOutside(String(line), pattern) {
                findings.append("\(file):\(index + 1): \(line.prefix(160))")
            }
        }
        #expect(findings.isEmpty, """
            committed files point outside the repository; write paths relative to its top folder, \
            or a placeholder such as DIR or RUN:
            \(findings.joined(separator: "\n"))
            """)
    }

    /// Every committed shell script parses (`bash -n`): the bench and experiment scripts run
    /// for hours and rarely, so a syntax error would otherwise surface only when they are needed.
    @Test(.enabled(if: trackedFiles != nil, "needs git and the repository's .git (a source tarball has neither)"))
    func everyShellScriptParses() throws {
        let scripts = try #require(Self.trackedFiles).filter { $0.hasSuffix(".sh") || $0 == ".ci/run" }
        #expect(scripts.contains("bench/experiments/toolbox-compare.sh"), "\(scripts)")
        for script in scripts {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["bash", "-n", Self.root.appendingPathComponent(script).path]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(script) does not parse: \(message)")
        }
    }
}
