// swift-tools-version:6.1
import PackageDescription

// Dependencies point one way: textgan → TextGAN, Tokenize; TextGAN → CBLAS, CAllocator, CKernels,
// CMPI; Tokenize → CUtf8proc. The engine (Sources/Engine) is built alone as a module, so the
// compiler proves it sees no layer or GAN, and TextGAN compiles the same files in-module
// through the link Sources/TextGAN/Engine, so its generics specialise (docs/design.md).
let package = Package(
    name: "textgan",
    products: [
        .executable(name: "textgan", targets: ["textgan"]),
        .library(name: "TextGAN", targets: ["TextGAN"]),
        .library(name: "Tokenize", targets: ["Tokenize"]),
    ],
    // MPI: data-parallel training and parallel comparisons over Open MPI (libopenmpi-dev).
    // On by default; `swift build --disable-default-traits` builds without it, and such a
    // build refuses to run as several ranks.
    traits: [
        .trait(name: "MPI", description: "Train over several processes and machines with Open MPI (Debian: libopenmpi-dev, openmpi-bin)."),
        .default(enabledTraits: ["MPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    ],
    targets: [
        // System libraries: Debian's libopenblas-dev and libutf8proc-dev.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CUtf8proc", path: "Sources/CUtf8proc"),
        // glibc's mallopt, to keep freed tensor buffers for reuse.
        .systemLibrary(name: "CAllocator", path: "Sources/CAllocator"),
        // Open MPI, with inline shims for the handles Swift cannot import (trait MPI only).
        .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),

        // The engine's hot non-GEMM loops in C, each for AVX-512, AVX2 + FMA and portable C,
        // one path chosen at start-up from cpuid (TEXTGAN_KERNELS overrides; docs/benchmarks.md).
        // Per-function target attributes: the package still builds for baseline x86-64 and arm64.
        .target(name: "CKernels"),

        .target(
            name: "Tokenize",
            dependencies: ["CUtf8proc"]
        ),
        // Tensors, reverse-mode autodiff, kernels, BLAS and their instrumentation.
        .target(
            name: "Engine",
            dependencies: [
                "CBLAS",
                "CAllocator",
                "CKernels",
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        // Layers, optimisers, the GAN, metrics, runs and reports, with the engine's files.
        .target(
            name: "TextGAN",
            dependencies: [
                "CBLAS",
                "CAllocator",
                "CKernels",
                .target(name: "CMPI", condition: .when(traits: ["MPI"])),
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        .executableTarget(
            name: "textgan",
            dependencies: [
                "TextGAN",
                "Tokenize",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // The README's example of using the libraries: built with the package, so it cannot
        // go stale (ReadmeTests holds the README's copy to this file).
        .executableTarget(name: "LibraryExample", dependencies: ["TextGAN", "Tokenize"]),

        .testTarget(name: "TextGANTests", dependencies: ["TextGAN"], exclude: ["Fixtures"]),
        .testTarget(name: "TokenizeTests", dependencies: ["Tokenize"]),
        // End-to-end tests run the built `textgan` executable in a subprocess.
        .testTarget(name: "CLITests", dependencies: ["textgan", "TextGAN", "Tokenize"], exclude: ["HelpSnapshots"]),
    ]
)
