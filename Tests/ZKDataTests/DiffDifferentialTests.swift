import Foundation
internal import TestSupport
import Testing
internal import ZKStorage

@testable import ZKData

/// `zkdata diff` against what Java's `SnapshotFormatter -d` output of the two snapshots implies
/// (goldens captured from Java): the added, removed and data-changed paths, and the stat fields
/// Java prints exactly.
@Suite struct DiffDifferentialTests {
    typealias Dump = JavaSnapshotDump

    /// Pairs of real-server snapshots: the same directory, and across codecs and servers.
    static let pairs: [(String, String, String, String)] = [
        ("standalone", "snapshot.0", "standalone", "snapshot.1c"),
        ("standalone", "snapshot.1c", "standalone", "snapshot.40"),
        ("standalone", "snapshot.40", "standalone", "snapshot.60"),
        ("standalone", "snapshot.60", "standalone", "snapshot.74"),
        ("standalone", "snapshot.74", "standalone", "snapshot.8e"),
        ("standalone", "snapshot.0", "standalone", "snapshot.8e"),
        ("standalone", "snapshot.8e", "standalone", "snapshot.1c"),
        ("standalone-nodigest", "snapshot.1d", "standalone-nodigest", "snapshot.74"),
        ("standalone-gz", "snapshot.1c.gz", "standalone-gz", "snapshot.55.gz"),
        ("standalone-gz", "snapshot.55.gz", "standalone-gz", "snapshot.75.gz"),
        ("standalone-snappy", "snapshot.49.snappy", "standalone-snappy", "snapshot.75.snappy"),
        ("standalone-snappy", "snapshot.75.snappy", "standalone-snappy", "snapshot.89.snappy"),
        ("standalone", "snapshot.8e", "standalone-gz", "snapshot.8a.gz"),
        ("standalone-gz", "snapshot.75.gz", "standalone-snappy", "snapshot.75.snappy"),
        ("standalone-snappy", "snapshot.89.snappy", "standalone-nodigest", "snapshot.74"),
        ("ensemble-server1", "snapshot.100000015", "ensemble-server2", "snapshot.100000015"),
        ("ensemble-server1", "snapshot.200000008", "ensemble-server2", "snapshot.20000001d"),
    ]

    @Test(arguments: pairs.indices)
    func changedPathsMatchJava(_ index: Int) throws {
        let (caseA, nameA, caseB, nameB) = Self.pairs[index]
        let a = Dump.fixture(caseA, nameA)
        let b = Dump.fixture(caseB, nameB)
        guard let javaA = Dump.golden(of: a), let javaB = Dump.golden(of: b) else {
            Issue.record("missing Java golden for \(a) or \(b)")
            return
        }
        let report = try DiffOperation(options: DiffOptions()).run(a: a, b: b)
        let byKind = Dictionary(grouping: report.changes, by: \.kind)
        let added = Set(byKind[.added, default: []].map(\.path))
        let removed = Set(byKind[.removed, default: []].map(\.path))
        let keysA = Set(javaA.order)
        let keysB = Set(javaB.order)
        #expect(added == keysB.subtracting(keysA), "added \(nameA) → \(nameB)")
        #expect(removed == keysA.subtracting(keysB), "removed \(nameA) → \(nameB)")
        #expect(report.nodesA == keysA.count)
        #expect(report.nodesB == keysB.count)

        // Modified: fields Java prints exactly must agree both ways.
        let exact: [(String, DiffField)] = [
            ("cZxid", .czxid), ("mZxid", .mzxid), ("pZxid", .pzxid), ("cversion", .cversion),
            ("dataVersion", .version), ("aclVersion", .aversion), ("ephemeralOwner", .ephemeralOwner),
        ]
        let modified = Dictionary(
            uniqueKeysWithValues: byKind[.modified, default: []].map { ($0.path, Set($0.fields)) }
        )
        var javaModified = 0
        for path in keysA.intersection(keysB) {
            let fa = javaA.nodes[path]?.fields ?? [:]
            let fb = javaB.nodes[path]?.fields ?? [:]
            let ours = modified[path] ?? []
            for (javaName, field) in exact {
                #expect((fa[javaName] != fb[javaName]) == ours.contains(field), "\(path) \(javaName)")
            }
            // Data: Java prints null and empty alike, and times to the second.
            if fa["data"] != fb["data"] {
                #expect(ours.contains(.data), "\(path) data")
            } else if ours.contains(.data) {
                #expect(fa["data"] == "", "\(path): data differs only as null vs empty")
            }
            for (javaName, field) in [("ctime", DiffField.ctime), ("mtime", .mtime)] where fa[javaName] != fb[javaName]
            {
                #expect(ours.contains(field), "\(path) \(javaName)")
            }
            if fa != fb { javaModified += 1 }
        }
        // Every modified record differs in something Java shows, or in the ACL / sub-second time.
        #expect(modified.count >= javaModified)
        #expect(report.isIdentical == (added.isEmpty && removed.isEmpty && modified.isEmpty))
    }

