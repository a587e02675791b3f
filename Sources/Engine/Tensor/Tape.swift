/// What a primitive's vector–Jacobian product sees when it runs.
struct BackwardContext<Scalar: TensorScalar> {
    /// The tensors the primitive saved at forward time. Attached to the tape
    /// when the backward pass builds a graph, detached otherwise.
    let saved: [Tensor<Scalar>]
    /// The primitive's own output, for VJPs written in terms of it (`exp`,
    /// `sqrt`); only present when the primitive asked to save it.
    let output: Tensor<Scalar>?
    /// For each input, whether its gradient is needed; a VJP returns `nil`
    /// for inputs whose gradient is not needed, and skips that work.
    let needs: [Bool]
}

/// A primitive's vector–Jacobian product: given the gradient of the output,
/// the gradients of its inputs (in input order), written in `Tensor`
/// operations so that they can be differentiated again.
typealias VJP<Scalar: TensorScalar> =
    (_ upstream: Tensor<Scalar>, _ context: BackwardContext<Scalar>) -> [Tensor<Scalar>?]

/// One recorded operation. Nodes point to their inputs' nodes, so a graph is
/// owned by the tensors computed from it and freed when they are.
final class TapeNode<Scalar: TensorScalar> {
    let op: String
    let parents: [TapeNode?]
    let saved: [Tensor<Scalar>]
    let outputStorage: TensorStorage<Scalar>?
    let outputShape: [Int]
    let vjp: VJP<Scalar>?

    /// A leaf: a tensor the user differentiates with respect to.
    init(leafOp op: String) {
        self.op = op
        self.parents = []
        self.saved = []
        self.outputStorage = nil
        self.outputShape = []
        self.vjp = nil
    }
    
    init(
        op: String, parents: [TapeNode?], saved: [Tensor<Scalar>],
        outputStorage: TensorStorage<Scalar>?, outputShape: [Int], vjp: @escaping VJP<Scalar>
    ) {
        self.op = op
        self.parents = parents
        self.saved = saved
        self.outputStorage = outputStorage
        self.outputShape = outputShape
        self.vjp = vjp
    }
}

extension Tensor {
    /// Wraps a freshly computed `value` (with no node) as the output of a
    /// primitive. If any input requires a gradient, a tape node is recorded
    /// with the primitive's VJP; otherwise `value` is returned as is.
    static func primitive(
        _ op: String,
        _ value: Tensor,
        inputs: [Tensor],
        saving saved: [Tensor] = [],
        savingOutput: Bool = false,
        vjp: @escaping VJP<Scalar>
    ) -> Tensor {
        guard inputs.contains(where: { $0.node != nil }) else { return value }
        let node = TapeNode(
            op: op, parents: inputs.map(\.node), saved: saved,
            outputStorage: savingOutput ? value.storage : nil, outputShape: value.shape, vjp: vjp)
        return Tensor(storage: value.storage, shape: value.shape, node: node)
    }
}

/// Gradients of a scalar `y` with respect to each tensor in `xs`, by reverse
/// accumulation over the tape: `∂y/∂xᵢ`, each with the shape of `xᵢ`.
///
/// Only the part of the graph between `y` and the `xs` is visited, and each
/// VJP computes only the input gradients that lead to some `xᵢ`. A tensor used
/// several times receives the sum of its gradients. A tensor in `xs` that `y`
/// does not depend on gets zeros.
///
/// With `createGraph: true` the VJPs themselves are recorded, so the returned
/// gradients require gradients and can be differentiated again (PyTorch's
/// `autograd.grad(create_graph=True)`): this is how the WGAN-GP penalty
/// `(‖∇ₓD(x̂)‖ − 1)²` is differentiated with respect to the critic's weights.
///
/// - Precondition: `y` has exactly one element; every tensor in `xs`
///   ``Tensor/requiresGradient``.
/// - Complexity: one VJP per visited node, about the cost of the forward pass
///   (twice with `createGraph`, which also keeps the backward graph alive).
public func gradient<Scalar: TensorScalar>(
    of y: Tensor<Scalar>, wrt xs: [Tensor<Scalar>], createGraph: Bool = false
) -> [Tensor<Scalar>] {
    backward(of: y, wrt: xs, createGraph: createGraph)
}

