import Foundation
import Testing
@testable import TextGAN

/// ``PenaltyKind``'s properties agree with one another, and its names (the
/// `--penalty` values and config.json's `penalty`) stay as they are.
@Suite struct PenaltyKindTests {
    @Test(arguments: PenaltyKind.allCases)
    func propertiesAreConsistent(kind: PenaltyKind) {
        let family = kind.family
        #expect(kind.needsSecondOrder == (family == .gradient || family == .directionalGradient))
        #expect((kind.interpolateCount == 2) == (family == .difference))
        #expect((kind.interpolateCount == 1) == kind.needsSecondOrder)
        #expect((kind.interpolateCount == 0) == (family == .clip || family == .none))
        #expect(kind.hasPenaltyTerm == (kind.interpolateCount > 0))
        #expect(kind.clipsWeights == (family == .clip))
        #expect(kind.criticExamplesPerStep == 2 + kind.interpolateCount)
        // Only a penalty with a slope to hinge can be one-sided.
        if kind.isOneSided { #expect(kind.hasPenaltyTerm && family != .directionalGradient) }
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
        #expect(PenaltyKind.allCases.map(\.rawValue) == ["gp", "gp-one-sided", "fd", "fd-one-sided", "gp-directional", "clip", "none"])
    }

    @Test func familiesOfTheKinds() {
        #expect(PenaltyKind.allCases.map(\.family) == [.gradient, .gradient, .difference, .difference, .directionalGradient, .clip, .none])
        #expect(PenaltyKind.allCases.filter(\.isOneSided) == [.gpOneSided, .fdOneSided])
        #expect(PenaltyKind.allCases.map(\.criticExamplesPerStep) == [3, 3, 4, 4, 3, 2, 2])
    }
}
