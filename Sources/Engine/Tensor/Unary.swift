// Elementwise functions of one tensor: exp, log, sqrt, pow, abs, relu, clamp.
// VJPs are written with tensor ops; masks for piecewise functions are
// constants (no gradient), so second derivatives are correct away from kinks.

extension Tensor {
    /// `eˣ`. VJP: `g ⊙ eˣ` (the saved output).
    public func exp() -> Tensor {
        Tensor.primitive("exp", ElementwiseKernels.map(self, vector: .exp) { .exp($0) }, inputs: [self], savingOutput: true) {
            g, c in [g * c.output!]
        }
    }

    /// Natural logarithm. VJP: `g / x`.
    public func log() -> Tensor {
        Tensor.primitive("log", ElementwiseKernels.map(self) { .log($0) }, inputs: [self], saving: [self]) {
            g, c in [g / c.saved[0]]
        }
    }

    /// `√x`. VJP: `g / (2√x)` (the saved output).
    public func sqrt() -> Tensor {
        Tensor.primitive("sqrt", ElementwiseKernels.map(self) { .sqrt($0) }, inputs: [self], savingOutput: true) {
            g, c in [g * 0.5 / c.output!]
        }
    }

    /// `xᵖ` for a constant exponent. VJP: `g ⊙ p·xᵖ⁻¹`.
    public func pow(_ p: Scalar) -> Tensor {
        let value: Tensor
        switch p {
        case 1: value = ElementwiseKernels.map(self) { $0 }
        case 2: value = ElementwiseKernels.map(self) { $0 * $0 }
        default: value = ElementwiseKernels.map(self) { .pow($0, p) }
        }
        return Tensor.primitive("pow", value, inputs: [self], saving: [self]) { g, c in
            [p == 1 ? g : g * (c.saved[0].pow(p - 1) * p)]
        }
    }

    /// `|x|`. VJP: `g ⊙ sign(x)` (0 at 0).
    public func abs() -> Tensor {
        Tensor.primitive("abs", ElementwiseKernels.map(self) { Swift.abs($0) }, inputs: [self], saving: [self]) {
            g, c in [g * c.saved[0].sign()]
        }
    }

    /// `max(x, 0)`. VJP: `g ⊙ [x > 0]`, read off the saved output (`y > 0`
    /// exactly where `x > 0`), so the input need not be kept for the backward.
    public func relu() -> Tensor {
        Tensor.primitive("relu", ElementwiseKernels.map(self, vector: .relu) { Swift.max($0, 0) }, inputs: [self], savingOutput: true) {
            g, c in [g.keepingWherePositive(c.output!)]
        }
    }

    /// `g ⊙ [m > 0]` for `self = g`: `g` where the mask `m` is positive, 0
    /// elsewhere, in one pass. Linear in `g`; `m` is a constant (no gradient).
    /// Shapes: equal. VJP: `u ⊙ [m > 0]`.
    func keepingWherePositive(_ mask: Tensor) -> Tensor {
        precondition(shape == mask.shape, "keepingWherePositive: \(shape) vs mask \(mask.shape)")
        let m = mask.detached()
        let value = ElementwiseKernels.zip(detached(), m, op: "keepWherePositive", vector: .keepWherePositive) { $1 > 0 ? $0 : 0 }
        return Tensor.primitive("keepWherePositive", value, inputs: [self], saving: [m]) { g, c in
            [g.keepingWherePositive(c.saved[0])]
        }
    }

    /// Clamps every element to `[lower, upper]`. VJP: `g ⊙ [lower ≤ x ≤ upper]`.
    public func clamped(to range: ClosedRange<Scalar>) -> Tensor {
        let (lo, hi) = (range.lowerBound, range.upperBound)
        return Tensor.primitive(
            "clamp", ElementwiseKernels.map(self) { Swift.min(Swift.max($0, lo), hi) },
            inputs: [self], saving: [self]
        ) { g, c in
            [g * ElementwiseKernels.map(c.saved[0]) { $0 >= lo && $0 <= hi ? 1 : 0 }]
        }
    }

    /// The sign of each element, −1, 0 or 1 (no gradient).
    public func sign() -> Tensor {
        ElementwiseKernels.map(detached()) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
    }
}
