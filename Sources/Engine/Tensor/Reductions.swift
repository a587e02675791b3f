// Reductions along axes: sum, mean, max. Reducing axis `a` views the tensor as
// `[outer, n, inner]` with `n = shape[a]`; several axes reduce one at a time.

extension Tensor {
    /// `Σ` over `axes`; with `keepingDimensions` the reduced axes stay as size 1.
    /// VJP: `g` reshaped with the reduced axes kept, broadcast back to `x`'s shape.
    ///
    /// ```swift
    /// x.sum(alongAxes: [1])          // [B, T, C] → [B, C]
    /// ```
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let axes = ShapeMath.normalize(axes: axes, rank: rank, op: "sum")
        let inputShape = shape
        let keptShape = Tensor.keptShape(shape, axes)
        // Rows added with the vector kernel (a bias gradient sums B·T rows of C): the same
        // additions in the same order as `+` element by element, so the same bits.
        let value = Tensor.reduce(detached(), axes: axes, initial: 0, +) { row, total, count in
            Conv1dKernels.addRow(row, to: total, count: count)
        }
        let result = Tensor.primitive("sum", value, inputs: [self]) { g, _ in
            [g.reshaped(keptShape).broadcast(to: inputShape)]
        }
        return keepingDimensions ? result : result.reshaped(Tensor.droppedShape(shape, axes))
    }

    /// `Σ` over every element: a rank-0 tensor.
    public func sum() -> Tensor { sum(alongAxes: Array(0..<rank)) }

    /// The mean over `axes`: `Σ / n` with `n` the number of reduced elements.
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let axes = ShapeMath.normalize(axes: axes, rank: rank, op: "mean")
        let n = axes.reduce(1) { $0 * shape[$1] }
        return sum(alongAxes: axes, keepingDimensions: keepingDimensions) / Scalar(n)
    }

    /// The mean of every element: a rank-0 tensor.
    public func mean() -> Tensor { mean(alongAxes: Array(0..<rank)) }

    /// The maximum over `axes`. VJP: `g` shared equally among the elements
    /// that attain the maximum (as PyTorch's `amax`).
    public func max(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let axes = ShapeMath.normalize(axes: axes, rank: rank, op: "max")
        precondition(axes.allSatisfy { shape[$0] > 0 }, "max: empty axis in shape \(shape)")
        let inputShape = shape
        let keptShape = Tensor.keptShape(shape, axes)
        let value = Tensor.reduce(detached(), axes: axes, initial: -.infinity) { Swift.max($0, $1) }
        let result = Tensor.primitive("max", value, inputs: [self], saving: [self]) { g, c in
            let winners = c.saved[0].isEqual(to: value)  // [x = max], constant
            let share = winners / winners.sum(alongAxes: axes, keepingDimensions: true)
            return [g.reshaped(keptShape).broadcast(to: inputShape) * share]
        }
        return keepingDimensions ? result : result.reshaped(Tensor.droppedShape(shape, axes))
    }

    static func keptShape(_ shape: [Int], _ axes: [Int]) -> [Int] {
        var kept = shape
        for a in axes { kept[a] = 1 }
        return kept
    }

    static func droppedShape(_ shape: [Int], _ axes: [Int]) -> [Int] {
        shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
    }

    /// Runs of consecutive axes, last run first: `[0, 1, 3]` → `[3...3, 0...1]`.
    static func consecutiveRuns(_ axes: [Int]) -> [ClosedRange<Int>] {
        var runs: [ClosedRange<Int>] = []
        for axis in axes {
            if let last = runs.last, last.upperBound + 1 == axis {
                runs[runs.count - 1] = last.lowerBound...axis
            } else {
                runs.append(axis...axis)
            }
        }
        return runs.reversed()
    }

    /// Folds `combine` over `axes` (sorted, distinct), keeping them as size 1.
    /// Each run of consecutive axes (`[B, T]` of a bias gradient) is folded
    /// in one pass, as a single axis of their combined length. `combineRows(row,
    /// total, count)`, when given, does `total[k] = combine(total[k], row[k])` for
    /// `k < count` at once, where the folded axes are not the last.
    @inline(__always)
    static func reduce(
        _ x: Tensor, axes: [Int], initial: Scalar, _ combine: (Scalar, Scalar) -> Scalar,
        combineRows: ((UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>, Int) -> Void)? = nil
    ) -> Tensor {
        var current = x
        for run in consecutiveRuns(axes) {
            let outer = current.shape[..<run.lowerBound].reduce(1, *)
            let n = current.shape[run].reduce(1, *)
            let inner = current.shape[(run.upperBound + 1)...].reduce(1, *)
            var outShape = current.shape
            for axis in run { outShape[axis] = 1 }
            let src = current.storage.base
            current = Tensor(shape: outShape) { out in
                if inner == 1 {
                    for o in 0..<outer {
                        var acc = initial
                        let row = src + o * n
                        for j in 0..<n { acc = combine(acc, row[j]) }
                        out[o] = acc
                    }
                } else {
                    for o in 0..<outer {
                        let dst = o * inner
                        for k in 0..<inner { out[dst + k] = initial }
                        for j in 0..<n {
                            let row = src + (o * n + j) * inner
                            if let combineRows, let total = out.baseAddress {
                                combineRows(UnsafePointer(row), total + dst, inner)
                            } else {
                                for k in 0..<inner { out[dst + k] = combine(out[dst + k], row[k]) }
                            }
                        }
                    }
                }
            }
        }
        return current
    }
}