    @Test func sameSnapshotOnTwoServersDiffersOnlyInTheLocalConfigNode() throws {
        // Both ensemble members wrote snapshot.100000015 from the same txns; their ACL caches may
        // number the same lists differently. Each server sets /zookeeper/config's mtime itself
        // when it reads its config, which Java's -d outputs show too.
        let a = Dump.fixture("ensemble-server1", "snapshot.100000015")
        let b = Dump.fixture("ensemble-server2", "snapshot.100000015")
        guard let javaA = Dump.golden(of: a), let javaB = Dump.golden(of: b) else {
            Issue.record("missing Java golden")
            return
        }
        #expect(javaA.order.sorted() == javaB.order.sorted())
        let javaDiffering = javaA.order.filter { javaA.nodes[$0]?.fields != javaB.nodes[$0]?.fields }
        #expect(javaDiffering == ["/zookeeper/config"])
        let fa = javaA.nodes["/zookeeper/config"]?.fields ?? [:]
        let fb = javaB.nodes["/zookeeper/config"]?.fields ?? [:]
        #expect(fa.keys.filter { fa[$0] != fb[$0] } == ["mtime"])
        let report = try DiffOperation(options: DiffOptions()).run(a: a, b: b)
        #expect(report.changes.map(\.path) == ["/zookeeper/config"])
        #expect(report.changes.first?.fields == [.mtime])
        let ignoringTimes = try DiffOperation(options: DiffOptions(ignore: [.time])).run(a: a, b: b)
        #expect(ignoringTimes.isIdentical)
    }

    /// The same content in two codecs: gzip's and snappy-java's own compressors over a plain
    /// snapshot (a .gz/.snappy snapshot is the compressed plain stream, `SnapStream`).
    @Test func identicalContentInOtherCodecsIsIdentical() throws {
        let work = WorkDirectory()
        let plain = Dump.fixture("standalone", "snapshot.8e")
        try work.copy(plain, to: "snapshot.8e")
        let gz = try ToolRunner.run("/bin/sh", ["-c", "gzip -c snapshot.8e > snapshot.8e.gz"], cwd: work.path)
        #expect(gz.exit == 0)
        let source = """
            import java.nio.file.*;
            public class Snap {
              public static void main(String[] a) throws Exception {
                try (var out = new org.xerial.snappy.SnappyOutputStream(Files.newOutputStream(Path.of(a[1])))) {
                  out.write(Files.readAllBytes(Path.of(a[0])));
                }
              }
            }
            """
        work.write("Snap.java", Array(source.utf8))
        let snappy = try ToolRunner.run(
            "/usr/bin/java",
            ["-cp", "/usr/share/java/snappy-java.jar", "Snap.java", "snapshot.8e", "snapshot.8e.snappy"],
            cwd: work.path
        )
        #expect(snappy.exit == 0, "java: \(snappy.stderrText)")
        for other in ["snapshot.8e.gz", "snapshot.8e.snappy"] {
            let report = try DiffOperation(options: DiffOptions()).run(a: plain, b: work.path + "/" + other)
            #expect(report.changes == [], "\(other)")
            #expect(report.nodesA == 71)
            #expect(report.nodesB == 71)
        }
        let cli = try ToolRunner.run(
            "zkdata",
            ["diff", plain, "snapshot.8e.snappy", "--format", "ndjson"],
            cwd: work.path
        )
        #expect(cli.exit == 0)
        #expect(cli.stdout.isEmpty)
    }

