// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "zk-datafiles",
    products: [
        .library(name: "ZKStorage", targets: ["ZKStorage"]),
        .executable(name: "zk-txnlog-toolkit", targets: ["zk-txnlog-toolkit"]),
        .executable(name: "zk-snapshot-formatter", targets: ["zk-snapshot-formatter"]),
        .executable(name: "zk-snapshot-comparer", targets: ["zk-snapshot-comparer"]),
        .executable(name: "zk-purge-txnlog", targets: ["zk-purge-txnlog"]),
    ],
    targets: [
        // MARK: - C libraries (Debian: zlib1g-dev, libsnappy-dev, libisal-dev)

        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CIsal", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),

        // MARK: - Libraries

        /// Bytes <-> records: txn logs, snapshots, codecs, checksums, digests. Prints nothing.
        .target(name: "ZKStorage", dependencies: ["CZlib", "CSnappy", "CIsal"]),
        /// What the Java tools share: dates and zone names, commons-cli parsing, stdout handling.
        .target(name: "ZKToolSupport", dependencies: ["ZKStorage"]),

        // MARK: - Tools (named after the Java classes they replace)

        .executableTarget(name: "zk-txnlog-toolkit", dependencies: ["ZKStorage", "ZKToolSupport"]),
        .executableTarget(name: "zk-snapshot-formatter", dependencies: ["ZKStorage", "ZKToolSupport"]),
        .executableTarget(name: "zk-snapshot-comparer", dependencies: ["ZKStorage", "ZKToolSupport"]),
        .executableTarget(name: "zk-purge-txnlog", dependencies: ["ZKStorage", "ZKToolSupport"]),

        // MARK: - Tests

        .target(name: "TestSupport", dependencies: ["ZKStorage", "ZKToolSupport"], path: "Tests/TestSupport"),
        .testTarget(name: "ZKStorageTests", dependencies: ["ZKStorage", "TestSupport"]),
        .testTarget(name: "ZKToolSupportTests", dependencies: ["ZKToolSupport", "TestSupport"]),
        .testTarget(name: "TxnLogToolkitTests", dependencies: ["TestSupport"], exclude: [".vectors"]),
        .testTarget(name: "SnapshotFormatterTests", dependencies: ["TestSupport"], exclude: [".vectors"]),
        .testTarget(name: "SnapshotComparerTests", dependencies: ["TestSupport"], exclude: ["Vectors"]),
        .testTarget(name: "PurgeTxnLogTests", dependencies: ["TestSupport"]),
        /// Every tool on every damaged fixture: documented exit codes, one-line errors, inputs unchanged.
        .testTarget(name: "CorruptInputTests", dependencies: ["TestSupport"]),
    ]
)

// The same strict upcoming features for every Swift target.
for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}
