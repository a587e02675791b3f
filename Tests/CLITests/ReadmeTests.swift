import Foundation
import Testing

/// The tables of `train` options against `textgan train --help`, whose defaults are read
/// from the one defaults value (`TrainingConfiguration.defaults`): every option of `train`
/// has a row in docs/options.md, and every row there and in the README's shorter table
/// states the default `--help` states.
@Suite struct ReadmeTests {
    /// Options of `train` that are not settings of a run, so the table leaves them out.
    static let notInTable: Set<String> = ["--corpus", "--out", "--resume", "--quiet", "--help", "--preset"]

    /// `--flag` → the default column of each `| `--flag` | default | meaning |` row of `file`.
    static func optionRows(in file: String) throws -> [String: String] {
        let readme = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent(file), encoding: .utf8)
        var rows: [String: String] = [:]
        for line in readme.split(separator: "\n") where line.hasPrefix("| `--") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4 else { continue }
            rows[cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = cells[2]
        }
        return rows
    }

    /// `--flag` → its help text (joined over wrapped lines), from `train --help`.
    static func helpTexts() throws -> [String: String] {
        let help = try CLIRunner.run(["train", "--help"], environment: ["COLUMNS": "1000", "LINES": "50"]).stdout
        var texts: [String: String] = [:]
        for line in help.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("--") else { continue }
            let flag = String(trimmed.prefix { $0 != " " })
            texts[flag] = trimmed
        }
        return texts
    }

    /// The default a help text states: "(default 5)", "(default 5; …)", "(default: nfc)".
    static func statedDefault(_ help: String) -> String? {
        guard let range = help.range(of: #"\(default:? [^;)]+"#, options: .regularExpression) else { return nil }
        return String(help[range]).replacingOccurrences(of: #"^\(default:? "#, with: "", options: .regularExpression)
    }

    /// Equal as text, or as numbers (`1e-4` and `0.0001`, `10` and `10.0`).
    static func same(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        guard let x = Double(a), let y = Double(b) else { return false }
        return x == y
    }

    @Test func everyTrainOptionHasARowWithTheDefaultHelpStates() throws {
        let all = try Self.optionRows(in: "docs/options.md")
        let readme = try Self.optionRows(in: "README.md")
        let help = try Self.helpTexts()
        #expect(help.count > 20, "train --help listed \(help.count) options")
        #expect(readme.count >= 8, "README's table has \(readme.count) rows")
        for flag in help.keys.sorted() where !Self.notInTable.contains(flag) {
            #expect(all[flag] != nil, "docs/options.md has no row for \(flag)")
        }
        for (file, rows) in [("docs/options.md", all), ("README.md", readme)] {
            for (flag, tableDefault) in rows.sorted(by: { $0.key < $1.key }) {
                guard let text = help[flag] else {
                    Issue.record("\(file) has a row for \(flag), which train does not take")
                    continue
                }
                if let stated = Self.statedDefault(text) {
                    #expect(Self.same(tableDefault, stated), "\(file) says \(flag) defaults to \(tableDefault), train --help says \(stated)")
                }
            }
        }
    }

    /// The README's Swift example is the code of `Sources/LibraryExample/main.swift`, which
    /// the package builds: every line of the file after its leading comment is in the README.
    @Test func libraryExampleInTheReadmeIsTheOneThatBuilds() throws {
        let readme = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let example = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("Sources/LibraryExample/main.swift"), encoding: .utf8)
        let code = example.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.hasPrefix("//") }.joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(code.count > 200)
        #expect(readme.contains("```swift\n" + code + "\n```"), "README's Swift example differs from Sources/LibraryExample/main.swift")
    }

    @Test func statedDefaultsAreReadFromHelpTexts() {
        #expect(Self.statedDefault("--dim <dim>   Channels C (default 128; 512 in the paper).") == "128")
        #expect(Self.statedDefault("--unit <unit>   What one token is. (default: grapheme)") == "grapheme")
        #expect(Self.statedDefault("--ema <ema>   Keep an average.") == nil)
        #expect(Self.same("1e-4", "0.0001") && Self.same("10", "10.0") && !Self.same("5", "3"))
    }
}