    @Test func exitCodesAndRecords() throws {
        let work = WorkDirectory()
        let a = Dump.fixture("standalone", "snapshot.74")
        let b = Dump.fixture("standalone", "snapshot.8e")
        let same = try ToolRunner.run("zkdata", ["diff", a, a], cwd: work.path)
        #expect(same.exit == 0)
        let different = try ToolRunner.run("zkdata", ["diff", a, b, "--format", "ndjson"], cwd: work.path)
        #expect(different.exit == 1)
        let lines = different.stdoutText.split(separator: "\n")
        #expect(lines.count == 14)
        #expect(lines.contains(#"{"path":"/final","change":"added","fields":[],"bytes_b":6}"#))
        #expect(lines.contains(#"{"path":"/app/null","change":"removed","fields":[],"bytes_a":-1}"#))
        #expect(
            lines.first == #"{"path":"/","change":"modified","fields":["cversion","pzxid"],"bytes_a":0,"bytes_b":0}"#
        )
        let missing = try ToolRunner.run("zkdata", ["diff", a, "nope"], cwd: work.path)
        #expect(missing.exit == 2)
        #expect(missing.stderrLines.count == 1)
        let noData = try ToolRunner.run(
            "zkdata",
            ["diff", "--data-dir", ".", "--from", "1", "--to", "2"],
            cwd: work.path
        )
        #expect(noData.exit == 2)
        #expect(noData.stderrLines.count == 1)
        let usage = try ToolRunner.run("zkdata", ["diff", a], cwd: work.path)
        #expect(usage.exit == 64)
    }

    @Test func ignoreAndPrefix() throws {
        let a = Dump.fixture("standalone", "snapshot.74")
        let b = Dump.fixture("standalone", "snapshot.8e")
        guard let javaA = Dump.golden(of: a), let javaB = Dump.golden(of: b) else {
            Issue.record("missing Java golden")
            return
        }
        // The ephemerals (by Java's ephemeralOwner) that come or go between the two.
        func isEphemeral(_ n: Dump.Node?) -> Bool {
            guard let owner = n?.fields["ephemeralOwner"], owner != "0x00000000000000" else { return false }
            return !owner.hasPrefix("0x80") && !owner.hasPrefix("0xff")
        }
        let all = try DiffOperation(options: DiffOptions()).run(a: a, b: b)
        let ephemeralChanges = all.changes.filter {
            $0.kind != .modified && isEphemeral(javaA.nodes[$0.path] ?? javaB.nodes[$0.path])
        }
        #expect(ephemeralChanges.map(\.path) == ["/holders/restart-eph0", "/many/late03", "/many/late09"])
        let noEphemerals = try DiffOperation(options: DiffOptions(ignore: [.ephemeral])).run(a: a, b: b)
        #expect(
            noEphemerals.changes.map(\.path)
                == all.changes.map(\.path).filter { !ephemeralChanges.map(\.path).contains($0) }
        )
        let noStat = try DiffOperation(options: DiffOptions(ignore: [.stat])).run(a: a, b: b)
        #expect(
            noStat.changes.allSatisfy { $0.kind != .modified || $0.fields.allSatisfy { [.data, .acl].contains($0) } }
        )
        #expect(!noStat.changes.contains { $0.path == "/" })
        let app = try DiffOperation(options: DiffOptions(prefix: "/app/")).run(a: a, b: b)
        #expect(app.changes.map(\.path) == ["/app", "/app/null"])
    }
}

/// A snapshot that holds one path twice (written by no server, but Java reads it: its map keeps
/// the last record). Java's own `SnapshotFormatter -d` on the crafted file says what the tree is.
@Suite struct DiffRepeatedPathTests {
    static let javaClasspath = [
        "zookeeper", "zookeeper-jute", "commons-cli", "slf4j-api", "slf4j-nop", "snappy-java",
        "jackson-databind", "jackson-core", "jackson-annotations", "metrics-core", "commons-io",
    ]
    .map { "/usr/share/java/\($0).jar" }.joined(separator: ":")

