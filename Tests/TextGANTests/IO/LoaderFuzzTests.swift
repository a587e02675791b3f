import Foundation
import Testing
@testable import TextGAN

/// Seeded random mutations of a real checkpoint: every mutated file is either
/// loaded or rejected with a typed error, never a crash or an out-of-bounds read.
/// (A crash fails the whole test process.)
@Suite struct LoaderFuzzTests {
    static let executions = 3000

    /// Flips bits, overwrites bytes with interesting values, truncates, extends,
    /// and rewrites the header length, each with a seeded generator.
    static func mutate(_ data: Data, using rng: inout SeededGenerator) -> Data {
        var bytes = [UInt8](data)
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[i] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
            }
        case 1:
            let interesting: [UInt8] = [0, 0xFF, 0x7F, 0x80, 0x22, 0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x30, 0x39, 0x2D]
            // Mostly inside the JSON header, where the structure lives.
            let limit = min(bytes.count, 8 + 4096)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                bytes[Int.random(in: 0..<limit, using: &rng)] = interesting.randomElement(using: &rng) ?? 0
            }
        case 2:
            bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
        case 3:
            bytes += (0..<Int.random(in: 1...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        case 4:
            let choices: [UInt64] = [.max, UInt64(bytes.count), UInt64(Int.random(in: 0...bytes.count, using: &rng)), 1 << 40]
            let length: UInt64 = choices.randomElement(using: &rng) ?? 0
            withUnsafeBytes(of: length.littleEndian) { for i in 0..<8 { bytes[i] = $0[i] } }
        default:
            // Replace a digit run in the header (an offset or a size) with another number.
            if let header = String(data: Data(bytes.prefix(min(bytes.count, 8 + 4096)).dropFirst(8)), encoding: .utf8),
               let range = header.range(of: "[0-9]+", options: .regularExpression, range: header.index(header.startIndex, offsetBy: min(header.count, Int.random(in: 0..<max(1, header.count), using: &rng)))..<header.endIndex) {
                let number = ["0", "99999999999999999999", "-1", "4", String(Int.random(in: 0...1_000_000, using: &rng))].randomElement(using: &rng) ?? "0"
                var text = header
                text.replaceSubrange(range, with: number)
                bytes = Array(bytes.prefix(8)) + Array(text.utf8) + Array(bytes.dropFirst(8 + header.utf8.count))
            }
        }
        return Data(bytes)
    }

    @Test func mutatedCheckpointsNeverCrash() throws {
        let data = try TrainerTests.trainer(.gp, ema: 0.9).checkpointData()
        var rng = SeededGenerator(seed: 2026)
        var loaded = 0, rejected = 0
        for _ in 0..<Self.executions {
            let mutated = Self.mutate(data, using: &rng)
            do {
                let file = try SafeTensors(data: mutated)
                _ = try GANTrainer(checkpoint: file, path: "fuzz", data: TrainerTests.data) {
                    try JSONDecoder().decode(CyclingSampler.self, from: $0)
                }
                loaded += 1
            } catch is SafeTensorsError {
                rejected += 1
            } catch is CheckpointError {
                rejected += 1
            }
        }
        #expect(loaded + rejected == Self.executions)
        #expect(rejected > Self.executions / 4, "the mutations should break most files (\(rejected) rejected)")
    }
}
