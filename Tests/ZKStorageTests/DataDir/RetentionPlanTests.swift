import Testing
import ZKStorage

/// `Util.sortDataDir`, `FileTxnLog.getLogFiles` and `PurgeTxnLog.purge`'s decisions, on the
/// worked examples of spec-tools §5.2 and spec-formats §7.
@Suite struct DataDirRetentionPlanTests {
    @Test func sortIsStableBothWays() {
        let names = ["snapshot.1a.gz", "x", "snapshot.5", "snapshot.1a", "snapshot.foo", "snapshot.20"]
        #expect(
            DataDirSort.sorted(names, prefix: "snapshot", ascending: false)
                == ["snapshot.20", "snapshot.1a.gz", "snapshot.1a", "snapshot.5", "x", "snapshot.foo"]
        )
        #expect(
            DataDirSort.sorted(names, prefix: "snapshot", ascending: true)
                == ["x", "snapshot.foo", "snapshot.5", "snapshot.1a.gz", "snapshot.1a", "snapshot.20"]
        )
    }

    @Test func logFilesIncludeTheOneContainingTheZxid() {
        let names = ["log.1", "snapshot.5", "log.6", "snapshot.a", "log.b", "log.10", "log.15", "log.1a"]
        let (files, base) = DataDirSort.logFilesAndBase(names, zxid: 0xa)
        #expect(base == 6)
        #expect(files == ["log.6", "log.b", "log.10", "log.15", "log.1a"])
        // A zxid that is itself a log start: that log is the base.
        #expect(DataDirSort.logFiles(names, zxid: 0xb) == ["log.b", "log.10", "log.15", "log.1a"])
        // Nothing starts at or before the zxid: every log with zxid >= 0.
        #expect(DataDirSort.logFiles(["log.5", "log.0", "log.xyz", "log.-3"], zxid: 2) == ["log.0", "log.5"])
        // Only zxids > 0 raise the base.
        #expect(DataDirSort.logFilesAndBase(["log.0", "log.9"], zxid: 3).base == 0)
    }

    @Test func logFilesWithJunkNames() {
        let names = ["log.1", "log.3.bak", "log.12", "log.xyz", "log.-1", "other.txt"]
        let (files, base) = DataDirSort.logFilesAndBase(names, zxid: 0x10)
        #expect(base == 3)
        #expect(files == ["log.3.bak", "log.12"])
    }

    /// spec-tools §5.2 "Worked example": single directory `A`, `-n 3`, `snapshot.19` truncated.
    @Test func workedExample() {
        let names = [
            "log.1", "snapshot.5", "log.6", "snapshot.a", "log.b", "snapshot.f", "log.10", "snapshot.14",
            "log.15", "snapshot.19", "log.1a",
        ]
        let layout = DataDirLayout(dataLogDir: "A", snapDir: "A")
        let plan = RetentionPlan(layout: layout, logNames: names, snapNames: names, count: 3) {
            $0 != "snapshot.19"
        }
        #expect(plan.retainedSnapshots == ["snapshot.14", "snapshot.f", "snapshot.a"])
        #expect(plan.leastZxid == 0xa)
        #expect(plan.baseLogZxid == 6)
        #expect(plan.removals.map(\.file.path) == ["A/version-2/log.1", "A/version-2/snapshot.5"])
        #expect(plan.removals.map(\.reason) == [.olderThanRetainedSnapshots, .olderThanRetainedSnapshots])
        let kept = Dictionary(uniqueKeysWithValues: plan.kept.map { ($0.file.name, $0.reason) })
        #expect(kept["log.6"] == .neededLog(base: 6))
        #expect(kept["snapshot.14"] == .retainedSnapshot(rank: 1))
        #expect(kept["snapshot.a"] == .retainedSnapshot(rank: 3))
        #expect(kept["snapshot.19"] == .notOlderThanRetainedSnapshots)
        #expect(plan.entries.count == names.count)
    }

    /// spec-tools §5.2 "Fewer valid snapshots than N", in a readdir order where `log.-1` and
    /// `log.xyz` come before `log.1` (as captured).
    @Test func fewerValidSnapshotsThanCount() {
        let names = [
            "snapshot.10", "log.-1", "other.txt", "log.xyz", "snapshot.20", "log.1", "snapshot.5", "log.3.bak",
            "snapshot.foo", "log.12",
        ]
        let layout = DataDirLayout(dataLogDir: "A", snapDir: "A")
        let plan = RetentionPlan(layout: layout, logNames: names, snapNames: names, count: 3) {
            $0 == "snapshot.10" || $0 == "snapshot.20"
        }
        #expect(plan.leastZxid == 0x10)
        #expect(plan.baseLogZxid == 3)
        #expect(plan.removals.map(\.file.name) == ["log.-1", "log.xyz", "log.1", "snapshot.5", "snapshot.foo"])
        #expect(
            plan.removals.map(\.reason) == [
                .olderThanRetainedSnapshots, .unparsableName, .olderThanRetainedSnapshots, .olderThanRetainedSnapshots,
                .unparsableName,
            ]
        )
        #expect(Set(plan.kept.map(\.file.name)) == ["log.3.bak", "log.12", "snapshot.10", "snapshot.20"])

        // Strict mode keeps what has no usable zxid.
        let strict = RetentionPlan(layout: layout, logNames: names, snapNames: names, count: 3, mode: .strict) {
            $0 == "snapshot.10" || $0 == "snapshot.20"
        }
        #expect(strict.removals.map(\.file.name) == ["log.1", "snapshot.5"])
        #expect(
            strict.kept.filter { $0.reason == .noUsableZxid }.map(\.file.name) == ["log.-1", "log.xyz", "snapshot.foo"]
        )
    }

    @Test func noValidSnapshotRemovesNothing() {
        let names = ["log.1", "snapshot.5", "log.6"]
        let plan = RetentionPlan(
            layout: DataDirLayout(dataLogDir: "A", snapDir: "A"),
            logNames: names,
            snapNames: names,
            count: 3
        ) { _ in false }
        #expect(plan.leastZxid == nil)
        #expect(plan.removals.isEmpty)
        #expect(plan.kept.count == 3)
        #expect(plan.kept.allSatisfy { $0.reason == .noValidSnapshot })
    }

    @Test func validityIsAskedLazilyNewestFirst() {
        var asked: [String] = []
        let names = ["snapshot.1", "snapshot.4", "snapshot.2", "snapshot.3", "snapshot.5"]
        _ = RetentionPlan(
            layout: DataDirLayout(dataLogDir: "A", snapDir: "A"),
            logNames: [],
            snapNames: names,
            count: 3
        ) { name in
            asked.append(name)
            return name != "snapshot.4"
        }
        #expect(asked == ["snapshot.5", "snapshot.4", "snapshot.3", "snapshot.2"])
    }

    @Test func twoDirectories() {
        let layout = DataDirLayout(dataLogDir: "/logs/", snapDir: "./snaps")
        #expect(layout.logDirectory == "/logs/version-2")
        #expect(layout.snapDirectory == "./snaps/version-2")
        #expect(!layout.isSingleDirectory)
        let plan = RetentionPlan(
            layout: layout,
            logNames: ["log.1", "log.5", "log.9", "snapshot.1"],
            snapNames: ["snapshot.2", "snapshot.6", "snapshot.7", "snapshot.8", "log.0"],
            count: 3
        ) { _ in true }
        #expect(plan.leastZxid == 6)
        #expect(plan.removals.map(\.file.path) == ["/logs/version-2/log.1", "./snaps/version-2/snapshot.2"])
        // Only log.* in the log directory and snapshot.* in the snapshot directory are considered.
        #expect(!plan.entries.contains { $0.file.name == "snapshot.1" || $0.file.name == "log.0" })
    }

    @Test func sameDirectoryAsStrings() {
        #expect(DataDirLayout(dataLogDir: "A", snapDir: "A/").isSingleDirectory)
        #expect(DataDirLayout(dataLogDir: "A//", snapDir: "A").isSingleDirectory)
        #expect(!DataDirLayout(dataLogDir: "A", snapDir: "./A").isSingleDirectory)
    }

    @Test func twoThousandFilesKeepTheNewestThreeSnapshotsAndTheirLogs() {
        var names: [String] = []
        for i in 0..<1000 {
            names.append(DataFileName.logFileName(zxid: Int64(i) * 100 + 1))
            names.append(DataFileName.snapshotFileName(zxid: Int64(i) * 100 + 50))
        }
        names.shuffle()
        let plan = RetentionPlan(
            layout: DataDirLayout(dataLogDir: "A", snapDir: "A"),
            logNames: names,
            snapNames: names,
            count: 3
        ) { _ in true }
        #expect(plan.removals.count == 2000 - 3 - 3)
        let kept = Set(names).subtracting(plan.removals.map(\.file.name))
        let expected =
            [99701, 99801, 99901].map { DataFileName.logFileName(zxid: Int64($0)) }
            + [99750, 99850, 99950].map { DataFileName.snapshotFileName(zxid: Int64($0)) }
        #expect(kept == Set(expected))
    }
}

