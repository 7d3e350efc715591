// swift-tools-version: 6.1
// The library benchmark: a separate package so the main package's manifest stays untouched.
// Build: swift build -c release --package-path Benchmarks
// Run:   Benchmarks/.build/release/zk-storage-bench --help
import PackageDescription

let package = Package(
    name: "zk-storage-bench",
    platforms: [.macOS(.v13)],
    dependencies: [
        // The repository root (package "zk-datafiles"), for its library product ZKStorage.
        .package(name: "zk-datafiles", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "zk-storage-bench",
            dependencies: [.product(name: "ZKStorage", package: "zk-datafiles")],
            path: "Sources/zk-storage-bench"
        )
    ]
)
