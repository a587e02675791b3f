// One-dimensional convolution over channels-last sequences, through GEMM.
//
// Forward:      y[b,t,o]  = Σₖ Σᵢ x[b, t+k−pL, i] · w[k,i,o]          (cross-correlation)
// Input VJP:    dx        = conv1d(dy, flip(w), padding (K−1−pL, K−1−pR))
// Weight VJP:   dw[k,i,o] = Σ_b Σₜ x[b, t+k−pL, i] · dy[b,t,o]           (conv1dWeightGradient)
//
// where flip(w)[k,o,i] = w[K−1−k, i, o]. The three primitives (conv1d,
// conv1dWeightGradient, flip) have VJPs made of each other, so a backward
// pass through a convolution can itself be differentiated (WGAN-GP).
//
// The forward kernel (and so the input gradient) runs as one im2col GEMM or,
// for K = 3 and 5 at 32+ channels, as Winograd F(4, K) (Winograd.swift), and
// the weight gradient as F(K, 4) (WinogradWeightGradient.swift): same values
// up to roundoff, 2.5× fewer multiply-adds at K = 5.

/// Zero padding before and after the time axis of a convolution.
public struct Conv1dPadding: Equatable, Sendable, CustomStringConvertible {
    public var left: Int
    public var right: Int

    public init(left: Int, right: Int) {
        self.left = left
        self.right = right
    }

    /// "Same" padding for an odd kernel: the output is as long as the input.
    public static func same(kernelSize: Int) -> Conv1dPadding {
        precondition(kernelSize % 2 == 1, "Conv1dPadding.same: kernel size \(kernelSize) is not odd")
        return Conv1dPadding(left: kernelSize / 2, right: kernelSize / 2)
    }

    /// The padding of the input-gradient convolution.
    func adjoint(kernelSize k: Int) -> Conv1dPadding {
        Conv1dPadding(left: k - 1 - left, right: k - 1 - right)
    }

    public var description: String { "(\(left), \(right))" }
}

extension Tensor {
    /// 1D convolution (cross-correlation), stride 1, channels-last.
    ///
    /// `y[b,t,o] = Σₖ Σᵢ x[b, t+k−pL, i] · w[k,i,o] (+ bias[o])`, with `x` read
    /// as zero outside `[0, T)`.
    ///
    /// - Parameters:
    ///   - weight: `[K, Cin, Cout]`.
    ///   - bias: `[Cout]` or `nil`.
    ///   - padding: zeros before and after; `.same(kernelSize: K)` keeps `T`.
    /// - Returns: `[B, T + pL + pR − K + 1, Cout]` from `self` `[B, T, Cin]`.
    /// - Precondition: `0 ≤ pL, pR ≤ K − 1`; channel counts agree.
    /// - Complexity: one GEMM `[B·T', K·Cin]·[K·Cin, Cout]`, `2·B·T'·K·Cin·Cout` flops,
    ///   after an im2col copy (skipped for `K = 1`); with Winograd F(4, K)
    ///   (``Conv1dAlgorithm``) `2·(K + 3)/4·B·T'·Cin·Cout` GEMM flops instead.
    public func conv1d(_ weight: Tensor, bias: Tensor? = nil, padding: Conv1dPadding) -> Tensor {
        guard let bias else { return Tensor.conv1dPrimitive(self, weight, padding) }
        precondition(bias.shape == [weight.shape[2]], "conv1d: bias \(bias.shape) for weight \(weight.shape)")
        let k = Tensor.checkConv1dShapes(self, weight, padding, op: "conv1d")
        // The bias is written into the output before the GEMM accumulates onto it (β = 1).
        let value = Conv1dKernels.forward(self, weight, padding, bias: bias)
        let biasShape = bias.shape
        return Tensor.primitive("conv1dBias", value, inputs: [self, weight, bias], saving: [self, weight]) { g, c in
            Tensor.conv1dVJP(g, c, kernelSize: k, padding) + [c.needs[2] ? g.sumToShape(biasShape) : nil]
        }
    }

