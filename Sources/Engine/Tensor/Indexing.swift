// One-hot encoding and gathering by integer indices.

extension Tensor {
    /// One-hot vectors: `ids` of shape `shape` become `shape + [depth]`, with 1
    /// at each id and 0 elsewhere (no gradient). Real text enters the critic
    /// this way: `[B, T]` ids → `[B, T, V]`.
    /// - Precondition: every id lies in `0..<depth`.
    public static func oneHot(_ ids: [Int32], shape: [Int], depth: Int) -> Tensor {
        precondition(ids.count == ShapeMath.count(shape), "oneHot: \(ids.count) ids for shape \(shape)")
        precondition(depth > 0, "oneHot: depth \(depth)")
        var result = Tensor.zeros(shape + [depth])
        result.withUnsafeMutableBufferPointer { out in
            for (i, id) in ids.enumerated() {
                precondition(id >= 0 && Int(id) < depth, "oneHot: id \(id) at \(i) outside 0..<\(depth)")
                out[i * depth + Int(id)] = 1
            }
        }
        return result
    }

    /// Picks elements along the last axis: `y[..., j] = x[..., indices[..., j]]`
    /// (PyTorch's `gather(-1, …)`). `indices` has `x`'s leading shape and `m`
    /// entries per row. VJP: scatter-add of `g` back into `x`'s shape.
    public func gather(lastAxisIndices indices: [Int32], count m: Int) -> Tensor {
        precondition(rank >= 1, "gather: rank-0 input")
        let n = shape[rank - 1]
        let rows = count / Swift.max(1, n)
        precondition(indices.count == rows * m, "gather: \(indices.count) indices for \(rows) rows × \(m)")
        let outShape = Array(shape.dropLast()) + [m]
        let src = storage.base
        let value = Tensor(shape: outShape) { out in
            for r in 0..<rows {
                for j in 0..<m {
                    let idx = Int(indices[r * m + j])
                    precondition(idx >= 0 && idx < n, "gather: index \(idx) outside 0..<\(n)")
                    out[r * m + j] = src[r * n + idx]
                }
            }
        }
        return Tensor.primitive("gather", value, inputs: [self]) { g, _ in
            [g.scatterAdd(lastAxisIndices: indices, size: n)]
        }
    }

    /// The adjoint of ``gather(lastAxisIndices:count:)``: `y[..., indices[..., j]] += x[..., j]`
    /// into a last axis of `size`. VJP: gather.
    public func scatterAdd(lastAxisIndices indices: [Int32], size n: Int) -> Tensor {
        let m = shape[rank - 1]
        let rows = count / Swift.max(1, m)
        precondition(indices.count == rows * m, "scatterAdd: \(indices.count) indices for \(rows) rows × \(m)")
        let src = storage.base
        let value = Tensor(shape: Array(shape.dropLast()) + [n]) { out in
            for i in 0..<out.count { out[i] = 0 }
            for r in 0..<rows {
                for j in 0..<m {
                    let idx = Int(indices[r * m + j])
                    precondition(idx >= 0 && idx < n, "scatterAdd: index \(idx) outside 0..<\(n)")
                    out[r * n + idx] += src[r * m + j]
                }
            }
        }
        return Tensor.primitive("scatterAdd", value, inputs: [self]) { g, _ in
            [g.gather(lastAxisIndices: indices, count: m)]
        }
    }

    /// The index of the largest element along the last axis (ties: the first),
    /// as integers: `[..., N] → [...]` flattened row-major.
    public func argmaxLastAxis() -> [Int32] {
        let n = shape[rank - 1]
        let rows = count / Swift.max(1, n)
        return withUnsafeBufferPointer { p in
            (0..<rows).map { r in
                var best = 0
                for j in 1..<Swift.max(1, n) where p[r * n + j] > p[r * n + best] { best = j }
                return Int32(best)
            }
        }
    }
}
