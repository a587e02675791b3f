import Foundation

/// The JSON form of a ``Vocabulary``:
///
/// ```json
/// {
///   "counts" : [0, 0, 5120, 980],
///   "formatVersion" : 1,
///   "options" : { "caseFold" : false, "normalization" : "nfc", "stripControls" : false, "unit" : "grapheme" },
///   "padID" : 0,
///   "unknownID" : 1,
///   "units" : ["<pad>", "<unk>", " ", "e"]
/// }
/// ```
///
/// Decoding checks the version, that ids 0 and 1 are `<pad>` and `<unk>`, that every unit
/// is a valid spelling for the unit kind, and that no unit appears twice.
extension Vocabulary: Codable {
    private enum CodingKeys: String, CodingKey {
        case formatVersion, options, padID, unknownID, units, counts
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .formatVersion)
        try container.encode(options, forKey: .options)
        try container.encode(padID, forKey: .padID)
        try container.encode(unknownID, forKey: .unknownID)
        try container.encode(units, forKey: .units)
        try container.encode(counts, forKey: .counts)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(Int.self, forKey: .formatVersion)
        func corrupt(_ key: CodingKeys, _ message: String) -> DecodingError {
            .dataCorruptedError(forKey: key, in: container, debugDescription: message)
        }
        guard version == Self.formatVersion else {
            throw corrupt(.formatVersion, "format version \(version), expected \(Self.formatVersion)")
        }
        let options = try container.decode(TokenizerOptions.self, forKey: .options)
        let padID = try container.decode(Int32.self, forKey: .padID)
        let unknownID = try container.decode(Int32.self, forKey: .unknownID)
        let units = try container.decode([String].self, forKey: .units)
        let counts = try container.decode([Int].self, forKey: .counts)
        guard padID == 0, unknownID == 1, units.count >= Self.specialCount,
            units[0] == Self.padUnit, units[1] == Self.unknownUnit
        else {
            throw corrupt(.units, "ids 0 and 1 must be \(Self.padUnit) and \(Self.unknownUnit)")
        }
        guard counts.count == units.count else {
            throw corrupt(.counts, "\(counts.count) counts for \(units.count) units")
        }
        var keys: [UnitKey] = []
        var seen = Set<UnitKey>()
        for (id, unit) in units.enumerated().dropFirst(Self.specialCount) {
            guard let key = UnitText.key(of: unit, unit: options.unit) else {
                throw corrupt(.units, "unit \(id) (\(unit.debugDescription)) is not one \(options.unit.rawValue)")
            }
            guard seen.insert(key).inserted else {
                throw corrupt(.units, "unit \(id) (\(unit.debugDescription)) appears twice")
            }
            keys.append(key)
        }
        self.init(options: options, keys: keys, counts: Array(counts.dropFirst(Self.specialCount)))
    }

    /// The vocabulary as pretty-printed JSON with sorted keys (stable diffs).
    public func jsonData() throws(TokenizeError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self)
        } catch {
            throw .cannotWrite(path: "<memory>", reason: oneLine(error))
        }
    }

    /// Writes ``jsonData()`` to `path` atomically (a temporary file renamed into place).
    ///
    /// - Throws: ``TokenizeError/cannotWrite(path:reason:)``.
    public func write(to path: String) throws(TokenizeError) {
        let data = try jsonData()
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .cannotWrite(path: path, reason: "no directory '\(directory)'")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .cannotWrite(path: path, reason: "it is a directory")
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .cannotWrite(path: path, reason: oneLine(error))
        }
    }

    /// The vocabulary stored at `path` by ``write(to:)``.
    ///
    /// - Throws: ``TokenizeError/fileNotFound(path:)``, ``TokenizeError/isDirectory(path:)``,
    ///   ``TokenizeError/unreadable(path:reason:)``, ``TokenizeError/unsupportedVocabularyVersion(path:found:expected:)``
    ///   or ``TokenizeError/malformedVocabulary(path:reason:)``.
    public static func load(from path: String) throws(TokenizeError) -> Vocabulary {
        let data = try FileInput.read(path)
        guard !data.isEmpty else { throw .malformedVocabulary(path: path, reason: "the file is empty") }
        struct Header: Decodable { var formatVersion: Int? }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw .malformedVocabulary(path: path, reason: "expected a JSON object with a formatVersion number: \(reason(error))")
        }
        guard let version = header.formatVersion else {
            throw .malformedVocabulary(path: path, reason: "no formatVersion field")
        }
        guard version == formatVersion else {
            throw .unsupportedVocabularyVersion(path: path, found: version, expected: formatVersion)
        }
        do {
            return try JSONDecoder().decode(Vocabulary.self, from: data)
        } catch {
            throw .malformedVocabulary(path: path, reason: reason(error))
        }
    }

    /// A short, one-line reason for a decoding failure.
    private static func reason(_ error: any Error) -> String {
        func at(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        guard let error = error as? DecodingError else { return oneLine(error) }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = at(context.codingPath)
            return "missing field '\(parent.isEmpty ? "" : parent + ".")\(key.stringValue)'"
        case .typeMismatch(let type, let context):
            return "field '\(at(context.codingPath))' is not \(type)"
        case .valueNotFound(let type, let context):
            return "field '\(at(context.codingPath))' is null, expected \(type)"
        case .dataCorrupted(let context):
            let path = at(context.codingPath)
            return (path.isEmpty ? "" : "field '\(path)': ") + oneLine(context.debugDescription)
        @unknown default:
            return oneLine(error)
        }
    }
}