    static func conv1dPrimitive(_ x: Tensor, _ w: Tensor, _ padding: Conv1dPadding) -> Tensor {
        let k = checkConv1dShapes(x, w, padding, op: "conv1d")
        let value = Conv1dKernels.forward(x, w, padding, bias: nil)
        return primitive("conv1d", value, inputs: [x, w], saving: [x, w]) { g, c in
            conv1dVJP(g, c, kernelSize: k, padding)
        }
    }

    /// The gradients of a convolution's input and weight (saved as `[x, w]`)
    /// for the output gradient `g`.
    static func conv1dVJP(_ g: Tensor, _ c: BackwardContext<Scalar>, kernelSize k: Int, _ padding: Conv1dPadding) -> [Tensor?] {
        let (x, w) = (c.saved[0], c.saved[1])
        return [
            c.needs[0] ? conv1dPrimitive(g, flippedKernel(w), padding.adjoint(kernelSize: k)) : nil,
            c.needs[1] ? conv1dWeightGradient(x, g, kernelSize: k, padding) : nil,
        ]
    }

    /// `dw[k,i,o] = Σ_b Σₜ x[b, t+k−pL, i] · dy[b,t,o]`: the weight gradient of
    /// ``conv1d(_:bias:padding:)`` as a primitive of its own, bilinear in `x`
    /// and `dy`. Shapes: `x [B, T, Cin]`, `dy [B, T', Cout]` → `[K, Cin, Cout]`.
    static func conv1dWeightGradient(_ x: Tensor, _ dy: Tensor, kernelSize k: Int, _ padding: Conv1dPadding) -> Tensor {
        let value = Conv1dKernels.weightGradient(x, dy, kernelSize: k, padding)
        return primitive("conv1dWeightGradient", value, inputs: [x, dy], saving: [x, dy]) { g, c in
            let (x, dy) = (c.saved[0], c.saved[1])
            return [
                c.needs[0] ? conv1dPrimitive(dy, flippedKernel(g), padding.adjoint(kernelSize: k)) : nil,
                c.needs[1] ? conv1dPrimitive(x, g, padding) : nil,
            ]
        }
    }

    /// `flip(w)[k,o,i] = w[K−1−k, i, o]`: `[K, Cin, Cout] → [K, Cout, Cin]`.
    /// A permutation of the entries, and its own adjoint.
    static func flippedKernel(_ w: Tensor) -> Tensor {
        precondition(w.rank == 3, "conv1d: kernel must be [K, Cin, Cout], got \(w.shape)")
        let (k, ci, co) = (w.shape[0], w.shape[1], w.shape[2])
        let src = w.storage.base
        let tile = 32  // transpose in 32 × 32 tiles, so both sides stay in cache
        let value = Tensor(shape: [k, co, ci]) { out in
            for kk in 0..<k {
                let from = src + (k - 1 - kk) * ci * co
                let to = kk * co * ci
                for i0 in stride(from: 0, to: ci, by: tile) {
                    for o0 in stride(from: 0, to: co, by: tile) {
                        for i in i0..<min(i0 + tile, ci) {
                            for o in o0..<min(o0 + tile, co) { out[to + o * ci + i] = from[i * co + o] }
                        }
                    }
                }
            }
        }
        return primitive("flipKernel", value, inputs: [w]) { g, _ in [flippedKernel(g)] }
    }

    /// Checks shapes and returns the kernel size.
    static func checkConv1dShapes(_ x: Tensor, _ w: Tensor, _ padding: Conv1dPadding, op: String) -> Int {
        precondition(x.rank == 3, "\(op): input must be [B, T, Cin], got \(x.shape)")
        precondition(w.rank == 3, "\(op): weight must be [K, Cin, Cout], got \(w.shape)")
        let k = w.shape[0]
        precondition(
            x.shape[2] == w.shape[1], "\(op): input channels \(x.shape[2]) ≠ weight's Cin \(w.shape[1]) (\(x.shape) ⋆ \(w.shape))")
        precondition(
            padding.left >= 0 && padding.right >= 0 && padding.left < k && padding.right < k,
            "\(op): padding \(padding) must lie in [0, \(k - 1)] for kernel size \(k)")
        precondition(
            x.shape[1] + padding.left + padding.right - k + 1 > 0,
            "\(op): sequence of length \(x.shape[1]) too short for kernel \(k) with padding \(padding)")
        return k
    }
}

