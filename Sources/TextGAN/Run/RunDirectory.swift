import Foundation

/// The files of one training run:
///
///     config.json                  every setting, the seed, the vocabulary (written by the caller)
///     vocab.json                   the vocabulary (written by the caller)
///     metrics.jsonl                one ``StepMetrics`` object per logged step
///     samples-<step>.txt           samples from fixed noise
///     checkpoint-<step>.safetensors
///     latest                       the file name of the newest checkpoint
///
/// Every file except `metrics.jsonl` is written atomically; `metrics.jsonl`
/// grows one flushed line at a time.
public struct RunDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public var configPath: String { path + "/config.json" }
    public var vocabularyPath: String { path + "/vocab.json" }
    public var metricsPath: String { path + "/metrics.jsonl" }
    public var latestPath: String { path + "/latest" }

    public func checkpointPath(step: Int) -> String { path + "/checkpoint-\(step).safetensors" }
    public func samplesPath(step: Int) -> String { path + "/samples-\(step).txt" }

    /// Creates the directory (and parents) if needed.
    public func create() throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileError.cannotWrite(path: path, reason: "cannot create the directory (\(error.localizedDescription))")
        }
    }

    /// The steps of the checkpoints present, ascending.
    public func checkpointSteps() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasPrefix("checkpoint-"), name.hasSuffix(".safetensors") else { return nil }
            return Int(name.dropFirst("checkpoint-".count).dropLast(".safetensors".count))
        }.sorted()
    }

    /// The newest checkpoint's path: the one `latest` names, or else the highest step present.
    public func latestCheckpointPath() -> String? {
        if let name = try? String(contentsOfFile: latestPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
           !name.isEmpty, !name.contains("/"), FileManager.default.fileExists(atPath: path + "/" + name) {
            return path + "/" + name
        }
        return checkpointSteps().last.map { checkpointPath(step: $0) }
    }

    /// Writes a checkpoint, points `latest` at it, then removes all but the newest `keep`.
    /// The previous checkpoint stays until the new one is in place.
    public func saveCheckpoint(_ data: Data, step: Int, keep: Int) throws {
        try FileIO.writeAtomically(data, to: checkpointPath(step: step))
        try FileIO.writeAtomically(Data("checkpoint-\(step).safetensors\n".utf8), to: latestPath)
        for old in checkpointSteps().dropLast(max(1, keep)) where old != step {
            try? FileManager.default.removeItem(atPath: checkpointPath(step: old))
        }
    }

    /// Appends one metrics record.
    public func appendMetrics(_ metrics: StepMetrics) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try FileIO.appendLine(String(decoding: try encoder.encode(metrics), as: UTF8.self), to: metricsPath)
    }

    /// Every metrics record, in order; unreadable lines (a line cut by a crash) are skipped.
    public func readMetrics() -> [StepMetrics] {
        guard let text = try? String(contentsOfFile: metricsPath, encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { try? decoder.decode(StepMetrics.self, from: Data($0.utf8)) }
    }

    /// Drops metrics logged after `step` (by a session that stopped before
    /// checkpointing them), so a resumed run's log has no duplicates.
    public func truncateMetrics(after step: Int) throws {
        guard FileManager.default.fileExists(atPath: metricsPath) else { return }
        let kept = readMetrics().filter { $0.step <= step }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let lines = try kept.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
        try FileIO.writeAtomically(Data(lines.utf8), to: metricsPath)
    }

    /// Writes one sample per line.
    public func writeSamples(_ lines: [String], step: Int) throws {
        try FileIO.writeAtomically(Data((lines.joined(separator: "\n") + "\n").utf8), to: samplesPath(step: step))
    }
}

