import Foundation
import Testing

/// Every relative link in the repository's Markdown (README, docs/, bench/, corpora/)
/// reaches a file that exists inside the repository and, with `#anchor`, a heading of
/// that file: the docs explain the repository only if their links hold as files move.
/// (Machine paths and the team sketch, in any file: RepositoryHygieneTests.)
@Suite struct DocumentationLinkTests {
    static let root = CLIRunner.packageRoot

    /// The Markdown files the repository explains itself with (`.build` and run folders left out).
    static func markdownFiles() -> [String] {
        var files = ["README.md"]
        for folder in ["docs", "bench", "corpora"] {
            guard let walker = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path) else { continue }
            for case let path as String in walker where path.hasSuffix(".md") { files.append("\(folder)/\(path)") }
        }
        return files.sorted()
    }

    /// GitHub's anchor for a heading: lowercased, punctuation other than `-` and `_`
    /// dropped, spaces turned into `-`.
    static func anchor(_ heading: String) -> String {
        String(heading.lowercased().unicodeScalars.compactMap { scalar -> Character? in
            if scalar == " " { return "-" }
            if scalar == "-" || scalar == "_" || CharacterSet.alphanumerics.contains(scalar) { return Character(scalar) }
            return nil
        })
    }

    static func anchors(in text: String) -> Set<String> {
        var found: Set<String> = []
        var inFence = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle() }
            guard !inFence, line.hasPrefix("#") else { continue }
            found.insert(anchor(line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)))
        }
        return found
    }

    /// `](target)` links outside code, without the web's.
    static func links(in text: String) -> [String] {
        var result: [String] = []
        var inFence = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle() }
            guard !inFence else { continue }
            var rest = Substring(line)
            while let open = rest.range(of: "](") {
                let tail = rest[open.upperBound...]
                guard let close = tail.firstIndex(of: ")") else { break }
                let target = String(tail[..<close])
                if !target.contains("://"), !target.hasPrefix("mailto:"), !target.contains(" ") { result.append(target) }
                rest = tail[close...]
            }
        }
        return result
    }

    @Test func everyRelativeLinkReachesAFileAndAHeading() throws {
        let files = Self.markdownFiles()
        #expect(files.count >= 10, "found only \(files)")
        for file in files {
            let text = try String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)
            let folder = (file as NSString).deletingLastPathComponent
            for link in Self.links(in: text) {
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let path = String(parts[0])
                let target = path.isEmpty ? file : ((folder as NSString).appendingPathComponent(path) as NSString).standardizingPath
                #expect(!target.hasPrefix(".."), "\(file) links outside the repository: \(link)")
                let url = Self.root.appendingPathComponent(target)
                guard FileManager.default.fileExists(atPath: url.path) else {
                    Issue.record("\(file) links to \(link), which does not exist")
                    continue
                }
                if parts.count == 2, target.hasSuffix(".md") {
                    let anchors = Self.anchors(in: try String(contentsOf: url, encoding: .utf8))
                    #expect(anchors.contains(String(parts[1])), "\(file) links to \(link): no such heading in \(target)")
                }
            }
        }
    }

    @Test func anchorsFollowGitHubsRule() {
        #expect(Self.anchor("The Winograd row combinations (after the table above)") == "the-winograd-row-combinations-after-the-table-above")
        #expect(Self.anchor("Ctrl-C, `--resume` and R1") == "ctrl-c---resume-and-r1")
        #expect(Self.links(in: "see [a](docs/a.md#b) and [web](https://x.org)\n```\n[c](d)\n```") == ["docs/a.md#b"])
    }
}
