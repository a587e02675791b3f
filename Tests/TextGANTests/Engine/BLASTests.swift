import Foundation
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

    /// The kernel names `openblas_get_corename()` can return: x86-64 `DYNAMIC_ARCH`
    /// builds (`corename[]` in OpenBLAS's driver/others/dynamic.c; the first 25 are
    /// those of Debian's 0.3.21, `strings libopenblasp-r0.3.21.so`), later x86-64
    /// additions, and arm64's; compared case-insensitively, since single-target
    /// builds report the build's `CHAR_CORENAME` in capitals (`HASWELL`).
    static let openBLASCoreNames: Set<String> = [
        "Unknown", "Katmai", "Coppermine", "Northwood", "Prescott", "Banias", "Atom", "Core2", "Penryn",
        "Dunnington", "Nehalem", "Athlon", "Opteron", "Opteron_SSE3", "Barcelona", "Nano", "Sandybridge",
        "Bobcat", "Bulldozer", "Piledriver", "Haswell", "Steamroller", "Excavator", "SkylakeX", "Cooperlake",
        "Zen", "SapphireRapids", "Generic",
        "armv8", "cortexa53", "cortexa55", "cortexa57", "cortexa72", "cortexa73", "falkor", "thunderx",
        "thunderx2t99", "tsv110", "emag8180", "neoversen1", "neoversen2", "neoversev1", "neoversev2",
        "thunderx3t110", "a64fx", "armv8sve", "vortex", "cortexa510", "cortexa710", "cortexx1", "cortexx2",
    ]

    /// `BLASRuntime.coreName` is OpenBLAS's name for its kernel, or the
    /// documented fallback `unknown` when OpenBLAS returns none; with
    /// `OPENBLAS_CORETYPE` set, it is the kernel that variable asked for.
    @Test func coreNameIsAnOpenBLASKernelAndHonoursCoretype() {
        let name = BLASRuntime.coreName
        let known = Set(Self.openBLASCoreNames.map { $0.lowercased() })
        #expect(known.contains(name.lowercased()), "'\(name)' is not a kernel name OpenBLAS reports")
        // OpenBLAS reads the variable once, when the library loads: what this
        // process was started with is what it used.
        if let forced = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"], !forced.isEmpty {
            #expect(name.lowercased() == forced.lowercased(), "OPENBLAS_CORETYPE=\(forced) but OpenBLAS reports '\(name)'")
        }
    }
}
