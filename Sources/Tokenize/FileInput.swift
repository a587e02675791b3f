import Foundation

/// Reading a whole file for the tokenizer, with the checks that turn the common mistakes
/// (no such file, a directory, no permission) into ``TokenizeError``s.
public enum FileInput {
    /// The bytes of the file at `path`.
    ///
    /// - Throws: ``TokenizeError/fileNotFound(path:)``, ``TokenizeError/isDirectory(path:)``
    ///   or ``TokenizeError/unreadable(path:reason:)``.
    static func read(_ path: String) throws(TokenizeError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileNotFound(path: path)
        }
        guard !isDirectory.boolValue else { throw .isDirectory(path: path) }
        do {
            if !isStream(path) { return try Data(contentsOf: URL(fileURLWithPath: path)) }
            // A pipe or a device (`--corpus <(zcat corpus.gz)`, /dev/stdin): Data(contentsOf:)
            // refuses those with a permission error, but they read to their end like a file.
            guard let handle = FileHandle(forReadingAtPath: path) else { throw TokenizeError.unreadable(path: path, reason: "it cannot be opened") }
            defer { try? handle.close() }
            return try handle.readToEnd() ?? Data()
        } catch let error as TokenizeError {
            throw error
        } catch {
            throw .unreadable(path: path, reason: oneLine(error))
        }
    }

    /// Whether `path` names something that reads only once, from start to end: a pipe, a
    /// socket or a device (after following links); false for files, folders and missing paths.
    public static func isStream(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        let type = status.st_mode & S_IFMT
        return type != S_IFREG && type != S_IFDIR
    }
}

/// `error`'s description on one line, for embedding in a ``TokenizeError`` message.
func oneLine(_ error: any Error) -> String {
    oneLine(describing: error)
}

/// `text` on one line.
func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).joined(separator: " ")
}

/// `error` described on one line.
private func oneLine(describing error: any Error) -> String {
    let text: String
    if let error = error as? TokenizeError {
        text = error.description
    } else {
        // Foundation's errors describe themselves with their whole user-info dictionary;
        // the localized description is the one sentence a user needs ("The file doesn’t exist.").
        text = (error as NSError).localizedDescription
    }
    return text.split(whereSeparator: \.isNewline).joined(separator: " ")
}
