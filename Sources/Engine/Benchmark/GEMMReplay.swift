/// Runs recorded GEMM shapes (``GEMMCounter/Totals/shapes``) on their own: the same calls a
/// training iteration made, on fresh buffers, with nothing between them. Their GFLOP/s is
/// what those GEMMs reach in isolation, to hold the GEMMs inside training against.
public struct GEMMReplay: Sendable {
    /// Calls of each shape per replay.
    public let calls: [GEMMShape: Int]

    public init(calls: [GEMMShape: Int]) { self.calls = calls }

    /// The calls divided by `parts` (rounded up), for one of `parts` threads that shared them.
    public func share(of parts: Int) -> GEMMReplay {
        GEMMReplay(calls: calls.mapValues { ($0 + parts - 1) / parts })
    }

    public var flops: Double { calls.reduce(0) { $0 + $1.key.flops * Double($1.value) } }

    /// Seconds to run every call once, after one untimed pass over each shape; in the order
    /// of largest shapes first, each shape's calls back to back.
    public func seconds() -> Double {
        var total = 0.0
        for (shape, count) in calls.sorted(by: { $0.key.flops > $1.key.flops }) {
            var a = [Float](repeating: 0.5, count: shape.m * shape.k)
            var b = [Float](repeating: 0.25, count: shape.k * shape.n)
            var c = [Float](repeating: 0, count: shape.m * shape.n)
            func once() {
                a.withUnsafeMutableBufferPointer { a in
                    b.withUnsafeMutableBufferPointer { b in
                        c.withUnsafeMutableBufferPointer { c in
                            Float.gemm(transposeA: shape.transposeA, transposeB: shape.transposeB, m: shape.m, n: shape.n, k: shape.k,
                                       alpha: 1, a: a.baseAddress!, lda: shape.transposeA ? shape.m : shape.k,
                                       b: b.baseAddress!, ldb: shape.transposeB ? shape.k : shape.n,
                                       beta: shape.accumulates ? 1 : 0, c: c.baseAddress!, ldc: shape.n)
                        }
                    }
                }
            }
            once()
            let watch = Stopwatch()
            for _ in 0..<count { once() }
            total += watch.elapsed
        }
        return total
    }
}
