import Foundation
import Testing

/// The folders of `Sources/TextGAN` use each other one way (docs/design.md,
/// "Folders"). They compile into one module so that the engine's generics
/// specialise, so the compiler cannot hold these edges; this test does.
///
/// Every type declared at the top level of a folder's files (not `private` or
/// `fileprivate`) belongs to that folder; `Sources/Engine` is the folder
/// "Engine". A folder's files may mention, as a whole word outside `//` and
/// `///` comments, only types of its own or of the folders ``allowedUses``
/// lists for it. Nested types are reached through their enclosing type, and
/// free functions are not checked.
@Suite struct LayeringTests {
    /// The repository's top folder (this file is `Tests/TextGANTests/LayeringTests.swift`).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folders each folder may use. Change it together with docs/design.md.
    static let allowedUses: [String: Set<String>] = [
        "Engine": [],
        "Layers": ["Engine"],
        "Optim": ["Layers", "Engine"],
        "Parallel": ["Engine"],
        "GAN": ["Layers", "Optim", "Parallel", "Engine"],
        "IO": ["Engine"],
        "Metrics": ["IO", "Engine"],
        "Run": ["GAN", "Metrics", "IO", "Optim", "Layers", "Parallel", "Engine"],
        "Report": ["Run", "Metrics", "GAN", "IO"],
        "Bench": ["GAN", "Run", "Parallel", "Engine"],
    ]

    /// Whether the sources are here (they are not beside an installed test binary).
    static let sourcesPresent = FileManager.default.fileExists(atPath: root.appendingPathComponent("Sources/TextGAN").path)

    /// Each folder's name and its `.swift` files (paths relative to ``root``, sorted):
    /// `Sources/Engine` as "Engine", and every real subfolder of `Sources/TextGAN`
    /// (its `Engine` is a link to `Sources/Engine`, not a folder of its own).
    static func folders() throws -> [String: [String]] {
        let fileManager = FileManager.default
        var directories = ["Engine": "Sources/Engine"]
        for name in try fileManager.contentsOfDirectory(atPath: root.appendingPathComponent("Sources/TextGAN").path) {
            let path = "Sources/TextGAN/" + name
            let attributes = try fileManager.attributesOfItem(atPath: root.appendingPathComponent(path).path)  // lstat: links stay links
            if attributes[.type] as? FileAttributeType == .typeDirectory { directories[name] = path }
        }
        var folders: [String: [String]] = [:]
        for (name, directory) in directories {
            let files = fileManager.enumerator(atPath: root.appendingPathComponent(directory).path)?
                .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
            folders[name] = files.map { directory + "/" + $0 }.sorted()
        }
        return folders
    }

    /// `text` with every `//` comment (and so every `///` doc line) removed; a
    /// `//` inside a string literal on its line (a URL) is kept.
    static func strippingComments(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            var inString = false, escaped = false
            var previous: Character?
            for index in line.indices {
                let character = line[index]
                defer { previous = character }
                if escaped { escaped = false; continue }
                if character == "\\" { escaped = true; continue }
                if character == "\"" { inString.toggle(); continue }
                if !inString && character == "/" && previous == "/" { return line[..<line.index(before: index)] }
            }
            return line
        }.joined(separator: "\n")
    }

    static func isIdentifierCharacter(_ c: Character) -> Bool {
        c == "_" || (c.isASCII && (c.isLetter || c.isNumber))
    }

    /// The whole words (ASCII identifiers) of `text`.
    static func words(in text: String) -> Set<String> {
        Set(text.split(whereSeparator: { !isIdentifierCharacter($0) }).map(String.init))
    }

    /// The types a file declares at the top level (a line that starts with the
    /// declaration, after attributes and modifiers), except `private` and
    /// `fileprivate` ones, which no other file can see.
    static func declaredTypes(in text: String) -> [String] {
        let kinds: Set<Substring> = ["struct", "class", "enum", "protocol", "actor", "typealias"]
        let modifiers: Set<Substring> = ["public", "package", "internal", "final", "indirect", "open"]
        var names: [String] = []
        for line in strippingComments(text).split(separator: "\n") {
            guard let first = line.first, !first.isWhitespace else { continue }
            var tokens = line.split(separator: " ")[...]
            while let token = tokens.first, token.hasPrefix("@") || modifiers.contains(token) { tokens.removeFirst() }
            guard let kind = tokens.popFirst(), kinds.contains(kind), let rest = tokens.first else { continue }
            let name = rest.prefix(while: isIdentifierCharacter)
            if !name.isEmpty { names.append(String(name)) }
        }
        return names
    }

    @Test func commentsAreStrippedAndOnlyWholeWordsCount() {
        let text = """
            /// Uses Generator, in prose.
            let critic = Critic<Float>.self // Generator, in a comment
            let url = "https://example.com/a"; let y = GeneratorConfiguration(Adam())
            """
        let words = Self.words(in: Self.strippingComments(text))
        #expect(words.isSuperset(of: ["Critic", "Float", "GeneratorConfiguration", "Adam"]))
        #expect(!words.contains("Generator") && !words.contains("prose") && !words.contains("comment"))
    }

    @Test func declarationsAreTopLevelAndVisible() {
        let text = """
            public struct Alpha<T>: Sendable {
                struct Nested {}
            }
            @frozen public final class Beta: Gamma {}
            private struct Hidden {}
            fileprivate enum AlsoHidden {}
            // struct Commented {}
            typealias Delta = Int
            extension Epsilon {}
            enum Zeta: String { case a }
            public protocol Eta {}
            """
        #expect(Self.declaredTypes(in: text) == ["Alpha", "Beta", "Delta", "Zeta", "Eta"])
    }

    @Test(.enabled(if: sourcesPresent, "needs the package's Sources folder"))
    func everyFolderHasARowInTheTable() throws {
        let onDisk = Set(try Self.folders().keys), inTable = Set(Self.allowedUses.keys)
        #expect(onDisk == inTable, """
            folders without a row in LayeringTests.allowedUses: \(onDisk.subtracting(inTable).sorted()); \
            rows without a folder: \(inTable.subtracting(onDisk).sorted()). Update the table and docs/design.md.
            """)
    }

    @Test(.enabled(if: sourcesPresent, "needs the package's Sources folder"))
    func foldersUseOnlyTheFoldersTheyMay() throws {
        let folders = try Self.folders()
        var texts: [String: String] = [:]
        var owners: [String: Set<String>] = [:]  // type → the folders that declare it
        for (folder, files) in folders {
            for file in files {
                let text = try String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)
                texts[file] = Self.strippingComments(text)
                for name in Self.declaredTypes(in: text) { owners[name, default: []].insert(folder) }
            }
        }
        #expect(owners.count > 50, "found only \(owners.count) types under \(Self.root.path)/Sources")

        var findings: [String] = []
        for folder in folders.keys.sorted() {
            let allowed = Self.allowedUses[folder] ?? []
            for file in folders[folder] ?? [] {
                for word in Self.words(in: texts[file] ?? "").sorted() {
                    // A name this folder (or a folder it may use) declares is allowed, even if another declares it too.
                    guard let declaredBy = owners[word], !declaredBy.contains(folder), declaredBy.isDisjoint(with: allowed) else { continue }
                    for forbidden in declaredBy.sorted() {
                        findings.append("\(folder) → \(forbidden): \(word) (\(file))")
                    }
                }
            }
        }
        #expect(findings.isEmpty, """
            folders use folders they may not (docs/design.md, "Folders"); move the code, \
            or change the table in LayeringTests and the design together:
            \(findings.joined(separator: "\n"))
            """)
    }
}
