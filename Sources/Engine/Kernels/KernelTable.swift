import CKernels

/// One path's C kernels (`Sources/CKernels`), as the engine's loops call
/// them: raw buffers of a generic scalar that the caller has checked is
/// `Float` (``VectorKernels/active(for:)`` hands out a table only then).
/// Counts are elements; an output may be the same buffer as an input of the
/// same length, never a partial overlap.
///
/// Sendable: the tables are static C storage, filled once before the first
/// pointer to them is handed out and only read after.
struct KernelTable: @unchecked Sendable {
    let raw: UnsafePointer<ck_kernels>

    /// The path these kernels belong to.
    var path: KernelPath { KernelPath(raw.pointee.path) }

    /// `y[i] = op(a[i], b[i])` for `i < n`.
    @inline(__always)
    func binary<Scalar>(
        _ op: VectorBinaryOp, _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>, count n: Int
    ) {
        let (fa, fb, fy) = (floats(a), floats(b), floats(y))
        switch op {
        case .add: raw.pointee.add(fa, fb, fy, n)
        case .sub: raw.pointee.sub(fa, fb, fy, n)
        case .mul: raw.pointee.mul(fa, fb, fy, n)
        case .addScaled(let s): raw.pointee.add_scaled(fa, fb, s, fy, n)
        case .keepWherePositive: raw.pointee.keep_where_positive(fa, fb, fy, n)
        }
    }

    /// `y[i] = op(x[i])` for `i < n`.
    @inline(__always)
    func unary<Scalar>(_ op: VectorUnaryOp, _ x: UnsafePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>, count n: Int) {
        let (fx, fy) = (floats(x), floats(y))
        switch op {
        case .relu: raw.pointee.relu(fx, fy, n)
        case .exp: raw.pointee.exponential(fx, fy, n)
        case .scale(let s): raw.pointee.scale(fx, s, fy, n)
        }
    }

    /// `y[i] = (c[i] ≠ 0 ? a[i] : b[i]) + 0` for `i < n` (a NaN condition picks `a`).
    @inline(__always)
    func select<Scalar>(
        _ c: UnsafePointer<Scalar>, _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>, count n: Int
    ) {
        raw.pointee.select(floats(c), floats(a), floats(b), floats(y), n)
    }

    /// `y[i] = e^x[i]·2⁶⁴` for `x[i] ≤ 0`, the exponential inside ``softmaxRows(_:_:rows:columns:)``
    /// (for its accuracy test).
    func scaledExp<Scalar>(_ x: UnsafePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>, count n: Int) {
        raw.pointee.scaled_exponential(floats(x), floats(y), n)
    }

    /// Softmax of each row: `x` and `y` are `[rows, columns]`.
    @inline(__always)
    func softmaxRows<Scalar>(_ x: UnsafePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>, rows: Int, columns: Int) {
        raw.pointee.softmax_rows(floats(x), floats(y), rows, columns)
    }

    /// Adam's update of one parameter of `n` scalars, in place (see
    /// ``OptimizerKernels/adam(parameter:firstMoment:secondMoment:gradient:count:hyperparameters:average:decay:)``),
    /// and the moving average of the new weights when `average` is given.
    @inline(__always)
    func adam<Scalar>(
        _ p: UnsafeMutablePointer<Scalar>, _ m: UnsafeMutablePointer<Scalar>, _ v: UnsafeMutablePointer<Scalar>,
        _ g: UnsafePointer<Scalar>, count n: Int, _ h: AdamHyperparameters<Float>,
        average: UnsafeMutablePointer<Scalar>?, decay: Float
    ) {
        raw.pointee.adam(
            floats(p), floats(m), floats(v), floats(g), n, h.beta1, h.beta2, h.learningRate, h.epsilon,
            h.correction1, h.correction2, average.map(floats), decay)
    }

    /// `average[i] ← decay·average[i] + (1 − decay)·x[i]` for `i < n`.
    @inline(__always)
    func movingAverage<Scalar>(_ average: UnsafeMutablePointer<Scalar>, _ x: UnsafePointer<Scalar>, count n: Int, decay: Float) {
        raw.pointee.moving_average(floats(average), floats(x), n, decay)
    }

