/// The buffer behind a ``Tensor``: `count` scalars, 64-byte aligned, from ``BufferCache``.
///
/// Tensors share storage freely (reshape, detach, saved values on the tape);
/// a tensor that is about to be mutated in place copies it first unless it is
/// the only owner (copy-on-write, see ``Tensor/withUnsafeMutableBufferPointer(_:)``).
final class TensorStorage<Scalar: TensorScalar> {
    let count: Int
    let base: UnsafeMutablePointer<Scalar>

    /// Allocates `count` scalars without initialising them (they are trivial
    /// types, so reading before writing is a logic error, not undefined memory).
    init(uninitializedCount count: Int) {
        precondition(count >= 0, "TensorStorage: negative count \(count)")
        self.count = count
        let raw = BufferCache.shared.allocate(byteCount: max(1, count) * MemoryLayout<Scalar>.stride)
        self.base = raw.bindMemory(to: Scalar.self, capacity: max(1, count))
    }
    
    convenience init(repeating value: Scalar, count: Int) {
        self.init(uninitializedCount: count)
        base.initialize(repeating: value, count: count)
    }

    /// A new storage holding a copy of this one's scalars.
    func copy() -> TensorStorage {
        let result = TensorStorage(uninitializedCount: count)
        result.base.update(from: base, count: count)
        return result
    }

    deinit {
        BufferCache.shared.deallocate(UnsafeMutableRawPointer(base), byteCount: max(1, count) * MemoryLayout<Scalar>.stride)
    }
}
