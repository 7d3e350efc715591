// swift-tools-version: 6.1
import PackageDescription

/// What every tool library stands on.
let toolLibraries: [Target.Dependency] = ["ZKStorage", "ZKToolSupport"]

let package = Package(
    name: "zk-datafiles",
    products: [
        .library(name: "ZKStorage", targets: ["ZKStorage"]),
        .executable(name: "zk-txnlog-toolkit", targets: ["zk-txnlog-toolkit"]),
        .executable(name: "zk-snapshot-formatter", targets: ["zk-snapshot-formatter"]),
        .executable(name: "zk-snapshot-comparer", targets: ["zk-snapshot-comparer"]),
        .executable(name: "zk-purge-txnlog", targets: ["zk-purge-txnlog"]),
        .executable(name: "zkdata", targets: ["zkdata"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // MARK: - C libraries (Debian: zlib1g-dev, libsnappy-dev, libisal-dev)

        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CIsal", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        /// The SIGBUS guard and temporary-name cleanup handlers of ZKStorage's IO layer (C, so
        /// that they are async-signal-safe).
        .target(name: "CZKIO"),
        /// The vector kernel of ZKToolSupport's base64 encoder (C, for the `pshufb` byte shuffle).
        .target(name: "CBase64"),

        // MARK: - Libraries

        /// Bytes <-> records: txn logs, snapshots, codecs, checksums, digests. Prints nothing.
        .target(
            name: "ZKStorage",
            dependencies: ["CZlib", "CSnappy", "CIsal", "CZKIO"],
            // The tree is a class whose columns the replay and the snapshot writer touch per
            // node: release builds drop the run-time exclusivity checks there (~10% of `zkdata
            // at`); debug builds, which run the test suite, keep them. Debug builds still compile
            // this library optimized (overflow checks and preconditions stay): its node columns
            // (`Column`, generic code of this module) run 3x slower than Array at -Onone, which
            // the suite and bin/fault-injection, run on the debug build, would pay.
            swiftSettings: [
                .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
                .unsafeFlags(["-O"], .when(configuration: .debug)),
            ]
        ),
        /// The JVM as the Java tools see it: charsets, dates and zones, Java's number text, one
        /// buffered stdout/stderr, the stdin scanner, `java.io.File`, commons-cli, one error line
        /// and exit-code table, and the `Tool` protocol every drop-in follows (`ToolMain`).
        .target(name: "ZKToolSupport", dependencies: ["ZKStorage", "CBase64"]),

        // MARK: - Tools: each one's logic is a library (named after the Java class it replaces, or
        // ZKData for `zkdata`) under Sources/ZKTools, which tests import; its executable is a main.

        .target(name: "TxnLogToolkit", dependencies: toolLibraries, path: "Sources/ZKTools/TxnLogToolkit"),
        .target(name: "SnapshotFormatter", dependencies: toolLibraries, path: "Sources/ZKTools/SnapshotFormatter"),
        .target(name: "SnapshotComparer", dependencies: toolLibraries, path: "Sources/ZKTools/SnapshotComparer"),
        .target(name: "PurgeTxnLog", dependencies: toolLibraries, path: "Sources/ZKTools/PurgeTxnLog"),
        .target(
            name: "ZKData",
            dependencies: toolLibraries + [.product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/ZKTools/ZKData"
        ),

        .executableTarget(name: "zk-txnlog-toolkit", dependencies: ["TxnLogToolkit"]),
        .executableTarget(name: "zk-snapshot-formatter", dependencies: ["SnapshotFormatter"]),
        .executableTarget(name: "zk-snapshot-comparer", dependencies: ["SnapshotComparer"]),
        .executableTarget(name: "zk-purge-txnlog", dependencies: ["PurgeTxnLog"]),
        .executableTarget(name: "zkdata", dependencies: ["ZKData"]),

        // MARK: - Tests

        .target(name: "TestSupport", dependencies: ["ZKStorage", "ZKToolSupport"], path: "Tests/TestSupport"),
        .testTarget(name: "ZKStorageTests", dependencies: ["ZKStorage", "TestSupport"]),
        .testTarget(name: "ZKToolSupportTests", dependencies: ["ZKToolSupport", "TestSupport"]),
        // Each tool's tests run its executable and, through `ToolIO` memory streams, its library.
        .testTarget(
            name: "TxnLogToolkitTests",
            dependencies: ["TestSupport", "TxnLogToolkit", "ZKToolSupport"],
            exclude: [".vectors"]
        ),
        .testTarget(
            name: "SnapshotFormatterTests",
            dependencies: ["TestSupport", "SnapshotFormatter", "ZKToolSupport"],
            exclude: [".vectors"]
        ),
        .testTarget(
            name: "SnapshotComparerTests",
            dependencies: ["TestSupport", "SnapshotComparer", "ZKToolSupport"],
            exclude: ["Vectors"]
        ),
        .testTarget(name: "PurgeTxnLogTests", dependencies: ["TestSupport", "PurgeTxnLog", "ZKToolSupport"]),
        .testTarget(
            name: "ZKDataTests",
            dependencies: ["ZKData", "TestSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        /// Every tool on every damaged fixture: documented exit codes, one-line errors, inputs unchanged.
        .testTarget(name: "CorruptInputTests", dependencies: ["TestSupport"]),
    ]
)

// The same strict upcoming features for every Swift target.
for target in package.targets where target.type != .system && !target.name.hasPrefix("C") {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}
