import Foundation
import Testing
@testable import TextGAN

/// The checkpoint file format: a safetensors file (8-byte little-endian header
/// length `N`, `N` bytes of JSON, then the tensors' bytes) holding every tensor
/// of the training state, with the rest of the state as JSON metadata.
/// Round trips are exact; damaged or foreign files are refused with a typed
/// error that names the problem.
@Suite struct CheckpointFormatTests {
    // MARK: Helpers

    static func trainer(ema: Double? = 0.9) -> GANTrainer { TrainerTests.trainer(.gp, ema: ema) }

    static func restore(_ data: Data, path: String = "memory") throws -> GANTrainer {
        try GANTrainer(checkpoint: try SafeTensors(data: data), path: path, data: TrainerTests.data) {
            try JSONDecoder().decode(CyclingSampler.self, from: $0)
        }
    }

    /// The declared header length `N` and the header JSON, read without `SafeTensors`.
    static func header(of data: Data) throws -> (length: Int, json: [String: Any]) {
        let bytes = [UInt8](data)
        let length = (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
        let object = try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + length)]))
        return (length, try #require(object as? [String: Any]))
    }

    /// The file with its header JSON rewritten by `change` (re-padded to a multiple
    /// of 8 bytes, the tensor bytes unchanged).
    static func rewritingHeader(_ data: Data, _ change: (inout [String: Any]) throws -> Void) throws -> Data {
        let (length, original) = try header(of: data)
        var json = original
        try change(&json)
        var text = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        while text.count % 8 != 0 { text.append(0x20) }
        return withDeclaredLength(text.count, Data(count: 8) + text + data.dropFirst(8 + length))
    }

    /// The file with its first 8 bytes set to `length`.
    static func withDeclaredLength(_ length: Int, _ data: Data) -> Data {
        var bytes = [UInt8](data)
        withUnsafeBytes(of: UInt64(length).littleEndian) { for i in 0..<8 { bytes[i] = $0[i] } }
        return Data(bytes)
    }

    /// The checkpoint's own metadata JSON rewritten by `change`.
    static func rewritingMetadata(_ data: Data, _ change: (inout [String: Any]) -> Void) throws -> Data {
        try rewritingHeader(data) { header in
            var metadata = try #require(header["__metadata__"] as? [String: String])
            let text = try #require(metadata["textgan"])
            var object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            change(&object)
            metadata["textgan"] = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            header["__metadata__"] = metadata
        }
    }

    static func bits(_ tensors: [Tensor<Float>]) -> [[UInt32]] { tensors.map { $0.scalars.map(\.bitPattern) } }

    static func expectError<E: Error & Equatable & CustomStringConvertible>(
        _ expected: E, mentioning phrases: [String], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
    ) {
        do {
            try body()
            Issue.record("no error thrown; expected \(expected)", sourceLocation: sourceLocation)
        } catch let error as E {
            #expect(error == expected, sourceLocation: sourceLocation)
            for phrase in phrases {
                #expect(error.description.contains(phrase), "'\(error.description)' does not mention '\(phrase)'", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("threw \(type(of: error)) \(error); expected \(expected)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Round trip

    /// Every tensor (both networks, both optimisers' moments, the weight
    /// average) comes back bit for bit, with the step counts, the random
    /// generator, the sampler's position, the settings, the training time and
    /// the skipped-step count; writing the restored state gives the same bytes.
    @Test func roundTripRestoresEveryTensorBitForBitAndTheTrainerState() throws {
        var t = Self.trainer()
        for _ in 0..<2 { _ = try t.trainIteration() }
        t.trainingSeconds = 0.1 + 0.2  // not a short decimal: JSON must carry all 17 digits
        t.skippedSteps = 3
        let data = try t.checkpointData()
        let r = try Self.restore(data)

        #expect(Self.bits(r.generator.parameters) == Self.bits(t.generator.parameters))
        #expect(Self.bits(r.critic.parameters) == Self.bits(t.critic.parameters))
        for (restored, original) in [(r.generatorOptimizer, t.generatorOptimizer), (r.criticOptimizer, t.criticOptimizer)] {
            #expect(Self.bits(restored.firstMoments) == Self.bits(original.firstMoments))
            #expect(Self.bits(restored.secondMoments) == Self.bits(original.secondMoments))
            #expect(restored.step == original.step && restored.step > 0)
            #expect(restored.learningRate == original.learningRate && restored.beta1 == original.beta1 && restored.beta2 == original.beta2)
        }
        #expect(Self.bits(try #require(r.average).average.parameters) == Self.bits(try #require(t.average).average.parameters))
        #expect(r.average?.decay == t.average?.decay)
        #expect(r.step == 2)
        #expect(r.rng == t.rng)
        #expect(r.rng != SeededGenerator(seed: TrainerTests.configuration(.gp).seed))
        let sampler = try #require(r.sampler as? CyclingSampler), original = try #require(t.sampler as? CyclingSampler)
        #expect(sampler.position == original.position && sampler.position == 16)  // 2 iterations × 2 critic steps × B = 4
        #expect(r.configuration == t.configuration)
        #expect(r.trainingSeconds == 0.1 + 0.2)
        #expect(r.skippedSteps == 3)
        // Written again, the file has the same tensor bytes and entries, and the same metadata.
        // (Not the same bytes: JSONEncoder's key order varies from one encoding to the next.)
        let again = try r.checkpointData()
        let (length, header) = try Self.header(of: data), (againLength, againHeader) = try Self.header(of: again)
        #expect(again.dropFirst(8 + againLength) == data.dropFirst(8 + length))
        #expect(Set(againHeader.keys) == Set(header.keys))
        #expect(againHeader.keys.filter { $0 != "__metadata__" }.allSatisfy { NSDictionary(dictionary: againHeader[$0] as? [String: Any] ?? [:]).isEqual(to: header[$0] as? [String: Any] ?? ["": 0]) })
        var metadata = try GANTrainer.checkpointMetadata(try SafeTensors(data: data), path: "a")
        var againMetadata = try GANTrainer.checkpointMetadata(try SafeTensors(data: again), path: "b")
        let samplers = try [metadata, againMetadata].map { try JSONDecoder().decode(CyclingSampler.self, from: Data($0.samplerState.utf8)) }
        #expect(samplers[0].position == samplers[1].position && samplers[0].count == samplers[1].count && samplers[0].batchSize == samplers[1].batchSize)
        (metadata.samplerState, againMetadata.samplerState) = ("", "")
        #expect(againMetadata == metadata)
    }

    @Test func aRunWithoutAverageRestoresWithoutOne() throws {
        let t = Self.trainer(ema: nil)
        let r = try Self.restore(try t.checkpointData())
        #expect(r.average == nil)
        #expect(Self.bits(r.generator.parameters) == Self.bits(t.generator.parameters))
    }

    // MARK: Header

    /// The header holds exactly the documented keys: the networks' parameters
    /// under their own names, `adam.m.`/`adam.v.` for each, `ema.` for the
    /// generator's, and `__metadata__` with the `textgan` JSON; every tensor is
    /// F32 of its parameter's shape, laid out back to back in that order.
    @Test func headerHoldsTheExpectedKeysDtypesShapesAndOffsets() throws {
        var t = Self.trainer()
        _ = try t.trainIteration()
        let data = try t.checkpointData()
        let (length, json) = try Self.header(of: data)
        #expect(length % 8 == 0, "header of \(length) bytes leaves the data unaligned")

        let generator = t.generator.namedParameters(), critic = t.critic.namedParameters()
        #expect(generator.first?.name == "generator.input.weight" && critic.last?.name == "critic.output.bias")
        let networks = generator + critic
        var expected: [(String, [Int])] = networks.map { ($0.name, $0.tensor.shape) }
        for group in [generator, critic] {
            expected += group.map { ("adam.m.\($0.name)", $0.tensor.shape) }
            expected += group.map { ("adam.v.\($0.name)", $0.tensor.shape) }
        }
        expected += generator.map { ("ema.\($0.name)", $0.tensor.shape) }
        #expect(Set(json.keys) == Set(expected.map(\.0) + ["__metadata__"]))
        #expect(json.count == expected.count + 1)

        var offset = 0
        for (name, shape) in expected {
            let entry = try #require(json[name] as? [String: Any], "\(name) missing")
            #expect(entry["dtype"] as? String == "F32", "\(name): \(entry)")
            #expect(entry["shape"] as? [Int] == shape, "\(name): \(entry)")
            let bytes = shape.reduce(4, *)
            #expect(entry["data_offsets"] as? [Int] == [offset, offset + bytes], "\(name): \(entry)")
            offset += bytes
        }
        #expect(offset == data.count - 8 - length, "the tensors do not fill the data section exactly")

        let metadata = try #require(json["__metadata__"] as? [String: String])
        #expect(Array(metadata.keys) == ["textgan"])
        let meta = try JSONDecoder().decode(CheckpointMetadata.self, from: Data(try #require(metadata["textgan"]).utf8))
        #expect(meta.format == "textgan-checkpoint" && meta.version == 1)
        #expect(meta.step == 1 && meta.generatorAdamStep == 1 && meta.criticAdamStep == 2)
        #expect(meta.rngState == t.rng.state && meta.configuration == t.configuration)
        #expect(try JSONDecoder().decode(CyclingSampler.self, from: Data(meta.samplerState.utf8)).position == 8)

        // The same file read through SafeTensors agrees.
        let file = try SafeTensors(data: data)
        #expect(file.entries.count == expected.count && file.entries.values.allSatisfy { $0.dtype == "F32" })
        #expect(file.dataSize == offset)
        #expect(Self.bits([try file.tensor(named: "critic.block1.conv2.weight")]) == Self.bits([t.critic.blocks[0].conv2.weight]))
        #expect(Self.bits([try file.tensor(named: "adam.v.generator.output.bias")]) == Self.bits([t.generatorOptimizer.secondMoments[generator.count - 1]]))
    }

    @Test func aRunWithoutAverageWritesNoEMAKeys() throws {
        let (_, json) = try Self.header(of: try Self.trainer(ema: nil).checkpointData())
        #expect(!json.keys.contains { $0.hasPrefix("ema.") })
        #expect(json.keys.contains("adam.m.critic.output.weight"))
    }

    // MARK: Damaged files

    /// Each cut gives the error of the part it cuts into, with the numbers.
    @Test func truncatedFilesNameWhatIsMissing() throws {
        let data = try Self.trainer().checkpointData()
        let (length, _) = try Self.header(of: data)
        let dataSize = data.count - 8 - length

        Self.expectError(SafeTensorsError.tooShort(bytes: 5), mentioning: ["5 bytes", "8-byte header length"]) {
            _ = try SafeTensors(data: data.prefix(5))
        }
        Self.expectError(SafeTensorsError.headerSize(declared: UInt64(length), available: length / 2),
                         mentioning: ["header of \(length) bytes declared", "\(length / 2) bytes are available"]) {
            _ = try SafeTensors(data: data.prefix(8 + length / 2))
        }
        // Cut inside the tensors: the last tensor (the average's output bias) now ends past the data.
        Self.expectError(SafeTensorsError.badEntry(name: "ema.generator.output.bias", reason: "data_offsets missing or outside the \(dataSize - 1) data bytes"),
                         mentioning: ["ema.generator.output.bias", "outside the \(dataSize - 1) data bytes"]) {
            _ = try SafeTensors(data: data.prefix(data.count - 1))
        }
    }

    /// A header length longer than the file, or one that cuts the JSON or takes in
    /// tensor bytes, is refused before any tensor is read.
    @Test func wrongHeaderLengthIsRefusedNamingIt() throws {
        let data = try Self.trainer().checkpointData()
        let (length, _) = try Self.header(of: data)
        Self.expectError(SafeTensorsError.headerSize(declared: UInt64(data.count), available: data.count - 8),
                         mentioning: ["header of \(data.count) bytes declared", "\(data.count - 8) bytes are available"]) {
            _ = try SafeTensors(data: Self.withDeclaredLength(data.count, data))
        }
        for declared in [length + 8, length - 16, 2] {
            Self.expectError(SafeTensorsError.malformedHeader("not a JSON object"), mentioning: ["corrupt safetensors header"]) {
                _ = try SafeTensors(data: Self.withDeclaredLength(declared, data))
            }
        }
    }

    /// A header length short by no more than the header's trailing padding still
    /// parses as JSON, and every tensor is then read from a few bytes too early:
    /// wrong weights, no error. The safetensors reference refuses a file whose
    /// tensors do not end where its data ends ("incomplete buffer"); SafeTensors
    /// does not check that yet.
    @Test func headerLengthShortByItsPaddingIsRefused() throws {
        var found: (data: Data, length: Int, padding: Int)?
        for seconds in [1.0, 12, 123, 1234, 12345, 123456, 1234567, 12345678] where found == nil {
            var t = Self.trainer()
            t.trainingSeconds = seconds
            let data = try t.checkpointData()
            let (length, _) = try Self.header(of: data)
            let padding = data[8..<(8 + length)].reversed().prefix { $0 == 0x20 }.count
            if padding >= 2 { found = (data, length, padding) }
        }
        let (data, length, padding) = try #require(found, "no header with two or more bytes of padding")
        for short in [1, padding] {
            #expect(throws: SafeTensorsError.self, "header length \(length - short) instead of \(length)") {
                _ = try Self.restore(Self.withDeclaredLength(length - short, data))
            }
        }
    }

    /// A tensor whose header shape is not its parameter's: with the same byte
    /// count it parses, and loading names the tensor and both shapes; with another
    /// byte count the file itself is refused.
    @Test func tensorOfTheWrongShapeIsRefusedNamingItAndBothShapes() throws {
        let data = try Self.trainer().checkpointData()
        let transposed = try Self.rewritingHeader(data) { header in
            var entry = try #require(header["critic.output.weight"] as? [String: Any])
            entry["shape"] = [1, 128]  // [T·C, 1] = [128, 1] written as a row
            header["critic.output.weight"] = entry
        }
        let expected = SafeTensorsError.badEntry(name: "critic.output.weight", reason: "shape [1, 128], expected [128, 1]")
        Self.expectError(expected, mentioning: ["critic.output.weight", "shape [1, 128], expected [128, 1]"]) { _ = try Self.restore(transposed) }
        Self.expectError(expected, mentioning: ["critic.output.weight"]) {
            _ = try Critic<Float>.load(checkpoint: try SafeTensors(data: transposed), path: "x")
        }

        let moment = try Self.rewritingHeader(data) { header in
            var entry = try #require(header["adam.v.generator.block1.conv1.bias"] as? [String: Any])
            entry["shape"] = [4, 4]  // [C] = [16], same bytes
            header["adam.v.generator.block1.conv1.bias"] = entry
        }
        Self.expectError(SafeTensorsError.badEntry(name: "adam.v.generator.block1.conv1.bias", reason: "shape [4, 4], expected [16]"),
                         mentioning: ["adam.v.generator.block1.conv1.bias", "expected [16]"]) { _ = try Self.restore(moment) }

        let larger = try Self.rewritingHeader(data) { header in
            var entry = try #require(header["generator.output.bias"] as? [String: Any])
            entry["shape"] = [7]  // [V] = [6]: 28 bytes for a 24-byte range
            header["generator.output.bias"] = entry
        }
        Self.expectError(SafeTensorsError.badEntry(name: "generator.output.bias", reason: "24 bytes for shape [7] of F32"),
                         mentioning: ["generator.output.bias", "24 bytes for shape [7]"]) { _ = try SafeTensors(data: larger) }
    }

    @Test func missingTensorIsNamed() throws {
        // The last tensor, with its bytes: the file stays consistent but for the missing name.
        let full = try Self.trainer().checkpointData()
        let data = try Self.rewritingHeader(full) { $0["ema.generator.output.bias"] = nil }.dropLast(6 * 4)
        Self.expectError(SafeTensorsError.missingTensor("ema.generator.output.bias"), mentioning: ["no tensor named 'ema.generator.output.bias'"]) {
            _ = try Self.restore(data)
        }
    }

    /// Metadata of another format or version, or none, is refused as such.
    @Test func foreignOrNewerMetadataIsRefused() throws {
        let data = try Self.trainer().checkpointData()
        Self.expectError(CheckpointError.unsupportedVersion(found: 2, supported: 1), mentioning: ["version 2", "reads version 1"]) {
            _ = try Self.restore(try Self.rewritingMetadata(data) { $0["version"] = 2 })
        }
        Self.expectError(CheckpointError.notACheckpoint(path: "f.safetensors", reason: "metadata of another format"),
                         mentioning: ["f.safetensors is not a textgan checkpoint"]) {
            _ = try Self.restore(try Self.rewritingMetadata(data) { $0["format"] = "other" }, path: "f.safetensors")
        }
        Self.expectError(CheckpointError.notACheckpoint(path: "g", reason: "no textgan metadata"), mentioning: ["no textgan metadata"]) {
            _ = try Self.restore(try Self.rewritingHeader(data) { $0["__metadata__"] = nil }, path: "g")
        }
    }

    // MARK: Moved from TrainerTests

    @Test func truncatedCheckpointIsRejectedWithAClearError() throws {
        let t = TrainerTests.trainer(.gp)
        let data = try t.checkpointData()
        for cut in [0, 7, 8, 100, data.count / 2, data.count - 1] {
            #expect(throws: SafeTensorsError.self) {
                let file = try SafeTensors(data: data.prefix(cut))
                _ = try GANTrainer(checkpoint: file, path: "cut", data: TrainerTests.data) { try JSONDecoder().decode(CyclingSampler.self, from: $0) }
            }
        }
    }

    @Test func checkpointOfAnotherShapeIsRejected() throws {
        var other = TrainerTests.configuration(.gp)
        other.model.channels = 8
        let file = try SafeTensors(data: try GANTrainer(configuration: other, data: TrainerTests.data, sampler: CyclingSampler(count: 40, batchSize: 4)).checkpointData())
        // The checkpoint carries its own configuration, so it loads as its own shape…
        let restored = try GANTrainer(checkpoint: file, path: "x", data: TrainerTests.data) { try JSONDecoder().decode(CyclingSampler.self, from: $0) }
        #expect(restored.configuration.model.channels == 8)
        // …but data of another sequence length is refused.
        let longer = TrainingData(ids: [Int32](repeating: 1, count: 16), count: 1, sequenceLength: 16)
        #expect(throws: CheckpointError.self) {
            _ = try GANTrainer(checkpoint: file, path: "x", data: longer) { try JSONDecoder().decode(CyclingSampler.self, from: $0) }
        }
    }

    // MARK: Moved from LoaderFuzzTests

    @Test func oversizedHeaderLengthIsRejectedBeforeAllocating() {
        var bytes = [UInt8](repeating: 0, count: 16)
        withUnsafeBytes(of: UInt64(1 << 50).littleEndian) { for i in 0..<8 { bytes[i] = $0[i] } }
        #expect(throws: SafeTensorsError.headerSize(declared: 1 << 50, available: 8)) { _ = try SafeTensors(data: Data(bytes)) }
    }

    @Test func overlappingOffsetsAreRejected() throws {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        var bytes = [UInt8](repeating: 0, count: 8) + Array(header.utf8) + [UInt8](repeating: 0, count: 12)
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { for i in 0..<8 { bytes[i] = $0[i] } }
        #expect(throws: SafeTensorsError.self) { _ = try SafeTensors(data: Data(bytes)) }
    }

    @Test func wrongDtypeAndShapeAreRejected() throws {
        for header in [#"{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#,
                       #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#,
                       #"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#,
                       #"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#,
                       #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,800]}}"#,
                       #"[1,2,3]"#] {
            var bytes = [UInt8](repeating: 0, count: 8) + Array(header.utf8) + [UInt8](repeating: 0, count: 8)
            withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { for i in 0..<8 { bytes[i] = $0[i] } }
            #expect(throws: SafeTensorsError.self, "\(header)") { _ = try SafeTensors(data: Data(bytes)) }
        }
    }
}
