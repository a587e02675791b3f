import Foundation

/// Mean and (sample) standard deviation over seeds; `std` is 0 for one seed.
public struct Spread: Codable, Equatable, Sendable {
    public let mean: Double
    public let std: Double
    /// How many seeds: with one, there is no spread to show.
    public let count: Int

    public init(_ values: [Double]) {
        let m = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        mean = m
        std = values.count < 2 ? 0 : (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
        count = values.count
    }

    /// `mean ± std` with `digits` decimals; the mean alone for one seed, "–" for none.
    public func text(digits: Int = 4) -> String {
        if mean.isNaN { return "–" }
        let value = String(format: "%.\(digits)f", mean)
        return count < 2 ? value : value + String(format: " ± %.\(digits)f", std)
    }

    /// A share as percent: ``text(digits:)`` of `100 · mean ± 100 · std`.
    public func percent(digits: Int = 2) -> String {
        Spread(mean: 100 * mean, std: 100 * std, count: count).text(digits: digits)
    }

    private init(mean: Double, std: Double, count: Int) {
        (self.mean, self.std, self.count) = (mean, std, count)
    }
}
