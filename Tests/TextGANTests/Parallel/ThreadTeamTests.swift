import Foundation
import Synchronization
import Testing
@testable import TextGAN

/// The in-process team: its collectives give what MPI's would, a team of threads trains as
/// one process does (to float roundoff), and a replica is an exact, independent copy.
@Suite struct ThreadTeamTests {
    @Test func collectivesCombineEveryMemberInOrder() throws {
        let results = Mutex([Int: ([Float], [Double], [Double], [UInt8])]())
        _ = try ThreadTeam.run(size: 3) { member in
            let r = member.rank
            var floats: [Float] = (0..<7).map { Float($0 * 10 + r) }
            member.allReduceSum(&floats)
            var doubles: [Double] = [Double(r), 0.5]
            member.allReduceSum(&doubles)
            var largest: [Double] = [Double(r), -Double(r)]
            member.allReduceMax(&largest)
            var bytes: [UInt8] = r == 2 ? [7, 8, 9] : [0, 0, 0]
            member.broadcast(&bytes, root: 2)
            var empty: [Float] = []
            member.allReduceSum(&empty)
            member.barrier()
            results.withLock { $0[r] = (floats, doubles, largest, bytes) }
        }
        let all = results.withLock { $0 }
        #expect(all.count == 3)
        let expectedFloats: [Float] = (0..<7).map { Float($0 * 30 + 3) }
        for (_, (floats, doubles, largest, bytes)) in all {
            #expect(floats == expectedFloats)
            #expect(doubles == [3, 1.5])
            #expect(largest == [2, 0])
            #expect(bytes == [7, 8, 9])
        }
    }

    @Test func aTeamOfTwoInsideTwoProcessesNumbersItsRanksAndSumsOverAllFour() throws {
        // The "processes" are an outer team whose members are the inner teams' member 0.
        let outerTeam = ThreadTeam(size: 2)
        let seen = Mutex([Int: (sum: [Float], bytes: [UInt8])]())
        _ = try ThreadTeam.run(size: 2) { process in
            let outer = ThreadTeam.Member(team: outerTeam, rank: process.rank)
            return try ThreadTeam.run(size: 2) { member in
                let nested = NestedCommunicator(member: member, outer: outer)
                var sum: [Float] = [Float(nested.rank), 1]
                nested.allReduceSum(&sum)
                var bytes: [UInt8] = nested.rank == 3 ? [42] : [0]
                nested.broadcast(&bytes, root: 3)
                nested.barrier()
                #expect(nested.size == 4)
                seen.withLock { $0[nested.rank] = (sum, bytes) }
            }
        }
        let all = seen.withLock { $0 }
        #expect(all.keys.sorted() == [0, 1, 2, 3])
        for (sum, bytes) in all.values {
            #expect(sum == [6, 4])
            #expect(bytes == [42])
        }
    }

