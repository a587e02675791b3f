import Testing
@testable import TextGAN

@Suite struct BLASTests {
    @Test func sgemmMultipliesATwoByTwo() {
        // [[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[19, 22], [43, 50]]
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
        var c = [Float](repeating: 0, count: 4)
        Float.gemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 2, alpha: 1,
                   a: a, lda: 2, b: b, ldb: 2, beta: 0, c: &c, ldc: 2)
        #expect(c == [19, 22, 43, 50])
    }

    @Test func coreNameIsReported() {
        #expect(!BLASRuntime.coreName.isEmpty)
    }
}