    /// `out[q·stride + i] = Σ_l c[q·sources + l]·rows[l][i]` for `q < outputs`, `i < count`.
    @inline(__always)
    func combineRows<Scalar>(
        _ c: UnsafePointer<Scalar>, rows: UnsafePointer<UnsafePointer<Scalar>>, sources: Int, outputs: Int,
        count: Int, into out: UnsafeMutablePointer<Scalar>, stride: Int
    ) {
        raw.pointee.combine_rows(floats(c), floatRows(rows), sources, outputs, count, floats(out), stride)
    }

    /// ``combineRows(_:rows:sources:outputs:count:into:stride:)`` for an 8 × 8
    /// matrix whose rows (1, 2), (3, 4), (5, 6) are ±p pairs, rows 0 and 7 single.
    @inline(__always)
    func combinePairedRows8<Scalar>(
        _ c: UnsafePointer<Scalar>, rows: UnsafePointer<UnsafePointer<Scalar>>, count: Int,
        into out: UnsafeMutablePointer<Scalar>, stride: Int
    ) {
        raw.pointee.combine_paired_rows8(floats(c), floatRows(rows), count, floats(out), stride)
    }

    /// The same for an 8 × 4 matrix (8 outputs from 4 rows).
    @inline(__always)
    func combinePairedRows4<Scalar>(
        _ c: UnsafePointer<Scalar>, rows: UnsafePointer<UnsafePointer<Scalar>>, count: Int,
        into out: UnsafeMutablePointer<Scalar>, stride: Int
    ) {
        raw.pointee.combine_paired_rows4(floats(c), floatRows(rows), count, floats(out), stride)
    }

    /// `y[s·stride + i] = Σ_ξ c[s·8 + ξ]·p_ξ[i]` for `s < outputs ≤ 8`, the
    /// columns (1, 2), (3, 4), (5, 6) of `c` paired (`c[s][b] = (−1)^s·c[s][a]`).
    @inline(__always)
    func combinePairedColumns8<Scalar>(
        _ c: UnsafePointer<Scalar>, sources: UnsafePointer<UnsafePointer<Scalar>>, outputs: Int, count: Int,
        into y: UnsafeMutablePointer<Scalar>, stride: Int
    ) {
        raw.pointee.combine_paired_columns8(floats(c), floatRows(sources), outputs, count, floats(y), stride)
    }
}

/// A two-input elementwise kernel: `y[i] = op(a[i], b[i])`.
enum VectorBinaryOp {
    case add, sub, mul
    /// `a + s·b`.
    case addScaled(Float)
    /// `a` where `b > 0`, else `+0` (relu's VJP: `a` the gradient, `b` the mask).
    case keepWherePositive
}

/// A one-input elementwise kernel: `y[i] = op(x[i])`.
enum VectorUnaryOp {
    /// `max(x, 0)`, as Swift's `max`: `+0` for `x ≤ 0`, NaN kept.
    case relu
    /// `eˣ` within 1 ulp of the correctly rounded value.
    case exp
    /// `x · s`.
    case scale(Float)
}

/// `p` as a pointer to `Float`; only for `Scalar == Float`.
@inline(__always)
func floats<Scalar>(_ p: UnsafePointer<Scalar>) -> UnsafePointer<Float> {
    UnsafeRawPointer(p).assumingMemoryBound(to: Float.self)
}

/// `p` as a pointer to `Float`; only for `Scalar == Float`.
@inline(__always)
func floats<Scalar>(_ p: UnsafeMutablePointer<Scalar>) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
}

/// An array of row pointers as C's `const float *const *`; only for `Scalar == Float`.
@inline(__always)
func floatRows<Scalar>(_ rows: UnsafePointer<UnsafePointer<Scalar>>) -> UnsafePointer<UnsafePointer<Float>> {
    UnsafeRawPointer(rows).assumingMemoryBound(to: UnsafePointer<Float>.self)
}