/// The raw loops and GEMM calls of the convolution primitives.
enum Conv1dKernels {
    /// Output length `T' = T + pL + pR − K + 1`.
    static func outputLength(_ t: Int, _ k: Int, _ padding: Conv1dPadding) -> Int {
        t + padding.left + padding.right - k + 1
    }

    /// The default bound on an im2col chunk: 4 MiB (2 to 8 MiB measured
    /// alike on a 1 MiB-L2 core; 0.5 to 1 MiB much slower).
    static let defaultChunkBytes = 4 << 20

    /// The batch elements per im2col chunk: the fewest chunks that keep each
    /// chunk's matrix (`rows × K·Cin` scalars) within `chunkBytes`, as equal
    /// as they can be, at least one example each.
    /// A whole-batch im2col of a large batch leaves the cache before the GEMM
    /// reads it (21 MB at B = 256, C = 128); a chunk is read back from cache.
    static func chunkSize(batch b: Int, rowsPerExample: Int, rowLength: Int, scalarBytes: Int, chunkBytes: Int) -> Int {
        let perExample = max(1, rowsPerExample * rowLength * scalarBytes)
        let most = max(1, min(b, chunkBytes / perExample))
        let chunks = (b + most - 1) / most
        return (b + chunks - 1) / chunks  // equal chunks: 64 as 32 + 32, not 51 + 13
    }

    /// Calls `body(first, count, cols)` for consecutive chunks of the batch,
    /// `cols` the im2col matrix of examples `first..<first+count`:
    /// `[count·T', K·Cin]`, row `(b, t)` holding `x[b, t+k−pL, :]` for
    /// `k = 0…K−1` (zeros outside the sequence). For `K = 1` without padding
    /// the matrix is `x` itself: one chunk, no copy.
    static func forEachIm2colChunk<Scalar: TensorScalar>(
        _ x: Tensor<Scalar>, kernelSize k: Int, _ padding: Conv1dPadding, chunkBytes: Int,
        _ body: (_ first: Int, _ count: Int, _ cols: UnsafePointer<Scalar>) -> Void
    ) {
        let (b, t, ci) = (x.shape[0], x.shape[1], x.shape[2])
        if k == 1 && padding.left == 0 && padding.right == 0 {
            body(0, b, x.storage.base)
            return
        }
        let tOut = outputLength(t, k, padding)
        let rowLength = k * ci
        let chunk = chunkSize(batch: b, rowsPerExample: tOut, rowLength: rowLength, scalarBytes: MemoryLayout<Scalar>.stride, chunkBytes: chunkBytes)
        let capacity = max(1, chunk * tOut * rowLength)
        let byteCount = capacity * MemoryLayout<Scalar>.stride
        let cols = BufferCache.shared.allocate(byteCount: byteCount).bindMemory(to: Scalar.self, capacity: capacity)
        defer { BufferCache.shared.deallocate(UnsafeMutableRawPointer(cols), byteCount: byteCount) }
        let src = x.storage.base
        for first in stride(from: 0, to: b, by: chunk) {
            let count = min(chunk, b - first)
            for bb in 0..<count {
                for tt in 0..<tOut {
                    let row = cols + (bb * tOut + tt) * rowLength
                    for kk in 0..<k {
                        let s = tt + kk - padding.left
                        let dst = row + kk * ci
                        if s >= 0 && s < t {
                            dst.update(from: src + ((first + bb) * t + s) * ci, count: ci)
                        } else {
                            dst.update(repeating: 0, count: ci)
                        }
                    }
                }
            }
            body(first, count, cols)
        }
    }

    /// `y = conv1d(x, w) (+ bias)` by the algorithm ``algorithm(kernelSize:inputChannels:outputChannels:)`` picks.
    static func forward<Scalar: TensorScalar>(
        _ x: Tensor<Scalar>, _ w: Tensor<Scalar>, _ padding: Conv1dPadding, bias: Tensor<Scalar>?,
        chunkBytes: Int = defaultChunkBytes
    ) -> Tensor<Scalar> {
        switch algorithm(kernelSize: w.shape[0], inputChannels: x.shape[2], outputChannels: w.shape[2]) {
        case .im2col:
            return im2colForward(x, w, padding, bias: bias, chunkBytes: chunkBytes)
        case .winograd(let outputs):
            return winogradForward(x, w, padding, bias: bias, transform: WinogradTransform(outputs: outputs, taps: w.shape[0]))
        }
    }

