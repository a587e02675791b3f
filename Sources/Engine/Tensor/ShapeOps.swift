// Shape primitives: reshape, permute, broadcast, slice, pad, concat. All are
// linear, so each VJP is another shape primitive.

extension Tensor {
    /// The same scalars under a new shape (no copy). One size may be `-1`.
    /// VJP: reshape back.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let hole = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != hole }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0, "reshape: cannot reshape \(shape) to \(newShape)")
            resolved[hole] = count / known
        }
        precondition(
            resolved.allSatisfy { $0 >= 0 } && ShapeMath.count(resolved) == count,
            "reshape: cannot reshape \(shape) (\(count) elements) to \(newShape)")
        if resolved == shape { return self }
        let original = shape
        return Tensor.primitive("reshape", Tensor(storage: storage, shape: resolved), inputs: [self]) { g, _ in
            [g.reshaped(original)]
        }
    }

    /// Axes reordered: result axis `i` is input axis `axes[i]`. VJP: the inverse permutation.
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(
            axes.count == rank && axes.sorted() == Array(0..<rank),
            "permute: \(axes) is not a permutation of the axes of \(shape)")
        if axes == Array(0..<rank) { return self }
        let newShape = axes.map { shape[$0] }
        let inStrides = strides
        let readStrides = axes.map { inStrides[$0] }
        let src = storage.base
        let value = Tensor(shape: newShape) { out in
            ElementwiseKernels.stridedLoop(shape: newShape, readStrides, readStrides) { o, i, _, len, d, _ in
                for j in 0..<len { out[o + j] = src[i + j * d] }
            }
        }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, a) in axes.enumerated() { inverse[a] = i }
        return Tensor.primitive("permute", value, inputs: [self]) { g, _ in [g.permuted(inverse)] }
    }

    /// The last two axes swapped.
    public func transposed() -> Tensor {
        precondition(rank >= 2, "transposed: needs rank ≥ 2, got \(shape)")
        var axes = Array(0..<rank)
        axes.swapAt(rank - 1, rank - 2)
        return permuted(axes)
    }

    /// Broadcast to `target` (numpy rules), materialised. VJP: `sumToShape`.
    public func broadcast(to target: [Int]) -> Tensor {
        if target == shape { return self }
        let result = ShapeMath.broadcast(shape, target, op: "broadcast")
        precondition(result == target, "broadcast: \(shape) does not broadcast to \(target)")
        let original = shape
        return Tensor.primitive("broadcast", ElementwiseKernels.expand(self, to: target), inputs: [self]) { g, _ in
            [g.sumToShape(original)]
        }
    }

    /// Elements `range` along `axis`. VJP: zero padding back to the full size.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = ShapeMath.normalize(axis: axis, rank: rank, op: "slice")
        let n = shape[axis]
        precondition(
            range.lowerBound >= 0 && range.upperBound <= n,
            "slice: range \(range) out of bounds for axis \(axis) of \(shape)")
        if range == 0..<n { return self }
        var newShape = shape
        newShape[axis] = range.count
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        let src = storage.base
        let value = Tensor(shape: newShape) { out in
            let run = range.count * inner
            for o in 0..<outer {
                let from = src + (o * n + range.lowerBound) * inner
                for j in 0..<run { out[o * run + j] = from[j] }
            }
        }
        let (before, after) = (range.lowerBound, n - range.upperBound)
        return Tensor.primitive("slice", value, inputs: [self]) { g, _ in
            [g.padded(axis: axis, before: before, after: after)]
        }
    }

    /// Zeros added before and after along `axis`. VJP: the matching slice.
    public func padded(axis: Int, before: Int, after: Int) -> Tensor {
        let axis = ShapeMath.normalize(axis: axis, rank: rank, op: "pad")
        precondition(before >= 0 && after >= 0, "pad: negative padding \(before), \(after)")
        if before == 0 && after == 0 { return self }
        let n = shape[axis]
        var newShape = shape
        newShape[axis] = n + before + after
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        let src = storage.base
        let value = Tensor(shape: newShape) { out in
            let outRun = newShape[axis] * inner, inRun = n * inner
            for o in 0..<outer {
                let dst = o * outRun
                for j in 0..<(before * inner) { out[dst + j] = 0 }
                for j in 0..<inRun { out[dst + before * inner + j] = src[o * inRun + j] }
                for j in (before * inner + inRun)..<outRun { out[dst + j] = 0 }
            }
        }
        return Tensor.primitive("pad", value, inputs: [self]) { g, _ in
            [g.slice(axis: axis, before..<(before + n))]
        }
    }

    /// Tensors joined along `axis`; all other sizes must agree. VJP: slices.
    public static func concat(_ tensors: [Tensor], axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "concat: no tensors")
        let first = tensors[0]
        let axis = ShapeMath.normalize(axis: axis, rank: first.rank, op: "concat")
        for t in tensors {
            precondition(
                t.rank == first.rank
                    && t.shape.enumerated().allSatisfy { $0.offset == axis || $0.element == first.shape[$0.offset] },
                "concat: shapes \(tensors.map(\.shape)) differ outside axis \(axis)")
        }
        if tensors.count == 1 { return first }
        let sizes = tensors.map { $0.shape[axis] }
        var newShape = first.shape
        newShape[axis] = sizes.reduce(0, +)
        let outer = first.shape[..<axis].reduce(1, *), inner = first.shape[(axis + 1)...].reduce(1, *)
        let outRun = newShape[axis] * inner
        let value = Tensor(shape: newShape) { out in
            var offset = 0
            for t in tensors {
                let run = t.shape[axis] * inner
                let src = t.storage.base
                for o in 0..<outer {
                    for j in 0..<run { out[o * outRun + offset + j] = src[o * run + j] }
                }
                offset += run
            }
        }
        return primitive("concat", value, inputs: tensors) { g, c in
            var start = 0
            return sizes.enumerated().map { i, size in
                defer { start += size }
                return c.needs[i] ? g.slice(axis: axis, start..<(start + size)) : nil
            }
        }
    }

    /// Tensors of equal shape stacked along a new axis.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "stack: no tensors")
        let shape = tensors[0].shape
        precondition(tensors.allSatisfy { $0.shape == shape }, "stack: shapes differ: \(tensors.map(\.shape))")
        let axis = ShapeMath.normalize(axis: axis, rank: shape.count + 1, op: "stack")
        var expanded = shape
        expanded.insert(1, at: axis)
        return concat(tensors.map { $0.reshaped(expanded) }, axis: axis)
    }
}
