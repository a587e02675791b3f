/// An n-dimensional array of `Float` or `Double`, row-major, with value
/// semantics, that can record the operations applied to it for reverse-mode
/// differentiation.
///
/// Shapes use fixed letters in comments: B batch, T sequence, V vocabulary,
/// C channels, Z latent; sequences are channels-last `[B, T, C]`.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let w = Tensor<Double>.normal([3, 2], using: &rng).requiringGradient()
/// let x = Tensor<Double>(shape: [4, 3], scalars: (0..<12).map(Double.init))
/// let loss = x.matmul(w).relu().sum()
/// let dw = gradient(of: loss, wrt: [w])[0]  // [3, 2]
/// ```
///
/// Tensors are values: copies share a buffer until one is mutated in place.
/// A tensor that ``requiresGradient`` carries a node of the tape; the graph is
/// owned by the tensors that refer to it and freed with them, so independent
/// graphs (in one thread or several) never interact. A single tensor is not
/// safe to mutate from two threads at once, like any Swift value.
public struct Tensor<Scalar: TensorScalar> {
    var storage: TensorStorage<Scalar>
    /// The size of each axis; `[]` for a scalar.
    public let shape: [Int]
    var node: TapeNode<Scalar>?
    
    init(storage: TensorStorage<Scalar>, shape: [Int], node: TapeNode<Scalar>? = nil) {
        precondition(
            storage.count == ShapeMath.count(shape),
            "Tensor: storage of \(storage.count) scalars does not fit shape \(shape)")
        self.storage = storage
        self.shape = shape
        self.node = node
    }

    /// A tensor of the given shape whose scalars are written by `body`
    /// (every element must be written).
    init(shape: [Int], uninitialized body: (UnsafeMutableBufferPointer<Scalar>) -> Void) {
        let storage = TensorStorage<Scalar>(uninitializedCount: ShapeMath.count(shape))
        body(UnsafeMutableBufferPointer(start: storage.base, count: storage.count))
        self.init(storage: storage, shape: shape)
    }

    /// A tensor from row-major scalars.
    /// - Precondition: `scalars.count` is the product of `shape`.
    public init(shape: [Int], scalars: [Scalar]) {
        precondition(
            shape.allSatisfy { $0 >= 0 }, "Tensor(shape:scalars:): negative size in \(shape)")
        precondition(
            scalars.count == ShapeMath.count(shape),
            "Tensor(shape:scalars:): \(scalars.count) scalars for shape \(shape)")
        self.init(shape: shape) { buffer in
            _ = buffer.initialize(from: scalars)
        }
    }

    /// A rank-0 tensor holding one value.
    public init(_ value: Scalar) {
        self.init(shape: [], scalars: [value])
    }

    /// A tensor of `shape` filled with `value`.
    public init(repeating value: Scalar, shape: [Int]) {
        precondition(
            shape.allSatisfy { $0 >= 0 }, "Tensor(repeating:shape:): negative size in \(shape)")
        self.init(storage: TensorStorage(repeating: value, count: ShapeMath.count(shape)), shape: shape)
    }

    /// Zeros of the given shape.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

    /// Ones of the given shape.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }

    /// The number of axes.
    public var rank: Int { shape.count }

    /// The number of scalars.
    public var count: Int { storage.count }

    /// Row-major strides, in elements.
    public var strides: [Int] { ShapeMath.strides(shape) }

    /// The scalars in row-major order.
    public var scalars: [Scalar] {
        Array(UnsafeBufferPointer(start: storage.base, count: storage.count))
    }

    /// The value of a tensor with exactly one element.
    public var scalar: Scalar {
        precondition(count == 1, "Tensor.scalar: tensor of shape \(shape) has \(count) elements")
        return storage.base[0]
    }

    /// Element access by full index, for tests and small tensors. Setting an
    /// element detaches the tensor from the tape (its value no longer matches
    /// the recorded graph).
    public subscript(index: Int...) -> Scalar {
        get { storage.base[offset(of: index)] }
        set {
            let position = offset(of: index)
            withUnsafeMutableBufferPointer { $0[position] = newValue }
        }
    }

    private func offset(of index: [Int]) -> Int {
        precondition(
            index.count == rank, "Tensor subscript: \(index.count) indices for shape \(shape)")
        var offset = 0
        for (axis, i) in index.enumerated() {
            precondition(
                i >= 0 && i < shape[axis], "Tensor subscript: index \(index) out of range for shape \(shape)")
            offset = offset * shape[axis] + i
        }
        return offset
    }

    /// Calls `body` with the scalars, read-only.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
    }

    /// Calls `body` with the scalars for in-place mutation, copying the buffer
    /// first if it is shared. Mutation detaches the tensor from the tape.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R
    ) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        node = nil
        return try body(UnsafeMutableBufferPointer(start: storage.base, count: storage.count))
    }

    /// Whether operations on this tensor are recorded for differentiation.
    public var requiresGradient: Bool { node != nil }

    /// The same values, cut off from the tape: gradients do not flow through it.
    public func detached() -> Tensor {
        Tensor(storage: storage, shape: shape)
    }

    /// The same values as a new leaf of the tape, so that ``gradient(of:wrt:createGraph:)``
    /// can differentiate with respect to it. Any earlier history is cut off.
    public func requiringGradient() -> Tensor {
        Tensor(storage: storage, shape: shape, node: TapeNode(leafOp: "leaf"))
    }

    /// The same tensor converted to another scalar type (not differentiable).
    public func converted<Other: TensorScalar>(to _: Other.Type = Other.self) -> Tensor<Other> {
        Tensor<Other>(shape: shape) { out in
            for i in 0..<count { out[i] = Other(storage.base[i]) }
        }
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = count <= 16 ? "\(scalars)" : "\(Array(scalars.prefix(16))) …"
        return "Tensor<\(Scalar.self)>\(shape) \(preview)\(requiresGradient ? " (requires gradient)" : "")"
    }
}