/// `java.io.File` path text.
@Suite struct DataDirJavaFileSystemTests {
    @Test func normalize() {
        #expect(JavaFileSystem.normalize("./D/") == "./D")
        #expect(JavaFileSystem.normalize("/tmp//x//") == "/tmp/x")
        #expect(JavaFileSystem.normalize("/") == "/")
        #expect(JavaFileSystem.normalize("//") == "/")
        #expect(JavaFileSystem.normalize("") == "")
        #expect(JavaFileSystem.normalize("a/../b") == "a/../b")
    }

    @Test func childAndAbsolute() {
        #expect(JavaFileSystem.child("./D/", "version-2") == "./D/version-2")
        #expect(JavaFileSystem.child("/", "version-2") == "/version-2")
        #expect(JavaFileSystem.absolutePath("D", cwd: "/w") == "/w/D")
        #expect(JavaFileSystem.absolutePath("./nope/", cwd: "/w") == "/w/./nope")
        #expect(JavaFileSystem.absolutePath("", cwd: "/w") == "/w")
        #expect(JavaFileSystem.absolutePath("/x//y", cwd: "/w") == "/x/y")
        #expect(JavaFileSystem.absolutePath("x", cwd: "/") == "/x")
        #expect(JavaFileSystem.name("A/version-2/log.1") == "log.1")
        #expect(JavaFileSystem.name("log.1") == "log.1")
    }
}
