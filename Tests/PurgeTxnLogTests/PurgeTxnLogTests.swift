import Foundation
import Glibc
import TestSupport
import Testing

/// End-to-end runs of the built `zk-purge-txnlog`. The expected texts were captured from the
/// Java tool (ZooKeeper 3.8.0, OpenJDK 17, TZ=UTC) on the same directories.
@Suite struct PurgeTxnLogTests {
    static let seal: [UInt8] = [0, 0, 0, 1, UInt8(ascii: "/")]
    static let plain: [UInt8] = [UInt8](repeating: 0x5A, count: 40) + seal
    static let truncated: [UInt8] = [UInt8](repeating: 0x5A, count: 40)
    static let usage = """
        Usage:
        PurgeTxnLog dataLogDir [snapDir] -n count
        \tdataLogDir -- path to the txn log directory
        \tsnapDir -- path to the snapshot directory
        \tcount -- the number of old snaps/logs you want to keep, value should be greater than or equal to 3

        """

    /// spec-tools §5.2's worked example.
    static func workedExample(_ dir: WorkDirectory, _ parent: String = "A") {
        let v = parent + "/version-2/"
        dir.write(v + "log.1", [1], mtime: 1_700_000_271)
        dir.write(v + "snapshot.5", plain, mtime: 1_700_000_279)
        for name in ["log.6", "log.b", "log.10", "log.15", "log.1a"] { dir.write(v + name, [1]) }
        for name in ["snapshot.a", "snapshot.f", "snapshot.14"] { dir.write(v + name, plain) }
        dir.write(v + "snapshot.19", truncated)
    }

