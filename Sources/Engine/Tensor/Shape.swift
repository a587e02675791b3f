/// Shape arithmetic shared by the primitives: element counts, row-major
/// strides, broadcasting and axis normalisation.
enum ShapeMath {
    /// The number of elements of a tensor of this shape (1 for a scalar `[]`).
    static func count(_ shape: [Int]) -> Int {
        shape.reduce(1, *)
    }

    /// Row-major (C-order) strides: the last axis has stride 1.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in shape.indices.reversed() {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }

    /// The shape two operands broadcast to, numpy style: shapes are aligned on
    /// the right, and each pair of sizes must be equal or contain a 1.
    static func broadcast(_ a: [Int], _ b: [Int], op: String) -> [Int] {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            precondition(
                da == db || da == 1 || db == 1,
                "\(op): shapes \(a) and \(b) do not broadcast")
            result[i] = da == 1 ? db : da
        }
        return result
    }

    /// Strides that read a tensor of `shape` as if it had `target`'s shape:
    /// broadcast axes get stride 0.
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        return target.indices.map { i in
            i < offset || shape[i - offset] == 1 ? 0 : own[i - offset]
        }
    }

    /// Resolves a possibly negative axis (`-1` is the last) and checks its range.
    static func normalize(axis: Int, rank: Int, op: String) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        precondition(
            resolved >= 0 && resolved < rank,
            "\(op): axis \(axis) out of range for rank \(rank)")
        return resolved
    }

    /// Resolves a list of axes; they must be distinct. Returned sorted.
    static func normalize(axes: [Int], rank: Int, op: String) -> [Int] {
        let resolved = axes.map { normalize(axis: $0, rank: rank, op: op) }.sorted()
        precondition(
            Set(resolved).count == resolved.count, "\(op): repeated axes \(axes)")
        return resolved
    }
}
