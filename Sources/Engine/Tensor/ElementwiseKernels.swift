/// The loops behind elementwise primitives: one pass over raw buffers, with
/// the scalar function inlined (callers pass closure literals to these
/// `@inline(__always)` functions, which the optimiser specialises), no
/// allocation inside the loop, and fast paths for the common broadcasts.
///
/// A caller that names a `vector` kernel gets it for `Float` where the loop
/// is contiguous (``VectorKernels``): the C kernel computes what `f` does,
/// and the Swift loop stays the reference (`.swift` path, and `Double`).
enum ElementwiseKernels {
    /// Rows shorter than this in a broadcast stay in the Swift loop: a kernel
    /// call per row would cost more than it saves.
    static let shortestVectorRow = 16

    /// `f` applied to every element.
    @inline(__always)
    static func map<Scalar>(_ x: Tensor<Scalar>, vector: VectorUnaryOp? = nil, _ f: (Scalar) -> Scalar) -> Tensor<Scalar> {
        let n = x.count
        return Tensor(shape: x.shape) { out in
            let src = x.storage.base
            if let vector, n > 0, let k = VectorKernels.active(for: Scalar.self), let y = out.baseAddress {
                k.unary(vector, src, y, count: n)
                return
            }
            for i in 0..<n { out[i] = f(src[i]) }
        }
    }

    /// `f(aᵢ, bᵢ)` over the broadcast shape of `a` and `b`.
    ///
    /// Fast paths: equal shapes; either side a single element; one side a
    /// suffix of the other (a bias `[C]` against `[B, T, C]`). Everything else
    /// goes through a strided loop over the last axis.
    ///
    /// With a `vector` kernel (`Float`), equal shapes and suffix broadcasts
    /// with rows of at least ``shortestVectorRow`` run it instead of `f`.
    @inline(__always)
    static func zip<Scalar>(
        _ a: Tensor<Scalar>, _ b: Tensor<Scalar>, op: String, vector: VectorBinaryOp? = nil,
        _ f: (Scalar, Scalar) -> Scalar
    ) -> Tensor<Scalar> {
        let pa = a.storage.base, pb = b.storage.base
        let kernels = vector == nil ? nil : VectorKernels.active(for: Scalar.self)
        if a.shape == b.shape {
            let n = a.count
            return Tensor(shape: a.shape) { out in
                if let vector, let kernels, n > 0, let y = out.baseAddress {
                    kernels.binary(vector, pa, pb, y, count: n)
                    return
                }
                for i in 0..<n { out[i] = f(pa[i], pb[i]) }
            }
        }
        let shape = ShapeMath.broadcast(a.shape, b.shape, op: op)
        let n = ShapeMath.count(shape)
        if b.count == 1 && a.count == n {
            let s = pb[0]
            return Tensor(shape: shape) { out in
                for i in 0..<n { out[i] = f(pa[i], s) }
            }
        }
        if a.count == 1 && b.count == n {
            let s = pa[0]
            return Tensor(shape: shape) { out in
                for i in 0..<n { out[i] = f(s, pb[i]) }
            }
        }
        if a.count == n && isSuffix(b.shape, of: shape) && b.count > 0 {
            let inner = b.count
            return Tensor(shape: shape) { out in
                var base = 0
                if let vector, let kernels, inner >= shortestVectorRow, let y = out.baseAddress {
                    while base < n {
                        kernels.binary(vector, pa + base, pb, y + base, count: inner)
                        base += inner
                    }
                    return
                }
                while base < n {
                    for j in 0..<inner { out[base + j] = f(pa[base + j], pb[j]) }
                    base += inner
                }
            }
        }
        if b.count == n && isSuffix(a.shape, of: shape) && a.count > 0 {
            let inner = a.count
            return Tensor(shape: shape) { out in
                var base = 0
                if let vector, let kernels, inner >= shortestVectorRow, let y = out.baseAddress {
                    while base < n {
                        kernels.binary(vector, pa, pb + base, y + base, count: inner)
                        base += inner
                    }
                    return
                }
                while base < n {
                    for j in 0..<inner { out[base + j] = f(pa[j], pb[base + j]) }
                    base += inner
                }
            }
        }
        let sa = ShapeMath.broadcastStrides(a.shape, to: shape)
        let sb = ShapeMath.broadcastStrides(b.shape, to: shape)
        return Tensor(shape: shape) { out in
            stridedLoop(shape: shape, sa, sb) { o, ia, ib, len, da, db in
                for j in 0..<len { out[o + j] = f(pa[ia + j * da], pb[ib + j * db]) }
            }
        }
    }

    /// `x` read through broadcast strides into a contiguous tensor of `shape`.
    static func expand<Scalar>(_ x: Tensor<Scalar>, to shape: [Int]) -> Tensor<Scalar> {
        let px = x.storage.base
        let n = ShapeMath.count(shape)
        if x.count == 1 {
            return Tensor(repeating: px[0], shape: shape)
        }
        if isSuffix(x.shape, of: shape) && x.count > 0 {
            let inner = x.count
            return Tensor(shape: shape) { out in
                var base = 0
                while base < n {
                    for j in 0..<inner { out[base + j] = px[j] }
                    base += inner
                }
            }
        }
        let sx = ShapeMath.broadcastStrides(x.shape, to: shape)
        return Tensor(shape: shape) { out in
            stridedLoop(shape: shape, sx, sx) { o, ix, _, len, dx, _ in
                for j in 0..<len { out[o + j] = px[ix + j * dx] }
            }
        }
    }

    /// Whether `small`, without its leading 1s, equals the trailing axes of `shape`.
    static func isSuffix(_ small: [Int], of shape: [Int]) -> Bool {
        let trimmed = small.drop(while: { $0 == 1 })
        return trimmed.count <= shape.count && shape.suffix(trimmed.count).elementsEqual(trimmed)
    }

    /// Visits a row-major iteration over `shape` one last-axis run at a time:
    /// `body(outOffset, offsetA, offsetB, runLength, strideA, strideB)`.
    @inline(__always)
    static func stridedLoop(
        shape: [Int], _ sa: [Int], _ sb: [Int],
        _ body: (Int, Int, Int, Int, Int, Int) -> Void
    ) {
        let rank = shape.count
        guard rank > 0 else {
            body(0, 0, 0, 1, 0, 0)
            return
        }
        let len = shape[rank - 1]
        let total = ShapeMath.count(shape)
        guard total > 0 else { return }
        var index = [Int](repeating: 0, count: rank)
        var ia = 0, ib = 0, o = 0
        while o < total {
            body(o, ia, ib, len, sa[rank - 1], sb[rank - 1])
            o += len
            // Advance the multi-index over all axes but the last.
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                ia += sa[axis]
                ib += sb[axis]
                if index[axis] < shape[axis] { break }
                ia -= sa[axis] * shape[axis]
                ib -= sb[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
