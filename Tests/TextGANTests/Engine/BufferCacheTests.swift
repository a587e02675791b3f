import Testing
@testable import TextGAN

@Suite struct BufferCacheTests {
    @Test func smallRequestsKeepTheirSizeAndLargeOnesRoundUpToPages() {
        #expect(BufferCache.roundedSize(0) == 1)
        #expect(BufferCache.roundedSize(100) == 100)
        #expect(BufferCache.roundedSize(BufferCache.minimumBytes) == BufferCache.minimumBytes)
        #expect(BufferCache.roundedSize(BufferCache.minimumBytes + 1) == BufferCache.minimumBytes + 4096)
    }

    @Test func aFreedLargeBufferServesTheNextRequestOfItsSize() {
        let cache = BufferCache()
        cache.enable(limitBytes: 1 << 30)
        let size = 300_000
        let first = cache.allocate(byteCount: size)
        #expect(Int(bitPattern: first) % 64 == 0)
        first.storeBytes(of: 42, as: Int.self)
        cache.deallocate(first, byteCount: size)
        #expect(cache.cachedBytes == BufferCache.roundedSize(size))
        let second = cache.allocate(byteCount: size - 100)  // the same page count
        #expect(second == first)
        #expect(cache.cachedBytes == 0)
        cache.deallocate(second, byteCount: size - 100)
        cache.trim()
        #expect(cache.cachedBytes == 0)
    }

    @Test func nothingIsCachedBeforeEnableNorPastTheLimit() {
        let off = BufferCache()
        let a = off.allocate(byteCount: 200_000)
        off.deallocate(a, byteCount: 200_000)
        #expect(off.cachedBytes == 0)

        let small = BufferCache()
        small.enable(limitBytes: 300_000)
        let b = small.allocate(byteCount: 200_000), c = small.allocate(byteCount: 200_000)
        small.deallocate(b, byteCount: 200_000)
        small.deallocate(c, byteCount: 200_000)  // would exceed the limit: returned to the system
        #expect(small.cachedBytes == BufferCache.roundedSize(200_000))
        let d = small.allocate(byteCount: 1000)  // small requests are never cached
        small.deallocate(d, byteCount: 1000)
        #expect(small.cachedBytes == BufferCache.roundedSize(200_000))
        small.trim()
        #expect(small.cachedBytes == 0)
    }

    @Test func tensorsBuiltFromReusedBuffersHoldTheirOwnValues() {
        // Through the shared cache: a buffer handed back must be fully overwritten.
        BufferCache.shared.enable(limitBytes: 1 << 30)
        for trial in 0..<3 {
            let value = Float(trial + 1)
            let t = Tensor<Float>(repeating: value, shape: [256, 300])
            #expect(t.scalars.allSatisfy { $0 == value })
            let z = Tensor<Float>.zeros([256, 300])
            #expect(z.scalars.allSatisfy { $0 == 0 })
        }
    }
}