    /// `y = im2col(x) · w (+ bias)`, one GEMM per im2col chunk: with a bias,
    /// every output row starts as the bias and the GEMM adds onto it (β = 1).
    static func im2colForward<Scalar: TensorScalar>(
        _ x: Tensor<Scalar>, _ w: Tensor<Scalar>, _ padding: Conv1dPadding, bias: Tensor<Scalar>?,
        chunkBytes: Int = defaultChunkBytes
    ) -> Tensor<Scalar> {
        let (b, t, ci) = (x.shape[0], x.shape[1], x.shape[2])
        let (k, co) = (w.shape[0], w.shape[2])
        let tOut = outputLength(t, k, padding)
        return Tensor(shape: [b, tOut, co]) { out in
            guard let pc = out.baseAddress, out.count > 0 else { return }
            if let bias {
                let pb = bias.storage.base
                for row in 0..<(b * tOut) { (pc + row * co).update(from: pb, count: co) }
            }
            forEachIm2colChunk(x, kernelSize: k, padding, chunkBytes: chunkBytes) { first, count, cols in
                Scalar.gemm(
                    transposeA: false, transposeB: false, m: count * tOut, n: co, k: k * ci, alpha: 1,
                    a: cols, lda: k * ci, b: w.storage.base, ldb: co, beta: bias == nil ? 0 : 1,
                    c: pc + first * tOut * co, ldc: co)
            }
        }
    }

    /// `dw[k,i,o] = Σ_b Σₜ x[b, t+k−pL, i] · dy[b,t,o]` by the algorithm
    /// ``algorithm(kernelSize:inputChannels:outputChannels:)`` picks.
    static func weightGradient<Scalar: TensorScalar>(
        _ x: Tensor<Scalar>, _ dy: Tensor<Scalar>, kernelSize k: Int, _ padding: Conv1dPadding,
        chunkBytes: Int = defaultChunkBytes
    ) -> Tensor<Scalar> {
        switch algorithm(kernelSize: k, inputChannels: x.shape[2], outputChannels: dy.shape[2]) {
        case .im2col:
            return im2colWeightGradient(x, dy, kernelSize: k, padding, chunkBytes: chunkBytes)
        case .winograd(let m):
            return winogradWeightGradient(x, dy, kernelSize: k, padding, tile: m)
        }
    }

    /// `dw = im2col(x)ᵀ · dy`, accumulated over im2col chunks (β = 1 after the first).
    static func im2colWeightGradient<Scalar: TensorScalar>(
        _ x: Tensor<Scalar>, _ dy: Tensor<Scalar>, kernelSize k: Int, _ padding: Conv1dPadding,
        chunkBytes: Int = defaultChunkBytes
    ) -> Tensor<Scalar> {
        precondition(x.rank == 3 && dy.rank == 3, "conv1dWeightGradient: shapes \(x.shape), \(dy.shape)")
        let (b, t, ci) = (x.shape[0], x.shape[1], x.shape[2])
        let co = dy.shape[2]
        let tOut = outputLength(t, k, padding)
        precondition(
            dy.shape[0] == b && dy.shape[1] == tOut,
            "conv1dWeightGradient: gradient \(dy.shape) does not match input \(x.shape) with kernel \(k), padding \(padding)")
        return Tensor(shape: [k, ci, co]) { out in
            guard let pc = out.baseAddress, out.count > 0 else { return }
            if b * tOut == 0 {
                for i in 0..<out.count { out[i] = 0 }
                return
            }
            forEachIm2colChunk(x, kernelSize: k, padding, chunkBytes: chunkBytes) { first, count, cols in
                Scalar.gemm(
                    transposeA: true, transposeB: false, m: k * ci, n: co, k: count * tOut, alpha: 1,
                    a: cols, lda: k * ci, b: dy.storage.base + first * tOut * co, ldb: co,
                    beta: first == 0 ? 0 : 1, c: pc, ldc: co)
            }
        }
    }
}
