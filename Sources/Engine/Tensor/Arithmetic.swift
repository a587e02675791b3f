// Elementwise arithmetic with numpy broadcasting: add, sub, mul, div, neg.
// Each VJP undoes broadcasting with `sumToShape`.

extension Tensor {
    /// `a + b`, broadcast. VJP: `(g, g)`, each summed back to its operand's shape.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let (sa, sb) = (a.shape, b.shape)
        return primitive("add", ElementwiseKernels.zip(a, b, op: "add", vector: .add, +), inputs: [a, b]) { g, c in
            [c.needs[0] ? g.sumToShape(sa) : nil, c.needs[1] ? g.sumToShape(sb) : nil]
        }
    }

    /// `a − b`, broadcast. VJP: `(g, −g)`.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let (sa, sb) = (a.shape, b.shape)
        return primitive("sub", ElementwiseKernels.zip(a, b, op: "sub", vector: .sub, -), inputs: [a, b]) { g, c in
            [c.needs[0] ? g.sumToShape(sa) : nil, c.needs[1] ? (-g).sumToShape(sb) : nil]
        }
    }

    /// `a ⊙ b`, broadcast. VJP: `(g ⊙ b, g ⊙ a)`.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let (sa, sb) = (a.shape, b.shape)
        return primitive(
            "mul", ElementwiseKernels.zip(a, b, op: "mul", vector: .mul, *), inputs: [a, b], saving: [a, b]
        ) { g, c in
            [
                c.needs[0] ? (g * c.saved[1]).sumToShape(sa) : nil,
                c.needs[1] ? (g * c.saved[0]).sumToShape(sb) : nil,
            ]
        }
    }

    /// `a / b`, broadcast. VJP: `(g / b, −g·a / b²)`.
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let (sa, sb) = (a.shape, b.shape)
        return primitive(
            "div", ElementwiseKernels.zip(a, b, op: "div", /), inputs: [a, b], saving: [a, b]
        ) { g, c in
            let (a, b) = (c.saved[0], c.saved[1])
            return [
                c.needs[0] ? (g / b).sumToShape(sa) : nil,
                c.needs[1] ? (-(g * a) / (b * b)).sumToShape(sb) : nil,
            ]
        }
    }

    /// `−x`. VJP: `−g`.
    public static prefix func - (x: Tensor) -> Tensor {
        primitive("neg", ElementwiseKernels.map(x, -), inputs: [x]) { g, _ in [-g] }
    }

    public static func + (a: Tensor, b: Scalar) -> Tensor { a + Tensor(b) }
    public static func + (a: Scalar, b: Tensor) -> Tensor { Tensor(a) + b }
    public static func - (a: Tensor, b: Scalar) -> Tensor { a - Tensor(b) }
    public static func - (a: Scalar, b: Tensor) -> Tensor { Tensor(a) - b }
    /// `a · s` for a constant `s`. VJP: `g · s`; nothing is saved.
    public static func * (a: Tensor, b: Scalar) -> Tensor {
        primitive("scale", ElementwiseKernels.map(a, vector: .scale(Float(b))) { $0 * b }, inputs: [a]) { g, _ in [g * b] }
    }
    public static func * (a: Scalar, b: Tensor) -> Tensor { b * a }

    /// `self + s · other` in one pass, for a constant `s` (a residual
    /// connection). Shapes: equal. VJP: `(g, s · g)`; nothing is saved.
    public func adding(_ other: Tensor, scaledBy s: Scalar) -> Tensor {
        precondition(shape == other.shape, "adding(_:scaledBy:): \(shape) vs \(other.shape)")
        let value = ElementwiseKernels.zip(self, other, op: "addScaled", vector: .addScaled(Float(s))) { $0 + s * $1 }
        return Tensor.primitive("addScaled", value, inputs: [self, other]) { g, c in
            [c.needs[0] ? g : nil, c.needs[1] ? g * s : nil]
        }
    }
    public static func / (a: Tensor, b: Scalar) -> Tensor { a / Tensor(b) }
    public static func / (a: Scalar, b: Tensor) -> Tensor { Tensor(a) / b }

    /// Sums a broadcast result back to `shape`: the adjoint of broadcasting
    /// `shape` to `self.shape`. Leading axes and axes of size 1 in `shape`
    /// are summed. The one helper every broadcasting VJP goes through.
    public func sumToShape(_ target: [Int]) -> Tensor {
        if shape == target { return self }
        precondition(
            target.count <= rank, "sumToShape: cannot reduce \(shape) to the larger rank of \(target)")
        let lead = rank - target.count
        var axes = Array(0..<lead)
        for (i, size) in target.enumerated() where size == 1 && shape[lead + i] != 1 {
            axes.append(lead + i)
        }
        for (i, size) in target.enumerated() where size != 1 {
            precondition(
                shape[lead + i] == size, "sumToShape: \(shape) was not broadcast from \(target)")
        }
        return sum(alongAxes: axes, keepingDimensions: true).reshaped(target)
    }
}
