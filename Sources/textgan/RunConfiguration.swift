import Foundation
import TextGAN
import Tokenize

/// `config.json` of a run directory: every setting needed to resume, sample
/// from or evaluate the run, including the vocabulary.
struct RunConfiguration: Codable, Equatable {
    static let currentVersion = 1

    var version = RunConfiguration.currentVersion
    /// The corpus file, made absolute when the run began, so `--resume`, `eval` and
    /// `compare` find it from any working directory (runs of older textgans may hold a relative path).
    var corpusPath: String
    var corpus: CorpusOptions
    var training: TrainingConfiguration
    /// Examples held out of training, for the quality floor of `eval`.
    var heldOutCount: Int
    /// The vocabulary's units, id order (also in `vocab.json`, which is what is loaded).
    var vocabulary: [String]

    /// Reads `config.json` of `run`, with a message that says what to do when it is not a run.
    static func load(_ run: RunDirectory) throws -> RunConfiguration {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: run.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandError("no run directory at \(run.path); train one with `textgan train --corpus FILE --out \(run.path)`")
        }
        guard FileManager.default.fileExists(atPath: run.configPath) else {
            throw CommandError("\(run.path) is not a textgan run: it has no config.json")
        }
        let data = try FileIO.read(run.configPath)
        guard let config = try? JSONDecoder().decode(RunConfiguration.self, from: data) else {
            throw CommandError("\(run.configPath) is corrupt or from another textgan version; start a new run")
        }
        guard config.version == currentVersion else {
            throw CommandError("\(run.configPath) has format version \(config.version); this textgan reads version \(currentVersion)")
        }
        return config
    }

    func write(to run: RunDirectory) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileIO.writeAtomically(try encoder.encode(self), to: run.configPath)
    }
}

/// A user-facing error from the command line: one line, exit status 1.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension BatchSampler: BatchIndexSampler {}

extension RunDirectory {
    /// Whether the run has reached the end `training` sets, by its last metrics line: its
    /// iterations, or its time budget (so a run stopped on its budget counts as finished).
    func isFinished(_ training: TrainingConfiguration) -> Bool {
        guard let last = readMetrics().last else { return false }
        return training.isFinished(step: last.step, trainingSeconds: last.elapsedSeconds)
    }

    /// The checkpoint of `step`, or the latest one when `step` is nil, with a
    /// message listing what is there when it is missing.
    func checkpointPath(chosen step: Int?) throws -> String {
        if let step {
            let path = checkpointPath(step: step)
            guard FileManager.default.fileExists(atPath: path) else {
                let present = checkpointSteps().map(String.init).joined(separator: ", ")
                throw CommandError("no checkpoint for step \(step) in \(self.path); present: \(present.isEmpty ? "none" : present)")
            }
            return path
        }
        guard let latest = latestCheckpointPath() else {
            throw CommandError("\(self.path) has no checkpoint yet; train longer (checkpoints every --checkpoint-every iterations)")
        }
        return latest
    }

    /// The generator (or its weight average) of the checkpoint at `path`, checked against the vocabulary.
    func generator(at path: String, useAverage: Bool, vocabulary: Vocabulary) throws -> Generator<Float> {
        try generator(in: try SafeTensors(data: try FileIO.read(path)), path: path, useAverage: useAverage, vocabulary: vocabulary)
    }

    /// The generator of the checkpoint `file` read from `path`, checked against the run's vocabulary.
    func generator(in file: SafeTensors, path: String, useAverage: Bool, vocabulary: Vocabulary) throws -> Generator<Float> {
        let generator = try Generator.load(checkpoint: file, path: path, useAverage: useAverage)
        guard generator.configuration.vocabularySize == vocabulary.count else {
            throw CommandError("the checkpoint's vocabulary has \(generator.configuration.vocabularySize) characters, vocab.json \(vocabulary.count)")
        }
        return generator
    }
}
