import Foundation
import TextGAN

/// `DIR/jobs.json` of a comparison, `{"history": [2, 1, …]}`: how many runs each `compare`
/// command that trained in DIR trained at once, in order, so the report can say whether its
/// seconds per iteration were measured alone or beside other runs.
enum CompareJobs {
    private struct File: Codable { var history: [Int] }

    static func path(in directory: String) -> String { "\(directory)/jobs.json" }

    /// The recorded history; empty for comparisons older than the file.
    static func history(in directory: String) -> [Int] {
        (try? FileIO.read(path(in: directory))).flatMap { try? JSONDecoder().decode(File.self, from: $0).history } ?? []
    }

    /// Adds `jobs` to the history.
    static func record(jobs: Int, in directory: String) throws {
        try FileIO.writeAtomically(try JSONEncoder().encode(File(history: history(in: directory) + [jobs])), to: path(in: directory))
    }

    /// "trained 2 runs at a time", or nil when no command recorded it (older comparisons).
    static func description(in directory: String) -> String? {
        let history = history(in: directory)
        guard let low = history.min(), let high = history.max() else { return nil }
        if low == high { return low == 1 ? "trained one run at a time" : "trained \(low) runs at a time (seconds per iteration shared the machine)" }
        return "trained \(low) to \(high) runs at a time across commands (seconds per iteration are not comparable across runs)"
    }
}
