// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: textgan → TextGAN, Tokenize; TextGAN → CBLAS, CAllocator;
// Tokenize → CUtf8proc. The engine (Sources/Engine) is built alone as a module, so the
// compiler proves it sees no layer or GAN, and TextGAN compiles the same files in-module
// through the link Sources/TextGAN/Engine, so its generics specialise (docs/design.md).
let package = Package(
    name: "textgan",
    products: [
        .executable(name: "textgan", targets: ["textgan"]),
        .library(name: "TextGAN", targets: ["TextGAN"]),
        .library(name: "Tokenize", targets: ["Tokenize"]),
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
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        // Layers, optimisers, the GAN, metrics, runs and reports, with the engine's files.
        .target(
            name: "TextGAN",
            dependencies: [
                "CBLAS",
                "CAllocator",
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
        .testTarget(name: "CLITests", dependencies: ["textgan", "Tokenize"], exclude: ["HelpSnapshots"]),
    ]
)
