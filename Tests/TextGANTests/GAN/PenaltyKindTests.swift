import Foundation
import Testing
@testable import TextGAN

/// ``PenaltyKind``'s properties agree with one another, and its names (the
/// `--penalty` values and config.json's `penalty`) stay as they are.
@Suite struct PenaltyKindTests {
    @Test(arguments: PenaltyKind.allCases)
    func propertiesAreConsistent(kind: PenaltyKind) {
        let family = kind.family
        #expect(kind.needsSecondOrder == (family == .gradient || family == .directionalGradient || family == .zeroCentredGradient))
        #expect((kind.penaltyPoints == 2) == (family == .difference))
        #expect((kind.penaltyPoints == 1) == kind.needsSecondOrder)
        #expect((kind.penaltyPoints == 0) == (family == .clip || family == .none))
        #expect(kind.hasPenaltyTerm == (kind.penaltyPoints > 0))
        #expect(kind.clipsWeights == (family == .clip))
        #expect(kind.criticExamplesPerStep == 2 + kind.penaltyPoints)
        // α is drawn for interpolates only: R1 and R2 look at the batches themselves.
        #expect(kind.interpolateCount == (kind.site == .interpolates ? kind.penaltyPoints : 0))
        #expect((kind.site == .none) == !kind.hasPenaltyTerm)
        #expect((kind.site == .real || kind.site == .generated) == (family == .zeroCentredGradient))
        // Only a penalty with a slope to hinge can be one-sided.
        if kind.isOneSided { #expect(kind.hasPenaltyTerm && family != .directionalGradient && family != .zeroCentredGradient) }
    }

    @Test func everyFamilyHasAKind() {
        for family in PenaltyFamily.allCases {
            #expect(PenaltyKind.allCases.contains { $0.family == family }, "\(family)")
        }
    }

    @Test(arguments: PenaltyKind.allCases)
    func rawValuesRoundTrip(kind: PenaltyKind) throws {
        #expect(PenaltyKind(rawValue: kind.rawValue) == kind)
        let json = try JSONEncoder().encode([kind])
        #expect(String(decoding: json, as: UTF8.self) == "[\"\(kind.rawValue)\"]")
        #expect(try JSONDecoder().decode([PenaltyKind].self, from: json) == [kind])
    }

    @Test func rawValuesAreTheFlagValues() {
        #expect(PenaltyKind.allCases.map(\.rawValue) == ["gp", "gp-one-sided", "fd", "fd-one-sided", "gp-directional", "r1", "r2", "clip", "none"])
    }

    @Test func familiesOfTheKinds() {
        #expect(PenaltyKind.allCases.map(\.family) == [.gradient, .gradient, .difference, .difference, .directionalGradient,
                                                         .zeroCentredGradient, .zeroCentredGradient, .clip, .none])
        #expect(PenaltyKind.allCases.filter(\.isOneSided) == [.gpOneSided, .fdOneSided])
        #expect(PenaltyKind.allCases.map(\.criticExamplesPerStep) == [3, 3, 4, 4, 3, 3, 3, 2, 2])
        #expect(PenaltyKind.allCases.map(\.interpolateCount) == [1, 1, 2, 2, 1, 0, 0, 0, 0])
        #expect(PenaltyKind.r1.site == .real && PenaltyKind.r2.site == .generated)
    }

    /// R1 and R2 are weighted by γ, every other penalty by λ.
    @Test func theWeightOfEachPenalty() {
        var c = TrainingConfiguration(model: ModelConfiguration(vocabularySize: 5))
        (c.lambda, c.gamma) = (3, 7)
        #expect(PenaltyKind.allCases.map { $0.weight(in: c) } == [3, 3, 3, 3, 3, 7, 7, 3, 3])
    }
}
