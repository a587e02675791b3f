import Foundation
import Testing

/// Every `textgan` command line the Markdown shows names a command textgan has and only
/// options that command's `--help` declares: a user who copies one from the docs gets a
/// run, not "Unknown option". The command lines are those in code blocks (continued over
/// `\` line ends, `# comments` dropped, a word after `textgan` that options or the line's
/// end follow) and the inline code spans that start with
/// `textgan COMMAND` or `COMMAND --`. Option values are not checked: the commands name
/// corpora and run folders that exist only where they are run.
@Suite struct DocumentedCommandTests {
    static let commands = ["train", "sample", "eval", "compare", "vocab", "demo", "bench", "bench-engine"]

    struct DocumentedCommand: CustomStringConvertible {
        let file: String
        let command: String
        let arguments: String
        var description: String { "\(file): textgan \(command) \(arguments)" }
    }

    static func matches(_ pattern: String, in text: String) throws -> [[String]] {
        let expression = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (1..<match.numberOfRanges).map { Range(match.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
        }
    }

    /// The command lines of one Markdown file.
    static func commandLines(in text: String, file: String) throws -> [DocumentedCommand] {
        var found: [DocumentedCommand] = []
        var inFence = false
        var block: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if inFence {
                    let joined = block.joined(separator: "\n").replacingOccurrences(of: "\\\n", with: " ")
                    for command in joined.split(separator: "\n") {
                        let code = command.replacingOccurrences(of: #"\s#.*"#, with: "", options: .regularExpression)
                        for match in try matches(#"(?:^|[\s;&|(])textgan ([a-z][a-z-]*)(?=\s+--|\s*$)([^;&|]*)"#, in: code) {
                            found.append(DocumentedCommand(file: file, command: match[0], arguments: match[1].trimmingCharacters(in: .whitespaces)))
                        }
                    }
                    block = []
                }
                inFence.toggle()
            } else if inFence {
                block.append(String(line))
            }
        }
        let spanStart = "(?:textgan (?=[a-z])|(?=(?:\(commands.joined(separator: "|"))) --))"
        for match in try matches("`\(spanStart)([a-z][a-z-]*)([^`]*)`", in: text) {
            found.append(DocumentedCommand(file: file, command: match[0], arguments: match[1].trimmingCharacters(in: .whitespaces)))
        }
        return found
    }

    /// The options `textgan COMMAND --help` declares: the `--name` that starts each line
    /// of its option list, and both names of a `--name/--no-name` flag.
    static func declaredOptions(_ command: String) throws -> Set<String> {
        let help = try CLIRunner.run([command, "--help"], environment: ["COLUMNS": "1000", "LINES": "50"])
        guard help.status == 0 else { return [] }
        return Set(try matches(#"^\s*(?:-\w, )?(--[a-z0-9-]+(?:/--[a-z0-9-]+)?)"#, in: help.stdout)
            .flatMap { $0[0].split(separator: "/").map(String.init) })
    }

    @Test func theExtractionFindsBlockLinesAndSpans() throws {
        let text = """
            Run `textgan sample --run runs/en --count 3` or `compare --vary lr=1e-4
            --penalties gp`, not `the train`.
            ```sh
            export X=1; textgan train --corpus c.txt \\
              --out runs/en   # a comment with --not-an-option
            mpirun -n 2 textgan train --resume runs/en
            Error: textgan was built without MPI
            textgan demo
            ```
            """
        let found = try Self.commandLines(in: text, file: "x.md").map { "\($0.command):\($0.arguments)" }
        #expect(found == ["train:--corpus c.txt    --out runs/en", "train:--resume runs/en", "demo:",
                          "sample:--run runs/en --count 3", "compare:--vary lr=1e-4\n--penalties gp"], "\(found)")
    }

    @Test func everyDocumentedCommandLineUsesOptionsItsCommandDeclares() throws {
        var documented: [DocumentedCommand] = []
        for file in DocumentationLinkTests.markdownFiles() {
            let text = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent(file), encoding: .utf8)
            documented += try Self.commandLines(in: text, file: file)
        }
        #expect(documented.count > 50, "found only \(documented.count) command lines")
        var declared: [String: Set<String>] = [:]
        for command in Self.commands { declared[command] = try Self.declaredOptions(command) }
        #expect(declared["train"]?.contains("--corpus") == true && declared["sample"]?.contains("--no-ema") == true, "\(declared)")
        for line in documented {
            guard let options = declared[line.command] else {
                Issue.record("\(line): textgan has no command '\(line.command)'")
                continue
            }
            for match in try Self.matches(#"(?:^|\s)(--[a-z0-9][a-z0-9-]*)"#, in: line.arguments) where !options.contains(match[0]) {
                Issue.record("\(line): \(line.command) takes no \(match[0])")
            }
        }
    }
}
