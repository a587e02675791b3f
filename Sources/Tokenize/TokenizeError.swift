/// Everything that can go wrong with input from the user or the disk.
///
/// Each ``description`` is one line: what was expected, what was found, and what
/// to do about it. The command line prints it after `Error:` and exits non-zero.
public enum TokenizeError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No file or directory exists at `path`.
    case fileNotFound(path: String)
    /// `path` names a directory where a file was expected.
    case isDirectory(path: String)
    /// The file exists but could not be read or written.
    case unreadable(path: String, reason: String)
    /// The file holds zero bytes.
    case emptyFile(path: String)
    /// The file was read but every line was skipped.
    case noUsableLines(path: String, linesRead: Int, empty: Int, tooLong: Int, invalidUTF8: Int, sequenceLength: Int)
    /// A byte sequence that is not UTF-8, at `byteOffset` (0-based, from the start of the file) on `line` (1-based).
    case invalidUTF8(path: String, line: Int, byteOffset: Int, byte: UInt8)
    /// A NUL byte: the file is binary or UTF-16/32 rather than UTF-8 text.
    case nulByte(path: String, line: Int, byteOffset: Int)
    /// A vocabulary file that is not JSON or lacks what a vocabulary needs.
    case malformedVocabulary(path: String, reason: String)
    /// A vocabulary file written by another format version.
    case unsupportedVocabularyVersion(path: String, found: Int, expected: Int)
    /// A maximum vocabulary size that leaves no room for a unit besides the specials.
    case maxVocabTooSmall(given: Int, minimum: Int)
    /// A sequence length below 1.
    case invalidSequenceLength(given: Int)
    /// A window stride outside `1...sequenceLength`.
    case invalidStride(given: Int, sequenceLength: Int)
    /// A vocabulary could not be written to `path`.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "no file at '\(path)'; check the path (relative paths start at the current directory)"
        case .isDirectory(let path):
            return "'\(path)' is a directory, not a file; pass the path of a UTF-8 text file"
        case .unreadable(let path, let reason):
            return "cannot read '\(path)' (\(reason)); check that the file exists and is readable"
        case .emptyFile(let path):
            return "'\(path)' is empty (0 bytes); pass a corpus with at least one non-empty line of UTF-8 text"
        case .noUsableLines(let path, let read, let empty, let tooLong, let invalid, let sequenceLength):
            var reasons = ["\(empty) empty"]
            var remedies = ["pass a file with at least one non-empty line"]
            if tooLong > 0 {
                reasons.append("\(tooLong) longer than the sequence length \(sequenceLength) with truncation off")
                remedies.append("turn truncation on or raise the sequence length")
            }
            if invalid > 0 {
                reasons.append("\(invalid) not valid UTF-8")
                remedies.append("replace invalid bytes instead of skipping their lines")
            }
            return "'\(path)' has no usable lines (\(read) read: \(reasons.joined(separator: ", "))); "
                + remedies.joined(separator: ", or ")
        case .invalidUTF8(let path, let line, let offset, let byte):
            return "'\(path)' is not valid UTF-8: byte 0x\(hex(byte)) at byte offset \(offset) (line \(line)); "
                + "convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8), or choose to replace invalid bytes or skip-line"
        case .nulByte(let path, let line, let offset):
            return "'\(path)' contains a NUL byte at byte offset \(offset) (line \(line)): it is binary or UTF-16/32, "
                + "not UTF-8 text; pass a UTF-8 text file (convert UTF-16 with iconv -f utf-16 -t utf-8)"
        case .malformedVocabulary(let path, let reason):
            return "'\(path)' is not a textgan vocabulary (\(reason)); "
                + "rebuild it with: textgan vocab --corpus <corpus> --out \(path)"
        case .unsupportedVocabularyVersion(let path, let found, let expected):
            return "vocabulary '\(path)' has format version \(found) but this textgan reads version \(expected); "
                + "rebuild it with: textgan vocab --corpus <corpus> --out \(path)"
        case .maxVocabTooSmall(let given, let minimum):
            return "maximum vocabulary size \(given) is too small: it counts <pad> and <unk>, so it must be at least "
                + "\(minimum); pass \(minimum) or more"
        case .invalidSequenceLength(let given):
            return "sequence length \(given) is invalid: it must be at least 1; pass 1 or more"
        case .invalidStride(let given, let sequenceLength):
            return "window stride \(given) is invalid: it must be between 1 and the sequence length \(sequenceLength); "
                + "pass a stride in 1...\(sequenceLength) or leave it out for \(max(1, sequenceLength / 2))"
        case .cannotWrite(let path, let reason):
            return "cannot write '\(path)' (\(reason)); pass a file path in an existing, writable directory"
        }
    }
}

/// Two upper-case hexadecimal digits.
func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}
