// swift-tools-version:6.0
// backprop — learn backpropagation by doing it. No package dependencies: the toolchain,
// Foundation and the system's zlib are all we use.
import PackageDescription

/// Hot numeric modules are compiled for this machine's vector units (AVX2/AVX-512 FMA on
/// x86-64). Without `-target-cpu`, Swift targets baseline x86-64 and SIMD fused multiply-adds
/// become scalar library calls (see shared performance notes). Set BACKPROP_PORTABLE=1 to
/// build a binary that runs on any CPU of the architecture, at a large cost in speed.
import Foundation
let portable = ProcessInfo.processInfo.environment["BACKPROP_PORTABLE"] != nil
let fastMathSettings: [SwiftSetting] = portable ? [] : [
    .unsafeFlags(["-target-cpu", "native"]), .define("BACKPROP_TARGET_CPU_NATIVE"),
]

let package = Package(
    name: "backprop",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "backprop", targets: ["backprop"]),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib",
                       providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .target(name: "CAtomics"),   // the worker pool's atomic words (see Sources/CAtomics)
        .target(name: "Linalg", dependencies: ["CAtomics"], swiftSettings: fastMathSettings + [.unsafeFlags(["-O"])]), // -O in debug too: fast tests; keeps preconditions, unlike -Ounchecked
        .target(name: "NeuralNet", dependencies: ["Linalg"], swiftSettings: fastMathSettings),
        .target(name: "Datasets", dependencies: ["CZlib"]),
        .target(name: "LessonEngine"),
        .target(name: "Stages", dependencies: ["LessonEngine", "NeuralNet", "Linalg", "Datasets", "Exercises"],
                swiftSettings: fastMathSettings),
        .target(name: "Exercises", dependencies: ["NeuralNet", "Linalg"]),
        .executableTarget(name: "backprop",
                          dependencies: ["LessonEngine", "Stages", "NeuralNet", "Linalg", "Datasets"]),
        .testTarget(name: "LinalgTests", dependencies: ["Linalg"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet", "Linalg"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"]),
        .testTarget(name: "LessonEngineTests", dependencies: ["LessonEngine"]),
        .testTarget(name: "StagesTests", dependencies: ["Stages", "LessonEngine", "NeuralNet", "Linalg"]),
        .testTarget(name: "BackpropCLITests", dependencies: ["backprop", "Datasets", "NeuralNet", "Linalg"]),
    ]
)
