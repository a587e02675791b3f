// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: textgan → TextGAN, Tokenize; TextGAN → CBLAS;
// Tokenize → CUtf8proc. See docs/design.md.
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

        .testTarget(name: "TextGANTests", dependencies: ["TextGAN"], exclude: ["Fixtures"]),
        .testTarget(name: "TokenizeTests", dependencies: ["Tokenize"]),
        // End-to-end tests run the built `textgan` executable in a subprocess.
        .testTarget(name: "CLITests", dependencies: ["textgan", "Tokenize"]),
    ]
)