    @Test func aFailingMemberIsReportedAfterMemberZeroFinishes() {
        struct Broken: Error {}
        #expect(throws: ThreadTeam.ThreadTeamError.self) {
            try ThreadTeam.run(size: 2) { member in
                if member.rank == 1 { throw Broken() }
            }
        }
    }

    @Test func theMembersInheritTheCallersKernelChoice() throws {
        let paths = Mutex([KernelPath?]())
        try VectorKernels.withForcedPath(.baseline) {
            _ = try ThreadTeam.run(size: 2) { _ in paths.withLock { $0.append(VectorKernels.forcedPath) } }
        }
        #expect(paths.withLock { $0 } == [.baseline, .baseline])
    }

    @Test func thePlanSplitsTheBatchEvenlyAndGivesTheRestToMatrixProducts() {
        func plan(_ threads: Int, _ split: ThreadPlan.Split = .batch, b: Int = 64, ranks: Int = 1) -> [Int] {
            let p = ThreadPlan(threads: threads, split: split, batchSize: b, ranks: ranks)
            let sizes: [Int] = [p.teamSize, p.gemmThreads]
            return sizes
        }
        #expect(plan(1) == [1, 1])
        #expect(plan(2) == [2, 1])
        #expect(plan(3) == [2, 1])
        #expect(plan(4, b: 6) == [3, 1])
        #expect(plan(4, b: 7) == [1, 4])
        #expect(plan(4, b: 2) == [2, 2])
        #expect(plan(2, ranks: 2) == [2, 1])
        #expect(plan(2, b: 2, ranks: 2) == [1, 2])
        #expect(plan(4, .gemm) == [1, 4])
    }

    /// A team keeps a copy of the model per thread: the plan keeps no more than memory holds,
    /// and gives the cores left over to the matrix products.
    @Test func thePlanKeepsNoMoreCopiesOfTheModelThanMemoryHolds() {
        let limited = ThreadPlan(threads: 8, split: .batch, batchSize: 64, maxTeamSize: 3)
        #expect(limited.teamSize == 2 && limited.gemmThreads == 4 && limited.limitedByMemory)
        #expect(limited.description.contains("memory holds no more copies of the model"))
        let roomy = ThreadPlan(threads: 2, split: .batch, batchSize: 64, maxTeamSize: 5)
        #expect(roomy.teamSize == 2 && !roomy.limitedByMemory)
        #expect(!ThreadPlan(threads: 4, split: .gemm, batchSize: 64, maxTeamSize: 1).limitedByMemory)

        var c = TrainingConfiguration(model: ModelConfiguration(vocabularySize: 113, sequenceLength: 32, channels: 512, blocks: 5))
        c.batchSize = 64
        let estimate = MemoryEstimate(configuration: c)
        let available = Int(estimate.bytes(replicas: 3) / 0.9) + 1  // room for exactly 3 copies
        #expect(estimate.maxReplicas(availableBytes: available) == 3)
        #expect(estimate.bytes(replicas: 3) <= 0.9 * Double(available) && estimate.bytes(replicas: 4) > 0.9 * Double(available))
        #expect(estimate.bytes(replicas: 1) == estimate.bytes)
        #expect(estimate.maxReplicas(availableBytes: 1) == 1)
        #expect(estimate.maxReplicas(availableBytes: nil) == .max)
    }

    static let model = ModelConfiguration(vocabularySize: 6, sequenceLength: 8, channels: 8, blocks: 1, latentSize: 4, kernelSize: 3)

    static func trainer(_ penalty: PenaltyKind, ema: Double? = 0.9) -> GANTrainer {
        var c = TrainingConfiguration(model: model)
        c.penalty = penalty
        c.batchSize = 8
        c.criticIterations = 2
        c.ema = ema
        var rng = SeededGenerator(seed: 5)
        let ids = (0..<(40 * model.sequenceLength)).map { _ in Int32.random(in: 0..<6, using: &rng) }
        let data = TrainingData(ids: ids, count: 40, sequenceLength: model.sequenceLength)
        return GANTrainer(configuration: c, data: data, sampler: CyclingSampler(count: 40, batchSize: 8))
    }

    /// The largest difference between two gradient lists, relative to each tensor's largest
    /// magnitude.
    static func largestDifference(_ a: [Tensor<Float>], _ b: [Tensor<Float>]) -> Float {
        var worst: Float = 0
        for (x, y) in zip(a, b) {
            let scale = max(y.scalars.map(abs).max() ?? 0, 1e-12)
            for (u, v) in zip(x.scalars, y.scalars) { worst = max(worst, abs(u - v) / scale) }
        }
        return worst
    }

    /// One critic step's and one generator step's gradients, computed by a team of two on the
    /// halves of the batch and averaged, equal one thread's on the whole batch.
    @Test(arguments: [PenaltyKind.gp, .fd, .r1])
    func aTeamOfTwoComputesOneThreadsGradients(penalty: PenaltyKind) throws {
        var alone = Self.trainer(penalty)
        _ = try alone.trainIteration()  // away from the initial weights
        let start = try alone.replica()
        var stats = IterationStatistics(), watch = Stopwatch()
        let critic = try alone.criticGradients(into: &stats, watch: &watch)
        let generator = try alone.generatorGradients(into: &stats)
        let team = try ThreadTeam.run(size: 2) { member in
            var replica = try start.replica()
            replica.communicator = member
            var stats = IterationStatistics(), watch = Stopwatch()
            return (try replica.criticGradients(into: &stats, watch: &watch), try replica.generatorGradients(into: &stats))
        }
        // The two biases that shift every score by a constant have exact gradients of 0
        // (every loss and penalty cancels the shift): what both compute for them is roundoff.
        let names = alone.critic.parameterPaths.map(\.name)
        let shifts = Set(["critic.output.bias", "critic.block1.conv2.bias"])
        for (name, (computed, expected)) in zip(names, zip(team.0, critic)) where shifts.contains(name) {
            #expect(computed.scalars.allSatisfy { abs($0) < 1e-5 } && expected.scalars.allSatisfy { abs($0) < 1e-5 }, "\(name)")
        }
        let (teamCritic, aloneCritic) = zip(names, zip(team.0, critic)).filter { !shifts.contains($0.0) }.reduce(into: ([Tensor<Float>](), [Tensor<Float>]())) {
            $0.0.append($1.1.0)
            $0.1.append($1.1.1)
        }
        #expect(aloneCritic.count == critic.count - 2)
        #expect(Self.largestDifference(teamCritic, aloneCritic) < 1e-5, "\(penalty.rawValue) critic: \(Self.largestDifference(teamCritic, aloneCritic))")
        #expect(Self.largestDifference(team.1, generator) < 1e-5, "\(penalty.rawValue) generator: \(Self.largestDifference(team.1, generator))")
    }

    /// Five iterations later every weight matrix agrees. (The biases are left out: a critic
    /// bias's gradient is nearly 0, and Adam, which divides by its running magnitude, turns
    /// the roundoff of summing two halves instead of one batch into steps of the learning
    /// rate's size, in any data-parallel run. The test above checks their gradients.)
    @Test(arguments: [PenaltyKind.gp, .fd])
    func aTeamOfTwoTrainsAsOneThreadDoes(penalty: PenaltyKind) throws {
        var alone = Self.trainer(penalty)
        for _ in 0..<5 { _ = try alone.trainIteration() }
        let start = Self.trainer(penalty)
        let trained = try ThreadTeam.run(size: 2) { member in
            var replica = try start.replica()
            replica.communicator = member
            for _ in 0..<5 { _ = try replica.trainIteration() }
            return replica
        }
        #expect(trained.step == 5)
        var worst: Float = 0
        for (x, y) in zip(alone.critic.parameters + alone.generator.parameters, trained.critic.parameters + trained.generator.parameters)
        where x.shape.count >= 2 {
            let scale = x.scalars.map(abs).max() ?? 1
            for (u, v) in zip(x.scalars, y.scalars) { worst = max(worst, abs(u - v) / scale) }
        }
        #expect(worst < 1e-5, "\(penalty.rawValue): weight matrices differ by \(worst)")
    }

    @Test func aReplicaContinuesExactlyAsTheOriginalAndSharesNothing() throws {
        var original = Self.trainer(.gp)
        _ = try original.trainIteration()
        var copy = try original.replica()
        let before = try copy.checkpointData()
        _ = try original.trainIteration()
        // Training the original left the copy untouched ...
        #expect(try copy.checkpointData() == before)
        // ... and the copy's next iteration is the original's, bit for bit.
        _ = try copy.trainIteration()
        copy.trainingSeconds = original.trainingSeconds  // wall-clock time, the one thing that may differ
        #expect(try copy.checkpointData() == original.checkpointData())
    }
}