    @Test func lastRecordOfARepeatedPathWins() throws {
        // A digest-less snapshot ends after seal #1, so only that seal needs recomputing.
        let original = JavaSnapshotDump.fixture("standalone-nodigest", "snapshot.74")
        let bytes = try FixturePaths.read(original)
        // The record of /app/bin (a leaf) and the offset of the terminator.
        var reader = try SnapshotReader(path: original, readAhead: false)
        try reader.readSessions { _, _ in }
        try reader.readACLCache { _, _ in }
        var start: Int?
        var end: Int?
        while let r = try reader.nextNode() {
            if start != nil && end == nil { end = r.offset }
            if String(decoding: r.path, as: UTF8.self) == "/app/bin" { start = r.offset }
        }
        let terminator = reader.offset - 5
        let tail = try reader.readTail()
        guard let start, let end, let seal = tail.seals.first, tail.seals.count == 1 else {
            Issue.record("unexpected fixture layout")
            return
        }
        // The repeat: the same record with its data's first byte changed.
        var repeated = Array(bytes[start..<end])
        let dataAt = 4 + Int("/app/bin".utf8.count) + 4
        repeated[dataAt] = repeated[dataAt] == UInt8(ascii: "y") ? UInt8(ascii: "z") : UInt8(ascii: "y")
        var crafted = Array(bytes[..<terminator]) + repeated + Array(bytes[terminator..<seal.offset])
        let checksum = crafted.withUnsafeBytes { Adler32.checksum($0) }
        var w = ByteWriter()
        w.writeInt64(Int64(checksum))
        crafted += w.bytes + Array(bytes[(seal.offset + 8)...])
        let work = WorkDirectory()
        work.write("snapshot.74", crafted)

        let java = try ToolRunner.run(
            "/usr/bin/java",
            ["-cp", Self.javaClasspath, "org.apache.zookeeper.server.SnapshotFormatter", "-d", "snapshot.74"],
            cwd: work.path
        )
        #expect(java.exit == 0, "java: \(java.stderrText)")
        let javaView = JavaSnapshotDump(text: java.stdoutText)
        let javaOriginal = JavaSnapshotDump.golden(of: original)
        let changedData = javaView.nodes["/app/bin"]?.fields["data"]
        #expect(changedData != nil && changedData != javaOriginal?.nodes["/app/bin"]?.fields["data"])

        let report = try DiffOperation(options: DiffOptions()).run(a: original, b: work.path + "/snapshot.74")
        #expect(
            report.changes == [DiffChange(path: "/app/bin", kind: .modified, fields: [.data], bytesA: 200, bytesB: 200)]
        )
        #expect(report.nodesB == javaView.order.count)
        // And as side A: the fingerprint keeps the last record.
        let reverse = try DiffOperation(options: DiffOptions()).run(a: work.path + "/snapshot.74", b: original)
        #expect(reverse.changes.map(\.path) == ["/app/bin"])
        let same = try DiffOperation(options: DiffOptions()).run(
            a: work.path + "/snapshot.74",
            b: work.path + "/snapshot.74"
        )
        #expect(same.isIdentical)
    }

    /// Two points in time of one directory: ZooKeeper's own classes rebuild both trees
    /// (`Conformance/java/ReplayAt.java`: FileSnap + processTransaction + FileSnap.serialize), and
    /// `diff A B` of Java's two snapshots must be what `diff --data-dir --from --to` reports.
    @Test func pointsInTimeEqualJavaReplayedSnapshots() throws {
        let work = WorkDirectory()
        let dir = FixturePaths.fixtures + "/zk-3.8.0/standalone"
        let replayAt = FixturePaths.root + "/Conformance/java/ReplayAt.java"
        for zxid in ["0x1d", "0x8e"] {
            let java = try ToolRunner.run(
                "/usr/bin/java",
                [
                    "-XX:-UsePerfData", "-cp", "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-nop.jar", replayAt,
                    dir + "/version-2", zxid, work.path + "/snapshot." + zxid.dropFirst(2),
                ],
                cwd: work.path
            )
            #expect(java.exit == 0, "java: \(java.stderrText)")
        }
        let ofJava = try ToolRunner.run(
            "zkdata",
            ["diff", "snapshot.1d", "snapshot.8e", "--format", "ndjson"],
            cwd: work.path
        )
        let replayed = try ToolRunner.run(
            "zkdata",
            ["diff", "--data-dir", dir, "--from", "0x1d", "--to", "0x8e", "--format", "ndjson"],
            cwd: work.path
        )
        #expect(ofJava.exit == 1)
        #expect(replayed.exit == 1)
        #expect(replayed.stderr.isEmpty)
        #expect(replayed.stdoutText == ofJava.stdoutText)
        #expect(replayed.stdoutText.contains(#"{"path":"/acl","change":"added","fields":[],"bytes_b":8}"#))
        let unreachable = try ToolRunner.run(
            "zkdata",
            ["diff", "--data-dir", dir, "--from", "0x1d", "--to", "0x999"],
            cwd: work.path
        )
        #expect(unreachable.exit == 2)
        #expect(
            unreachable.stderrText == "zkdata diff: error: --to 0x999: the logs end at 0x91: 0x999 cannot be reached\n"
        )
    }
}
