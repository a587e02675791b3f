// Comparisons, `where` and `maximum`. Comparisons return 1 where true and 0
// where false, and carry no gradient.

extension Tensor {
    /// `[a > b]` elementwise, broadcast (no gradient).
    public func isGreater(than other: Tensor) -> Tensor {
        ElementwiseKernels.zip(detached(), other.detached(), op: "isGreater") { $0 > $1 ? 1 : 0 }
    }

    /// `[a ≥ b]` elementwise, broadcast (no gradient).
    public func isGreaterOrEqual(to other: Tensor) -> Tensor {
        ElementwiseKernels.zip(detached(), other.detached(), op: "isGreaterOrEqual") { $0 >= $1 ? 1 : 0 }
    }

    /// `[a < b]` elementwise, broadcast (no gradient).
    public func isLess(than other: Tensor) -> Tensor { other.isGreater(than: self) }

    /// `[a = b]` elementwise, broadcast (no gradient).
    public func isEqual(to other: Tensor) -> Tensor {
        ElementwiseKernels.zip(detached(), other.detached(), op: "isEqual") { $0 == $1 ? 1 : 0 }
    }

    public func isGreater(than s: Scalar) -> Tensor { isGreater(than: Tensor(s)) }
    public func isLess(than s: Scalar) -> Tensor { isLess(than: Tensor(s)) }

    /// Whether every element is finite (neither NaN nor ±∞).
    public var isFinite: Bool {
        withUnsafeBufferPointer { $0.allSatisfy(\.isFinite) }
    }
}

/// `condition ? a : b` elementwise, broadcast; `condition` holds 0 or non-zero
/// and carries no gradient. VJP: `(where(c, g, 0), where(c, 0, g))`.
public func `where`<Scalar>(_ condition: Tensor<Scalar>, _ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Tensor<Scalar> {
    let mask = condition.isEqual(to: Tensor(0))  // 1 where the condition is false
    let picked: Tensor<Scalar>
    if condition.shape == a.shape && a.shape == b.shape, let k = VectorKernels.active(for: Scalar.self) {
        // One pass; the kernel adds +0 after picking, as the masked sum below does.
        let (pc, pa, pb) = (condition.storage.base, a.storage.base, b.storage.base)
        picked = Tensor(shape: a.shape) { out in
            if let y = out.baseAddress, out.count > 0 { k.select(pc, pa, pb, y, count: out.count) }
        }
    } else {
        picked = ElementwiseKernels.zip(
            ElementwiseKernels.zip(mask, a.detached(), op: "where") { $0 == 0 ? $1 : 0 },
            ElementwiseKernels.zip(mask, b.detached(), op: "where") { $0 != 0 ? $1 : 0 },
            op: "where", +)
    }
    let (sa, sb) = (a.shape, b.shape)
    let keep = 1 - mask
    return Tensor.primitive("where", picked, inputs: [a, b]) { g, c in
        [c.needs[0] ? (g * keep).sumToShape(sa) : nil, c.needs[1] ? (g * mask).sumToShape(sb) : nil]
    }
}

/// The elementwise maximum of `a` and `b`, broadcast. VJP: the gradient goes
/// to `a` where `a ≥ b`, to `b` elsewhere.
public func maximum<Scalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Tensor<Scalar> {
    let aWins = a.isGreaterOrEqual(to: b)
    let (sa, sb) = (a.shape, b.shape)
    return Tensor.primitive("maximum", ElementwiseKernels.zip(a, b, op: "maximum") { Swift.max($0, $1) }, inputs: [a, b]) {
        g, c in
        [c.needs[0] ? (g * aWins).sumToShape(sa) : nil, c.needs[1] ? (g * (1 - aWins)).sumToShape(sb) : nil]
    }
}