    /// `lines` (logs first, then snapshots) ordered by the directory's readdir order, as Java
    /// prints them.
    static func inListingOrder(_ lines: [String], names: [String]) -> String {
        let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, $0.offset) })
        func key(_ line: String) -> (Int, Int) {
            let name = String(line.split(separator: "/").last ?? "")
            return (name.hasPrefix("log.") ? 0 : 1, position[name] ?? -1)
        }
        return lines.sorted { key($0) < key($1) }.map { $0 + "\n" }.joined()
    }

    @Test func workedExample() throws {
        let dir = WorkDirectory()
        Self.workedExample(dir)
        let result = try PurgeHarness.run(["A", "-n", "3"], cwd: dir.path)
        #expect(
            result.stdoutText == """
                Removing file: Nov 14, 2023, 10:17:51 PM\tA/version-2/log.1
                Removing file: Nov 14, 2023, 10:17:59 PM\tA/version-2/snapshot.5

                """
        )
        #expect(result.stderrText == "")
        #expect(result.exit == 0)
        #expect(
            Set(dir.list("A/version-2")) == [
                "log.6", "log.b", "log.10", "log.15", "log.1a", "snapshot.a", "snapshot.f", "snapshot.14",
                "snapshot.19",
            ]
        )
    }

    @Test func fewerValidSnapshotsThanCountAndJunkNames() throws {
        let dir = WorkDirectory()
        let v = "A/version-2/"
        let files: [(String, [UInt8])] = [
            ("snapshot.10", Self.plain), ("log.-1", [1]), ("other.txt", [1]), ("log.xyz", [1]),
            ("snapshot.20", Self.plain), ("log.1", [1]), ("snapshot.5", Self.truncated), ("log.3.bak", [1]),
            ("snapshot.foo", Self.plain), ("log.12", [1]),
        ]
        for (i, (name, bytes)) in files.enumerated() {
            dir.write(v + name, bytes, mtime: 1_700_000_000 + Int64(i) * 37)
        }
        let names = dir.list("A/version-2")
        let result = try PurgeHarness.run(["A", "-n", "3"], cwd: dir.path)
        let expected = [
            "Removing file: Nov 14, 2023, 10:13:57 PM\tA/version-2/log.-1",
            "Removing file: Nov 14, 2023, 10:15:11 PM\tA/version-2/log.xyz",
            "Removing file: Nov 14, 2023, 10:16:25 PM\tA/version-2/log.1",
            "Removing file: Nov 14, 2023, 10:17:02 PM\tA/version-2/snapshot.5",
            "Removing file: Nov 14, 2023, 10:18:16 PM\tA/version-2/snapshot.foo",
        ]
        #expect(result.stdoutText == Self.inListingOrder(expected, names: names))
        #expect(result.exit == 0)
        #expect(Set(dir.list("A/version-2")) == ["log.12", "log.3.bak", "other.txt", "snapshot.10", "snapshot.20"])
    }

    @Test(arguments: [
        ([String](), "", 1),
        (["A"], "", 1),
        (["A", "-n"], "", 1),
        (["A", "A", "-n", "3", "x"], "", 1),
        (["nope", "-n", "3"], "Path '@/nope' does not exist. \n", 1),
        (["./nope//", "-n", "3"], "Path '@/./nope' does not exist. \n", 1),
        (["", "-n", "3"], "Path '@' does not exist. \n", 1),
        (["A", "nope", "-n", "3"], "Path '@/nope' does not exist. \n", 1),
        (["A", "-n", "3", "B"], "Path '@/-n' does not exist. \n", 1),
        (["A", "-n", "abc"], "'abc' can not be parsed to integer.\n", 1),
        (["A", "-n", "2"], "count should be greater than or equal to 3\n", 1),
        (["A", "-n", " 3"], "' 3' can not be parsed to integer.\n", 1),
        (["A", "-n", "0x3"], "'0x3' can not be parsed to integer.\n", 1),
        (["A", "-x", "abc"], "'abc' can not be parsed to integer.\n", 1),
        (["A", "-x", "3"], "", 1),
        (["nope", "-n", "abc"], "Path '@/nope' does not exist. \n", 1),
    ])
    func invalidInvocations(_ arguments: [String], _ stderr: String, _ exit: Int32) throws {
        let dir = WorkDirectory()
        dir.write("A/x", [1])
        let result = try PurgeHarness.run(arguments, cwd: dir.path)
        #expect(result.stdoutText == Self.usage)
        #expect(result.stderrText == stderr.replacingOccurrences(of: "@", with: dir.path))
        #expect(result.exit == exit)
        #expect(!dir.exists("A/version-2"))
    }

    @Test func exceptionsOfFileTxnSnapLog() throws {
        let dir = WorkDirectory()
        dir.write("F", [1])
        dir.write("A/version-2/snapshot.1", [])
        dir.write("B/version-2/log.1", [])
        dir.mkdirs(dir.path + "/C")
        // Java dies with these exceptions (stack traces); we print one line quoting each.
        let p = "org.apache.zookeeper.server.persistence.FileTxnSnapLog"
        let check = " Check if dataLogDir and dataDir configuration is correct."
        let cases: [([String], String)] = [
            (
                ["F", "-n", "3"],
                "F/version-2: cannot create the data directory"
                    + " (Java: \(p)$DatadirException: Unable to create data directory F/version-2)"
            ),
            (
                ["C", "F", "-n", "3"],
                "F/version-2: cannot create the snap directory"
                    + " (Java: \(p)$DatadirException: Unable to create snap directory F/version-2)"
            ),
            (
                ["A", "C", "-n", "3"],
                "the txn log directory holds snapshot files; check dataLogDir and dataDir"
                    + " (Java: \(p)$LogDirContentCheckException: Log directory has snapshot files.\(check))"
            ),
            (
                ["C", "B", "-n", "3"],
                "the snapshot directory holds txn log files; check dataLogDir and dataDir"
                    + " (Java: \(p)$SnapDirContentCheckException: Snapshot directory has log files.\(check))"
            ),
        ]
        for (arguments, line) in cases {
            let result = try PurgeHarness.run(arguments, cwd: dir.path)
            #expect(result.stdoutText == "")
            #expect(result.stderrText == "zk-purge-txnlog: error: " + line + "\n", "\(arguments)")
            #expect(result.exit == 1)
        }
        // `A` and `A/` are the same directory as strings; `A` and `./A` are not.
        #expect(try PurgeHarness.run(["A", "A/", "-n", "3"], cwd: dir.path).exit == 0)
        #expect(try PurgeHarness.run(["A", "./A", "-n", "3"], cwd: dir.path).exit == 1)
    }

    @Test func missingVersion2IsCreatedSilently() throws {
        let dir = WorkDirectory()
        dir.write("D/notes.txt", [1])
        let result = try PurgeHarness.run(["D", "-n", "3"], cwd: dir.path)
        #expect(result.stdout.isEmpty && result.stderr.isEmpty && result.exit == 0)
        #expect(dir.exists("D/version-2"))
    }

    /// Java prints `Failed to remove` and exits 0; this tool exits 1 so cron notices.
    @Test func failedDeletionIsReported() throws {
        let dir = WorkDirectory()
        Self.workedExample(dir)
        unlink(dir.path + "/A/version-2/log.1")
        dir.write("A/version-2/log.1/inside", [1])
        dir.setMtime("A/version-2/log.1", 1_700_000_271)
        let result = try PurgeHarness.run(["A", "-n", "3"], cwd: dir.path)
        #expect(
            result.stdoutText == """
                Removing file: Nov 14, 2023, 10:17:51 PM\tA/version-2/log.1
                Removing file: Nov 14, 2023, 10:17:59 PM\tA/version-2/snapshot.5

                """
        )
        #expect(result.stderrText == "Failed to remove A/version-2/log.1\n")
        #expect(result.exit == 1)
        #expect(!dir.exists("A/version-2/snapshot.5"))
    }

    @Test func dateFollowsTheTimeZone() throws {
        let dir = WorkDirectory()
        Self.workedExample(dir)
        dir.setMtime("A/version-2/log.1", 1_710_054_000)  // 2024-03-10 07:00 UTC, the US DST switch day
        dir.setMtime("A/version-2/snapshot.5", 0)
        let result = try PurgeHarness.run(
            ["A", "-n", "3"],
            cwd: dir.path,
            environment: ["TZ": "America/New_York", "LANG": "C.UTF-8"]
        )
        #expect(
            result.stdoutText == """
                Removing file: Mar 10, 2024, 3:00:00 AM\tA/version-2/log.1
                Removing file: Dec 31, 1969, 7:00:00 PM\tA/version-2/snapshot.5

                """
        )
    }

    /// The real server's files, copied (relative paths; `after` is checked by the goldens).
    static func copyServerDirectory(_ name: String, into dir: WorkDirectory, as parent: String = "D") throws -> [String]
    {
        let source = FixturePaths.fixtures + "/zk-3.8.0/" + name + "/version-2"
        let names = try FileManager.default.contentsOfDirectory(atPath: source).sorted()
        for (i, n) in names.enumerated() {
            try dir.copy(source + "/" + n, to: parent + "/version-2/" + n, mtime: 1_700_000_000 + Int64(i) * 60)
        }
        return names
    }

    static func zxid(_ name: String) -> Int64 {
        let parts = name.split(separator: ".")
        return parts.count >= 2 ? Int64(parts[1], radix: 16) ?? -1 : -1
    }

    /// `--verify` does not count damaged snapshots, so an older good snapshot and the logs
    /// needed to replay from it survive, where upstream keeps only the damaged ones.
    @Test func verifyKeepsAnOlderGoodSnapshotWhenTheNewestAreDamaged() throws {
        let dir = WorkDirectory()
        let names = try Self.copyServerDirectory("standalone", into: dir)
        let snaps = names.filter { $0.hasPrefix("snapshot.") }.sorted { Self.zxid($0) < Self.zxid($1) }
        let logs = names.filter { $0.hasPrefix("log.") }.sorted { Self.zxid($0) < Self.zxid($1) }
        try #require(snaps.count >= 6, "the standalone fixture needs at least 6 snapshots")
        // Damage the three newest in the middle (the cheap check still passes).
        let damaged = Array(snaps.suffix(3))
        for name in damaged {
            let path = dir.path + "/D/version-2/" + name
            var bytes = try FixturePaths.read(path)
            bytes[bytes.count / 2] ^= 0xA5
            dir.write("D/version-2/" + name, bytes)
        }
        let good = Array(snaps.dropLast(3).suffix(3))
        let least = Self.zxid(good[0])
        let base: Int64 = logs.map { Self.zxid($0) }.filter { $0 <= least && $0 > 0 }.max() ?? 0

        let result = try PurgeHarness.run(["D", "-n", "3", "--verify"], cwd: dir.path)
        #expect(result.exit == 0)
        let left = Set(dir.list("D/version-2"))
        for name in damaged + good { #expect(left.contains(name), "\(name) must be kept") }
        for name in logs where Self.zxid(name) >= base { #expect(left.contains(name), "\(name) must be kept") }
        for name in snaps where Self.zxid(name) < least { #expect(!left.contains(name), "\(name) should go") }
        for name in logs where Self.zxid(name) < base { #expect(!left.contains(name), "\(name) should go") }
        for name in damaged {
            #expect(result.stderrText.contains("Not counting snapshot D/version-2/\(name): "))
        }

        // Upstream's rule counts the damaged ones and removes every good snapshot.
        let upstream = WorkDirectory()
        _ = try Self.copyServerDirectory("standalone", into: upstream)
        for name in damaged { try upstream.copy(dir.path + "/D/version-2/" + name, to: "D/version-2/" + name) }
        #expect(try PurgeHarness.run(["D", "-n", "3"], cwd: upstream.path).exit == 0)
        for name in good { #expect(!upstream.exists("D/version-2/" + name)) }
    }

    @Test func verifyKeepsUnparsableNames() throws {
        let dir = WorkDirectory()
        let names = try Self.copyServerDirectory("standalone", into: dir)
        dir.write("D/version-2/log.xyz", [1])
        dir.write("D/version-2/snapshot.foo", [1])
        let result = try PurgeHarness.run(["D", "-n", "3", "--verify"], cwd: dir.path)
        #expect(result.exit == 0)
        #expect(dir.exists("D/version-2/log.xyz") && dir.exists("D/version-2/snapshot.foo"))
        #expect(result.stderrText.contains("Keeping D/version-2/log.xyz: its name gives no usable zxid"))
        #expect(names.contains { !dir.exists("D/version-2/" + $0) }, "older files are still removed")
    }

    /// `zk-txnlog-toolkit` writes `log.1.fixed` and `log.1.chopped5` next to `log.1`; ZooKeeper
    /// parses them as logs of zxid 1 (upstream removes them, or takes one as the base log).
    /// `--verify` neither counts nor removes them.
    @Test func verifyNeverCountsOrRemovesToolOutputs() throws {
        let dir = WorkDirectory()
        let names = try Self.copyServerDirectory("standalone", into: dir)
        let outputs = ["log.1.fixed", "log.1.chopped5", "snapshot.0.fixed"]
        for name in outputs { try dir.copy(dir.path + "/D/version-2/log.1", to: "D/version-2/" + name) }
        let result = try PurgeHarness.run(["D", "-n", "3", "--verify"], cwd: dir.path)
        #expect(result.exit == 0, "\(result.stderrText)")
        for name in outputs { #expect(dir.exists("D/version-2/" + name), "\(name) must be kept") }
        #expect(!result.stdoutText.contains(".fixed") && !result.stdoutText.contains(".chopped"))
        #expect(names.contains { !dir.exists("D/version-2/" + $0) }, "older files are still removed")

        let dryRun = try PurgeHarness.run(["D", "-n", "3", "--verify", "--dry-run"], cwd: dir.path)
        #expect(
            dryRun.stdoutText.contains(
                "Keeping: D/version-2/log.1.fixed\t(an output of zk-txnlog-toolkit; --verify never counts or removes it)"
            )
        )

        // Upstream's rule removes them as logs of zxid 1.
        let upstream = WorkDirectory()
        _ = try Self.copyServerDirectory("standalone", into: upstream)
        try upstream.copy(upstream.path + "/D/version-2/log.1", to: "D/version-2/log.1.fixed")
        #expect(try PurgeHarness.run(["D", "-n", "3"], cwd: upstream.path).exit == 0)
        #expect(!upstream.exists("D/version-2/log.1.fixed"))
    }

    @Test func dryRunDeletesNothing() throws {
        let dir = WorkDirectory()
        _ = try Self.copyServerDirectory("standalone", into: dir)
        dir.write("D/version-2/log.xyz", [1])
        let before = try dir.afterListing()
        let dry = try PurgeHarness.run(["--dry-run", "D", "-n", "3"], cwd: dir.path)
        #expect(dry.exit == 0)
        #expect(try dir.afterListing() == before)
        #expect(dry.stdoutText.hasPrefix("Dry run: nothing is deleted or created.\n"))

        // It announces exactly what a real run removes, in the same order and with the same dates.
        let real = try PurgeHarness.run(["D", "-n", "3"], cwd: dir.path)
        let announced = dry.stdoutText.split(separator: "\n").filter { $0.hasPrefix("Would remove file: ") }
            .map { line in
                let fields = line.dropFirst("Would remove file: ".count).split(separator: "\t")
                return "Removing file: " + fields[0] + "\t" + fields[1]
            }
        let removed = real.stdoutText.split(separator: "\n").map(String.init)
        #expect(!removed.isEmpty)
        #expect(announced == removed)

        // No version-2 is created by a dry run.
        dir.write("E/notes.txt", [1])
        #expect(try PurgeHarness.run(["E", "-n", "3", "--dry-run"], cwd: dir.path).exit == 0)
        #expect(!dir.exists("E/version-2"))
    }

    @Test func aSecondRunWaitsForTheLock() throws {
        let dir = WorkDirectory()
        Self.workedExample(dir)
        let fd = open(dir.path + "/A/version-2", O_RDONLY | O_DIRECTORY)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let busy = try PurgeHarness.run(["A", "-n", "3", "--lock-timeout=0"], cwd: dir.path)
        #expect(busy.exit == 1)
        #expect(busy.stdout.isEmpty)
        #expect(busy.stderrText.contains("another purge is running on A/version-2"))
        #expect(dir.exists("A/version-2/log.1"))
        let timedOut = try PurgeHarness.run(["A", "-n", "3", "--lock-timeout=0.3"], cwd: dir.path)
        #expect(timedOut.exit == 1)
        #expect(timedOut.stderrText.contains("gave up"))
        close(fd)
        let free = try PurgeHarness.run(["A", "-n", "3", "--lock-timeout=0"], cwd: dir.path)
        #expect(free.exit == 0)
        #expect(!dir.exists("A/version-2/log.1"))
        #expect(!dir.exists("A/version-2/.zk-purge.lock"))
        #expect(try PurgeHarness.run(["A", "-n", "3", "--lock-timeout=x"], cwd: dir.path).exit == 2)
    }

    /// A directory of 2,000 files: the newest 3 snapshots and the logs they need are kept.
    /// (Its speed is measured by bin/bench's `purge-2000` case, not here.)
    @Test func purgesTwoThousandFiles() throws {
        let dir = WorkDirectory()
        for i in 0..<1000 {
            dir.write("A/version-2/log." + String(i * 100 + 1, radix: 16), [1])
            dir.write("A/version-2/snapshot." + String(i * 100 + 50, radix: 16), Self.plain)
        }
        let result = try PurgeHarness.run(["A", "-n", "3"], cwd: dir.path)
        #expect(result.exit == 0)
        #expect(result.stdoutText.split(separator: "\n").count == 1994)
        let kept =
            [99701, 99801, 99901].map { "log." + String($0, radix: 16) }
            + [99750, 99850, 99950].map { "snapshot." + String($0, radix: 16) }
        #expect(dir.list("A/version-2").sorted() == kept.sorted())
    }

    @Test func zkCleanupReadsTheConfig() throws {
        let dir = WorkDirectory()
        Self.workedExample(dir, "data")
        dir.write(
            "conf/zoo.cfg",
            Array("tickTime=2000\r\n# dataDir=/wrong\r\n  dataDir = \(dir.path)/data  \r\nclientPort=2181\r\n".utf8)
        )
        let script = FixturePaths.root + "/bin/zkCleanup.sh"
        var env = ["TZ": "UTC", "LANG": "C.UTF-8", "ZK_PURGE_TXNLOG": PurgeHarness.binary]
        env["ZOOCFGDIR"] = dir.path + "/conf"
        let result = try PurgeHarness.run(executable: script, ["-n", "3"], cwd: dir.path, environment: env)
        #expect(result.stderrText == "")
        #expect(
            result.stdoutText == """
                Removing file: Nov 14, 2023, 10:17:51 PM\t\(dir.path)/data/version-2/log.1
                Removing file: Nov 14, 2023, 10:17:59 PM\t\(dir.path)/data/version-2/snapshot.5

                """
        )
        #expect(result.exit == 0)

        // --config, and a separate dataLogDir.
        dir.write("conf2/zoo.cfg", Array("dataDir=\(dir.path)/snaps\ndataLogDir: \(dir.path)/logs\n".utf8))
        dir.write("logs/version-2/log.1", [1])
        dir.write("snaps/version-2/snapshot.1", Self.plain)
        env["ZOOCFGDIR"] = nil
        let second = try PurgeHarness.run(
            executable: script,
            ["--config", dir.path + "/conf2", "-n", "3"],
            cwd: dir.path,
            environment: env
        )
        #expect(second.exit == 0)
        #expect(second.stdoutText == "" && second.stderrText == "")

        // No config: upstream's `Path '<cwd>' does not exist.`, plus a note.
        env["ZOOCFGDIR"] = dir.path + "/missing"
        let third = try PurgeHarness.run(executable: script, ["-n", "3"], cwd: dir.path, environment: env)
        #expect(third.exit == 1)
        #expect(
            third.stderrText
                == "zkCleanup.sh: cannot read ZooKeeper config \(dir.path)/missing/zoo.cfg\n"
                + "Path '\(dir.path)' does not exist. \n"
        )
    }
}
