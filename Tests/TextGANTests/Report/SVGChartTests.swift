import Foundation
import Testing
@testable import TextGAN

/// The charts' axes: round tick steps, ticks on their multiples, labels with
/// just enough decimals, and no negative axis for data that is never negative.
@Suite struct SVGChartTests {
    @Test(arguments: [(1900.0, 500.0), (7526.0, 2000.0), (0.3, 0.1), (0.4, 0.1), (1.0, 0.2), (45.0, 10.0), (0.011, 0.002)])
    func tickStepsAreOneTwoOrFiveTimesAPowerOfTen(range: Double, step: Double) {
        #expect(abs(SVGChart.tickStep(range) - step) < step * 1e-12, "range \(range): \(SVGChart.tickStep(range))")
    }

    @Test func ticksAreTheMultiplesInsideTheRange() {
        #expect(SVGChart.ticks(from: 100, to: 2000, step: 500) == [500, 1000, 1500, 2000])
        #expect(SVGChart.ticks(from: -0.2, to: 0.2, step: 0.1).count == 5)
        #expect(SVGChart.ticks(from: -0.2, to: 0.2, step: 0.1)[2] == 0)  // not -2.8e-17
    }

    @Test func axisLabelsAreRoundAndNonNegativeDataKeepsAZeroFloor() {
        let chart = SVGChart(title: "t", xLabel: "generator iterations", yLabel: "y", series: [
            SVGChart.Series(name: "a", points: [(x: 100, mean: 0.9, std: 0.05), (x: 2000, mean: 0.02, std: 0.05)]),
        ])
        let svg = chart.svg
        for label in [">500<", ">1000<", ">1500<", ">2000<", ">0.0<", ">0.2<", ">1.0<"] {
            #expect(svg.contains(label), "missing tick label \(label)")
        }
        #expect(!svg.contains(">-"), "a negative tick for data that is never below 0")
    }
}
