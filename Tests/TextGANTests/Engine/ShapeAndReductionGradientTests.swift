import Testing
@testable import TextGAN

/// Gradient checks of reductions and shape primitives (all linear, so first
/// order suffices for them; `max` is piecewise linear).
@Suite struct ShapeAndReductionGradientTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func reductions(seed: UInt64) {
        let x = GradientChecking.normals([[3, 1, 7]], seed: seed)
        for axes in [[0], [1], [2], [0, 2], [-1], [0, 1, 2]] {
            for keep in [false, true] {
                GradientChecking.checkFirstOrder("sum \(axes) keep \(keep)", inputs: x, seed: seed) {
                    $0[0].sum(alongAxes: axes, keepingDimensions: keep)
                }
                GradientChecking.checkFirstOrder("mean \(axes) keep \(keep)", inputs: x, seed: seed) {
                    $0[0].mean(alongAxes: axes, keepingDimensions: keep)
                }
                GradientChecking.checkFirstOrder("max \(axes) keep \(keep)", inputs: x, seed: seed) {
                    $0[0].max(alongAxes: axes, keepingDimensions: keep)
                }
            }
        }
        GradientChecking.checkFirstOrder("sum all", inputs: x, seed: seed) { $0[0].sum() }
    }

    @Test func consecutiveAxesReduceInOnePassWithTheSameValues() {
        #expect(Tensor<Float>.consecutiveRuns([0, 1, 3]) == [3...3, 0...1])
        #expect(Tensor<Float>.consecutiveRuns([0, 1, 2]) == [0...2])
        // [2, 3, 2, 2] with x[i] = i: sums over axes (0, 1), (0, 2) and (1, 2, 3) by hand.
        let x = Tensor<Double>(shape: [2, 3, 2, 2], scalars: (0..<24).map(Double.init))
        func naive(_ axes: Set<Int>) -> [Double] {
            var out: [[Int]: Double] = [:]
            for i in 0..<24 {
                let index = [i / 12, i / 4 % 3, i / 2 % 2, i % 2]
                out[index.enumerated().map { axes.contains($0.offset) ? 0 : $0.element }, default: 0] += Double(i)
            }
            return out.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { out[$0]! }
        }
        for axes in [[0, 1], [0, 2], [1, 2, 3], [0, 1, 3]] {
            #expect(x.sum(alongAxes: axes).scalars == naive(Set(axes)), "sum \(axes)")
        }
    }

    @Test func reductionValues() {
        let x = Tensor<Double>(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])
        #expect(x.sum(alongAxes: [0]).scalars == [5, 7, 9])
        #expect(x.sum(alongAxes: [1], keepingDimensions: true).shape == [2, 1])
        #expect(x.sum(alongAxes: [1]).scalars == [9, 12])
        #expect(x.mean().scalar == 3.5)
        #expect(x.max(alongAxes: [1]).scalars == [5, 6])
        #expect(x.max(alongAxes: [0]).scalars == [4, 5, 6])
    }

    @Test func maxSharesGradientAmongTies() {
        let x = Tensor<Double>(shape: [3], scalars: [2, 2, 1]).requiringGradient()
        #expect(gradient(of: x.max(alongAxes: [0]), wrt: [x])[0].scalars == [0.5, 0.5, 0])
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func shapePrimitives(seed: UInt64) {
        let x = GradientChecking.normals([[3, 1, 7]], seed: seed)
        GradientChecking.checkFirstOrder("reshape", inputs: x, seed: seed) { $0[0].reshaped([7, -1]) }
        GradientChecking.checkFirstOrder("permute", inputs: x, seed: seed) { $0[0].permuted([2, 0, 1]) }
        GradientChecking.checkFirstOrder("transpose", inputs: x, seed: seed) { $0[0].transposed() }
        GradientChecking.checkFirstOrder("broadcast", inputs: x, seed: seed) { $0[0].broadcast(to: [2, 3, 5, 7]) }
        GradientChecking.checkFirstOrder("slice", inputs: x, seed: seed) { $0[0].slice(axis: 2, 2..<5) }
        GradientChecking.checkFirstOrder("pad", inputs: x, seed: seed) { $0[0].padded(axis: 0, before: 1, after: 2) }
        let pair = GradientChecking.normals([[3, 1, 7], [3, 4, 7]], seed: seed)
        GradientChecking.checkFirstOrder("concat", inputs: pair, seed: seed) { Tensor.concat($0, axis: 1) }
        let same = GradientChecking.normals([[3, 7], [3, 7], [3, 7]], seed: seed)
        GradientChecking.checkFirstOrder("stack", inputs: same, seed: seed) { Tensor.stack($0, axis: 1) }
    }

    @Test func shapeValues() {
        let x = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(x.transposed().scalars == [1, 4, 2, 5, 3, 6])
        #expect(x.slice(axis: 1, 1..<3).scalars == [2, 3, 5, 6])
        #expect(x.padded(axis: 1, before: 1, after: 0).scalars == [0, 1, 2, 3, 0, 4, 5, 6])
        #expect(Tensor.concat([x, x], axis: 0).shape == [4, 3])
        #expect(Tensor.stack([x, x], axis: 2).scalars == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6])
        #expect(Tensor<Double>(shape: [3], scalars: [1, 2, 3]).broadcast(to: [2, 3]).scalars == [1, 2, 3, 1, 2, 3])
    }

    @Test(arguments: [UInt64(1), 2])
    func gatherAndScatter(seed: UInt64) {
        let x = GradientChecking.normals([[3, 7]], seed: seed)
        let indices: [Int32] = [0, 6, 6, 3, 1, 2, 5, 5, 0]
        GradientChecking.checkFirstOrder("gather", inputs: x, seed: seed) { $0[0].gather(lastAxisIndices: indices, count: 3) }
        let small = GradientChecking.normals([[3, 3]], seed: seed)
        GradientChecking.checkFirstOrder("scatterAdd", inputs: small, seed: seed) { $0[0].scatterAdd(lastAxisIndices: indices, size: 7) }
    }

    @Test func oneHotAndArgmax() {
        let ids: [Int32] = [2, 0, 1]
        let h = Tensor<Float>.oneHot(ids, shape: [3], depth: 3)
        #expect(h.scalars == [0, 0, 1, 1, 0, 0, 0, 1, 0])
        #expect(h.argmaxLastAxis() == ids)
        #expect(!h.requiresGradient)
    }
}