/// The reverse sweep behind both ``gradient(of:wrt:createGraph:)`` overloads.
private func backward<Scalar: TensorScalar>(
    of y: Tensor<Scalar>, wrt xs: [Tensor<Scalar>], createGraph: Bool
) -> [Tensor<Scalar>] {
    precondition(y.count == 1, "gradient(of:wrt:): output has shape \(y.shape); expected a scalar")
    for (i, x) in xs.enumerated() {
        precondition(
            x.requiresGradient,
            "gradient(of:wrt:): input \(i) of shape \(x.shape) does not require a gradient; call requiringGradient() before using it")
    }
    guard let root = y.node else { return xs.map { Tensor.zeros($0.shape) } }

    let targets = Set(xs.compactMap { $0.node.map(ObjectIdentifier.init) })
    let order = postOrder(from: root)

    // A node is needed if it is a target or leads to one.
    var needed = Set<ObjectIdentifier>()
    for node in order {
        let id = ObjectIdentifier(node)
        if targets.contains(id)
            || node.parents.contains(where: { $0.map { needed.contains(ObjectIdentifier($0)) } ?? false })
        {
            needed.insert(id)
        }
    }

    var grads: [ObjectIdentifier: Tensor<Scalar>] = [ObjectIdentifier(root): Tensor.ones(y.shape)]
    for node in order.reversed() {
        let id = ObjectIdentifier(node)
        guard needed.contains(id), let vjp = node.vjp, let upstream = grads[id] else { continue }
        if !targets.contains(id) { grads[id] = nil }  // free as we go

        let needs = node.parents.map { $0.map { needed.contains(ObjectIdentifier($0)) } ?? false }
        let output = node.outputStorage.map {
            Tensor(storage: $0, shape: node.outputShape, node: createGraph ? node : nil)
        }
        let context = BackwardContext(
            saved: createGraph ? node.saved : node.saved.map { $0.detached() },
            output: output, needs: needs)
        let inputGrads = vjp(createGraph ? upstream : upstream.detached(), context)
        precondition(
            inputGrads.count == node.parents.count,
            "gradient(of:wrt:): VJP of \(node.op) returned \(inputGrads.count) gradients for \(node.parents.count) inputs")

        for (parent, grad) in zip(node.parents, inputGrads) {
            guard let parent, let grad, needed.contains(ObjectIdentifier(parent)) else { continue }
            let pid = ObjectIdentifier(parent)
            if let existing = grads[pid] {
                grads[pid] = existing + grad
            } else {
                grads[pid] = grad
            }
        }
    }
    return xs.map { x in
        x.node.flatMap { grads[ObjectIdentifier($0)] }.map { createGraph ? $0 : $0.detached() }
            ?? Tensor.zeros(x.shape)
    }
}

/// The nodes reachable from `root`, each after all of its parents
/// (iterative depth-first search, so deep graphs do not overflow the stack).
private func postOrder<Scalar>(from root: TapeNode<Scalar>) -> [TapeNode<Scalar>] {
    var order: [TapeNode<Scalar>] = []
    var visited = Set<ObjectIdentifier>([ObjectIdentifier(root)])
    var stack: [(node: TapeNode<Scalar>, nextParent: Int)] = [(root, 0)]
    while let top = stack.last {
        if top.nextParent < top.node.parents.count {
            stack[stack.count - 1].nextParent += 1
            if let parent = top.node.parents[top.nextParent],
                visited.insert(ObjectIdentifier(parent)).inserted
            {
                stack.append((parent, 0))
            }
        } else {
            order.append(top.node)
            stack.removeLast()
        }
    }
    return order
}

/// The value of `f(x)` and its gradient with respect to `x`.
public func valueWithGradient<Scalar: TensorScalar>(
    at x: Tensor<Scalar>, createGraph: Bool = false, of f: (Tensor<Scalar>) -> Tensor<Scalar>
) -> (value: Tensor<Scalar>, gradient: Tensor<Scalar>) {
    let leaf = x.requiresGradient ? x : x.requiringGradient()
    let y = f(leaf)
    return (y.detached(), gradient(of: y, wrt: [leaf], createGraph: createGraph)[0])
}

/// ``gradient(of:wrt:createGraph:)`` for `Float`, compiled in this module, so
/// that a caller in another module runs the backward pass specialised
/// (a generic call across modules would run it through witness tables).
public func gradient(of y: Tensor<Float>, wrt xs: [Tensor<Float>], createGraph: Bool = false) -> [Tensor<Float>] {
    backward(of: y, wrt: xs, createGraph: createGraph)
}
