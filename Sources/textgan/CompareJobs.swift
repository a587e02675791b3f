import Foundation
import TextGAN

/// `DIR/jobs.json` of a comparison: how many runs each `compare` command trained at
/// once, so the report can say whether its seconds per iteration were measured alone
/// or beside other runs.
struct CompareJobs: Codable {
    /// `--jobs` of every command that trained in this directory, in order.
    var history: [Int] = []

    let directory: String
    private enum CodingKeys: String, CodingKey { case history }

    init(directory: String) {
        self.directory = directory
        if let data = try? FileIO.read(path), let saved = try? JSONDecoder().decode(CompareJobs.self, from: data) {
            history = saved.history
        }
    }

    init(from decoder: any Decoder) throws {
        directory = ""
        history = try decoder.container(keyedBy: CodingKeys.self).decode([Int].self, forKey: .history)
    }

    var path: String { "\(directory)/jobs.json" }

    /// Adds `jobs` to the history.
    func record(jobs: Int) throws {
        var updated = self
        updated.history.append(jobs)
        try FileIO.writeAtomically(try JSONEncoder().encode(updated), to: path)
    }

    /// "trained 2 runs at a time", or nil when no command recorded it (older comparisons).
    var description: String? {
        guard let low = history.min(), let high = history.max() else { return nil }
        if low == high { return low == 1 ? "trained one run at a time" : "trained \(low) runs at a time (seconds per iteration shared the machine)" }
        return "trained \(low) to \(high) runs at a time across commands (seconds per iteration are not comparable across runs)"
    }
}
