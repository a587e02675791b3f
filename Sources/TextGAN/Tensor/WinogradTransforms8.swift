// The input and output transforms of Winograd F(4, 5) (n = 8 points), with
// the 8 rows of a tile held in SIMD registers, 16 channels at a time: one
// load and one store per row and channel block, instead of one per
// multiply-add as in the general loops of `Winograd.swift`.

extension Conv1dKernels {
    typealias Lanes<Scalar: SIMDScalar> = SIMD16<Scalar>

    @inline(__always)
    static func loadLanes<Scalar: TensorScalar>(_ p: UnsafePointer<Scalar>) -> Lanes<Scalar> {
        UnsafeRawPointer(p).loadUnaligned(as: Lanes<Scalar>.self)
    }

    @inline(__always)
    static func storeLanes<Scalar: TensorScalar>(_ v: Lanes<Scalar>, _ p: UnsafeMutablePointer<Scalar>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes<Scalar>.self)
    }

    /// `V_ξ = Σ_l Bᵀ[ξ, l]·d_l` for one tile of 8 input rows `d` (`rows[l]`,
    /// `count` channels each), written to `v + ξ·stride`.
    static func inputTransform8<Scalar: TensorScalar>(
        _ bt: UnsafePointer<Scalar>, rows d: UnsafePointer<UnsafePointer<Scalar>>, count: Int,
        into v: UnsafeMutablePointer<Scalar>, stride: Int
    ) {
        let w = Lanes<Scalar>.scalarCount
        var i = 0
        while i + w <= count {
            let d0 = loadLanes(d[0] + i), d1 = loadLanes(d[1] + i), d2 = loadLanes(d[2] + i), d3 = loadLanes(d[3] + i)
            let d4 = loadLanes(d[4] + i), d5 = loadLanes(d[5] + i), d6 = loadLanes(d[6] + i), d7 = loadLanes(d[7] + i)
            for xi in 0..<8 {
                let c = bt + 8 * xi
                var acc = d0 * c[0]
                acc += d1 * c[1]
                acc += d2 * c[2]
                acc += d3 * c[3]
                acc += d4 * c[4]
                acc += d5 * c[5]
                acc += d6 * c[6]
                acc += d7 * c[7]
                storeLanes(acc, v + xi * stride + i)
            }
            i += w
        }
        while i < count {
            for xi in 0..<8 {
                var acc: Scalar = 0
                for l in 0..<8 { acc += bt[8 * xi + l] * d[l][i] }
                v[xi * stride + i] = acc
            }
            i += 1
        }
    }

    /// `y_s = Σ_ξ Aᵀ[s, ξ]·M_ξ (+ bias)` for `outputs ≤ 4` rows of one tile
    /// from its 8 product rows `products + ξ·stride` (`count` channels each).
    static func outputTransform8<Scalar: TensorScalar>(
        _ at: UnsafePointer<Scalar>, products p: UnsafePointer<Scalar>, stride: Int, count: Int,
        outputs: Int, bias: UnsafePointer<Scalar>?, into y: UnsafeMutablePointer<Scalar>, rowStride: Int
    ) {
        let w = Lanes<Scalar>.scalarCount
        var i = 0
        while i + w <= count {
            let m0 = loadLanes(p + i), m1 = loadLanes(p + stride + i), m2 = loadLanes(p + 2 * stride + i)
            let m3 = loadLanes(p + 3 * stride + i), m4 = loadLanes(p + 4 * stride + i), m5 = loadLanes(p + 5 * stride + i)
            let m6 = loadLanes(p + 6 * stride + i), m7 = loadLanes(p + 7 * stride + i)
            let b = bias.map { loadLanes($0 + i) } ?? .zero
            for s in 0..<outputs {
                let c = at + 8 * s
                var acc = b
                acc += m0 * c[0]
                acc += m1 * c[1]
                acc += m2 * c[2]
                acc += m3 * c[3]
                acc += m4 * c[4]
                acc += m5 * c[5]
                acc += m6 * c[6]
                acc += m7 * c[7]
                storeLanes(acc, y + s * rowStride + i)
            }
            i += w
        }
        while i < count {
            for s in 0..<outputs {
                var acc = bias?[i] ?? 0
                for xi in 0..<8 { acc += at[8 * s + xi] * p[xi * stride + i] }
                y[s * rowStride + i] = acc
            }
            i += 1
        }
    }
}
