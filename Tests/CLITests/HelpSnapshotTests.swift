import Foundation
import Testing

/// `--help` of every command, compared with the stored copy in
/// `HelpSnapshots/<command>.txt` (`textgan.txt` for the top level), so that a
/// changed option, default or wording shows up in review.
///
/// ArgumentParser wraps help to the terminal's width, read from `COLUMNS`
/// before asking the terminal; the tests set `COLUMNS=100` (and `LINES`, so no
/// terminal is asked at all) to get the same text everywhere.
///
/// After an intended change, rewrite the snapshots and commit them:
///
///     UPDATE_HELP_SNAPSHOTS=1 swift test --skip-build --filter HelpSnapshotTests
@Suite struct HelpSnapshotTests {
    /// Every subcommand of `textgan` (TextGANCommand's `subcommands`), and `""` for the top level.
    static let commands = ["", "train", "sample", "eval", "compare", "vocab", "demo", "bench", "bench-engine"]

    static let environment = ["COLUMNS": "100", "LINES": "50"]

    static let snapshotDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("HelpSnapshots")

    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_HELP_SNAPSHOTS"] == "1" }

    static func snapshotFile(_ command: String) -> URL {
        snapshotDirectory.appendingPathComponent((command.isEmpty ? "textgan" : command) + ".txt")
    }

    /// A unified-style hunk around the first run of differing lines: up to three
    /// lines of context on each side and at most `limit` lines from each version.
    static func firstDifference(expected: String, actual: String, limit: Int = 12) -> String? {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        guard old != new else { return nil }
        var prefix = 0
        while prefix < min(old.count, new.count) && old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(old.count, new.count) - prefix && old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let removed = old[prefix..<(old.count - suffix)], added = new[prefix..<(new.count - suffix)]
        let before = old[max(0, prefix - 3)..<prefix], after = old[(old.count - suffix)..<min(old.count, old.count - suffix + 3)]
        var lines = ["--- snapshot", "+++ actual",
                     "@@ -\(before.startIndex + 1),\(before.count + removed.count + after.count) +\(before.startIndex + 1),\(before.count + added.count + after.count) @@"]
        lines += before.map { " \($0)" }
        lines += removed.prefix(limit).map { "-\($0)" } + (removed.count > limit ? ["-… \(removed.count - limit) more lines"] : [])
        lines += added.prefix(limit).map { "+\($0)" } + (added.count > limit ? ["+… \(added.count - limit) more lines"] : [])
        lines += after.map { " \($0)" }
        return lines.joined(separator: "\n")
    }

    /// The text with its trailing blank lines removed and one final newline
    /// (help ends with an empty line, which editors and `git diff --check` strip).
    static func normalized(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(arguments: commands)
    func helpMatchesItsSnapshot(command: String) throws {
        let arguments = (command.isEmpty ? [] : [command]) + ["--help"]
        let r = try CLIRunner.run(arguments, environment: Self.environment, timeout: 30)
        let help = Self.normalized(r.stdout)
        let invocation = (["textgan"] + arguments).joined(separator: " ")
        #expect(r.status == 0 && !r.crashed, "\(invocation) exited with \(r.status): \(r.stderr)")
        #expect(r.stderr.isEmpty, "\(invocation) wrote to stderr: \(r.stderr)")
        let file = Self.snapshotFile(command)
        if Self.updating {
            try FileManager.default.createDirectory(at: Self.snapshotDirectory, withIntermediateDirectories: true)
            try help.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let update = "If the change is intended, run `UPDATE_HELP_SNAPSHOTS=1 swift test --skip-build --filter HelpSnapshotTests` and commit the snapshots."
        guard let snapshot = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no snapshot for `\(invocation)` at \(file.path). \(update)")
            return
        }
        if let diff = Self.firstDifference(expected: snapshot, actual: help) {
            Issue.record("`\(invocation)` differs from HelpSnapshots/\(file.lastPathComponent):\n\(diff)\n\(update)")
        }
    }

    /// A new subcommand needs a snapshot too: the top-level help's SUBCOMMANDS
    /// section lists exactly ``commands``, and every snapshot file is one of them.
    @Test func everySubcommandHasASnapshot() throws {
        let r = try CLIRunner.run(["--help"], environment: Self.environment, timeout: 30)
        let section = try #require(r.stdout.components(separatedBy: "SUBCOMMANDS:\n").last)
        // Subcommand lines start with two spaces and the name; wrapped descriptions are indented further.
        let listed = section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            let name = line.dropFirst(2).prefix { $0 != " " }
            return name == "See" ? nil : String(name)
        }
        #expect(Set(listed) == Set(Self.commands.filter { !$0.isEmpty }), "subcommands in --help: \(listed)")
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.snapshotDirectory.path).filter { $0.hasSuffix(".txt") }
        #expect(Set(files) == Set(Self.commands.map { Self.snapshotFile($0).lastPathComponent }), "snapshot files: \(files.sorted())")
    }

    @Test func diffShowsTheFirstDifferingLinesWithContext() {
        let expected = "a\nb\nc\nd\ne\nf\ng\n", actual = "a\nb\nc\nd\nE\nF\ng\n"
        #expect(Self.firstDifference(expected: expected, actual: expected) == nil)
        // The trailing newline makes a last, empty line: it is context too.
        #expect(Self.firstDifference(expected: expected, actual: actual) == [
            "--- snapshot", "+++ actual", "@@ -2,7 +2,7 @@",
            " b", " c", " d", "-e", "-f", "+E", "+F", " g", " ",
        ].joined(separator: "\n"))
        // A line added at the end.
        #expect(Self.firstDifference(expected: "a\n", actual: "a\nb\n") == "--- snapshot\n+++ actual\n@@ -1,2 +1,3 @@\n a\n+b\n ")
    }
}
